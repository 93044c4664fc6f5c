/**
 * Seeded, mutated JSON-RPC frames for the fuzz test (test/integration/fuzz.test.ts). Frames are
 * built as JSON text from pieces — so an id can be nested 20,000 deep without recursing here — then
 * sometimes mangled as bytes (truncated, a byte flipped, invalid UTF-8, a BOM, a duplicate key).
 * The same seed gives the same frames.
 */

/** mulberry32: small, fast, good enough for choosing mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODERN_META = '{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"sampling":{}}}';
const SAMPLING_PARAMS = '{"messages":[{"role":"user","content":{"type":"text","text":"fuzz"}}],"maxTokens":10}';

export class FrameFuzzer {
  private readonly rand: () => number;

  constructor(seed: number) {
    this.rand = prng(seed);
  }

  chance(p: number): boolean {
    return this.rand() < p;
  }

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  private deep(): string {
    const n = this.pick([50, 129, 300, 5000, 20000]);
    return this.chance(0.5) ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  }

  id(): string {
    if (this.chance(0.45)) return this.chance(0.5) ? String(this.int(1000)) : `"f-${this.int(1000)}"`;
    return this.pick([
      () => '{"toString":0}',
      () => '[]',
      () => this.deep(),
      () => '1.5',
      () => '1e400',
      () => '-0',
      () => '9007199254740993',
      () => 'true',
      () => 'null',
      () => `"${'x'.repeat(2000)}"`,
      () => '{"__proto__":{"polluted":1}}',
      () => '"__proto__"',
      () => '"constructor"',
      () => '"\\ud800"',
    ])();
  }

  method(): string {
    if (this.chance(0.6)) return this.pick(['"tools/list"', '"tools/call"', '"ping"', '"initialize"', '"notifications/cancelled"', '"sampling/createMessage"', '"notifications/progress"', '"server/discover"', '"resources/read"', '"prompts/get"', '"notifications/initialized"']);
    return this.pick(['5', 'null', '{}', '""', '"__proto__"', `"${'m'.repeat(2000)}"`, '["tools/list"]', '"toString"']);
  }

  params(): string {
    return this.pick([
      () => '{}',
      () => '{"name":"echo","arguments":{"text":"fuzz"}}',
      () => `{"name":"echo","arguments":{"text":"fuzz"},"_meta":${MODERN_META}}`,
      () => `{"requestId":${this.id()},"reason":"fuzz"}`,
      () => `{"progressToken":${this.id()},"progress":1}`,
      () => `{"_meta":{"progressToken":${this.id()}}}`,
      () => `{"name":"echo","arguments":{},"requestState":"sg1.${this.pick(['x', 'none', '', '00000000-0000-0000-0000-000000000000'])}.${this.pick(['-', '+', '+sg1.none.+x', '?'])}","inputResponses":${this.pick(['{}', '{"k":{"role":"assistant"}}', '"x"', 'null', this.deep()])},"_meta":${MODERN_META}}`,
      () => `{"protocolVersion":${this.pick(['"2025-06-18"', '5', 'null'])},"capabilities":${this.pick(['"x"', '{"sampling":{"tools":{}},"tasks":{"requests":{"sampling":1}}}', '{"sampling":null}', 'null', '[]'])},"clientInfo":{"name":"f","version":"1"}}`,
      () => SAMPLING_PARAMS,
      () => '"str"',
      () => '5',
      () => 'null',
      () => '[1,2]',
      () => this.deep(),
      () => `{"_meta":${this.pick(['"x"', 'null', '[]', `{"io.modelcontextprotocol/protocolVersion":${this.pick(['5', '{}', '"2026-07-28"'])},"io.modelcontextprotocol/clientCapabilities":${this.pick(['"x"', '{"sampling":5}', 'null'])}}`])}}`,
    ])();
  }

  result(): string {
    return this.pick([
      () => '{}',
      () => '{"content":[{"type":"text","text":"ok"}]}',
      () => `{"resultType":"input_required","inputRequests":{"k":{"method":"sampling/createMessage","params":${this.pick([SAMPLING_PARAMS, '"x"', 'null', this.deep(), '{"messages":"x","maxTokens":-1}'])}}},"requestState":${this.pick(['"s"', '"sg1.x.+y"', '5', 'null'])}}`,
      () => `{"resultType":"input_required","inputRequests":${this.pick(['"x"', 'null', '[]', '{"k":null}', '{"k":{"method":5}}'])}}`,
      () => '[]',
      () => '"x"',
      () => this.deep(),
      () => '{"tools":[{"name":"t","inputSchema":' + this.deep() + '}]}',
    ])();
  }

  error(): string {
    return this.pick(['{"code":-1,"message":"x"}', '{"code":"x"}', '"str"', '{"code":1.5,"message":"m"}', '{"code":-32602,"message":"m","data":' + this.deep() + '}', 'null']);
  }

  private jsonrpc(): string {
    return this.chance(0.85) ? '"jsonrpc":"2.0",' : this.pick(['"jsonrpc":"1.0",', '"jsonrpc":2,', '"jsonrpc":null,', '']);
  }

  /** One frame as JSON text (before byte mangling). `id`: the id to use for responses, when known. */
  text(kind: 'client' | 'server', id?: string): string {
    const j = this.jsonrpc();
    const theId = id !== undefined && this.chance(0.6) ? id : this.id();
    const shapes: (() => string)[] = [
      () => `{${j}"id":${theId},"method":${this.method()}${this.chance(0.8) ? `,"params":${this.params()}` : ''}}`,
      () => `{${j}"method":${this.method()},"params":${this.params()}}`,
      () => `{${j}"id":${theId},"result":${this.result()}}`,
      () => `{${j}"id":${theId},"error":${this.error()}}`,
      () => `{${j}"id":${theId},"method":${this.method()},"result":${this.result()}}`,
      () => `{${j}"id":${theId},"result":${this.result()},"error":${this.error()}}`,
      () => `{${j}"hello":${this.id()}}`,
      () => `[${Array.from({ length: this.int(3) }, () => `{${j}"id":${this.id()},"method":${this.method()}}`).join(',')}]`,
      () => this.pick(['5', '"x"', 'null', 'true', '{}', '[[]]']),
    ];
    // Servers answer and ask; clients mostly ask.
    const weights = kind === 'client' ? [5, 3, 1, 1, 1, 1, 1, 1, 1] : [2, 2, 4, 2, 1, 1, 1, 1, 1];
    let r = this.rand() * weights.reduce((a, b) => a + b, 0);
    let i = 0;
    while (r >= weights[i]!) r -= weights[i++]!;
    return shapes[i]!();
  }

  /** A frame as bytes: the text, sometimes mangled. Never contains a newline unless `allowNewline`. */
  frame(kind: 'client' | 'server', id?: string): Buffer {
    let buf = Buffer.from(this.text(kind, id), 'utf8');
    if (this.chance(0.25)) {
      const op = this.int(7);
      const at = this.int(buf.length + 1);
      if (op === 0) buf = buf.subarray(0, at);
      else if (op === 1 && buf.length > 0) buf[Math.min(at, buf.length - 1)] = this.pick([0x00, 0x22, 0x5c, 0x7b, 0x7d, 0xff, 0xc3]);
      else if (op === 2) buf = Buffer.concat([buf.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc0, 0x80]), buf.subarray(at)]);
      else if (op === 3) buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]);
      else if (op === 4) buf = Buffer.from(buf.toString('utf8').replace(/\}$/, ',"id":{"dup":1}}'), 'utf8');
      else if (op === 5) buf = Buffer.concat([buf, Buffer.from('   garbage')]);
      else buf = Buffer.concat([Buffer.from(' \t'), buf, Buffer.from('\r')]);
    }
    // A frame is one line: a stray newline byte becomes a space.
    for (let i = 0; i < buf.length; i++) if (buf[i] === 0x0a) buf[i] = 0x20;
    return buf;
  }
}
