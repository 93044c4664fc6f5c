/**
 * The gate's own line reader for stdio, both sides (core/relay/ndjson.ts): one frame limit, a line
 * over it refused alone — with an answer when its first bytes say whose message it was — and
 * malformed lines answered or logged, the stream going on.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineReader, NdjsonTransport, sniffOversized } from '../../../core/relay/ndjson.js';

function collect(max: number): { reader: LineReader; lines: string[]; oversized: { bytes: number; head: string }[] } {
  const lines: string[] = [];
  const oversized: { bytes: number; head: string }[] = [];
  const reader = new LineReader(max, (l) => lines.push(l.toString('utf8')), (bytes, head) => oversized.push({ bytes, head }));
  return { reader, lines, oversized };
}

describe('LineReader', () => {
  it('splits lines across chunk boundaries and strips a trailing CR', () => {
    const { reader, lines } = collect(100);
    for (const c of ['ab', 'c\nde', 'f\r\n', '\n', 'g']) reader.push(Buffer.from(c));
    reader.push(Buffer.from('h\n'));
    expect(lines).toEqual(['abc', 'def', '', 'gh']);
  });

  it('refuses a line over the limit alone, keeping only its head, and reads on', () => {
    const { reader, lines, oversized } = collect(10);
    reader.push(Buffer.from('0123456789'));
    reader.push(Buffer.from('ABCDEF'));
    reader.push(Buffer.from('GH\nok\n'));
    expect(oversized).toEqual([{ bytes: 18, head: '0123456789ABCDEF' }]); // the head is what was read when it went over
    expect(lines).toEqual(['ok']);
    const exact = collect(3);
    exact.reader.push(Buffer.from('abc\r\nabcd\n'));
    expect(exact.lines).toEqual(['abc']);
    expect(exact.oversized).toHaveLength(1);
  });
});

describe('sniffOversized', () => {
  it('names the id and kind of a message written the way SDKs write them', () => {
    expect(sniffOversized('{"jsonrpc":"2.0","id":12,"result":{"content":[{"type":"text","text":"xxxx')).toEqual({ id: 12, kind: 'response' });
    expect(sniffOversized('{"jsonrpc": "2.0", "id": "a\\"b", "method": "tools/call", "params"')).toEqual({ id: 'a"b', kind: 'request' });
    expect(sniffOversized('{"id":1,"jsonrpc":"2.0","result":{')).toBeNull();
    expect(sniffOversized('xxxx')).toBeNull();
  });
});

describe('NdjsonTransport', () => {
  function pair(peerIsClient: boolean) {
    const input = new PassThrough();
    const output = new PassThrough();
    const written: unknown[] = [];
    output.on('data', (d: Buffer) => {
      for (const l of d.toString('utf8').split('\n')) if (l) written.push(JSON.parse(l));
    });
    const t = new NdjsonTransport({ input, output, peer: peerIsClient ? 'stdio client' : 'server "s"', peerIsClient });
    const messages: unknown[] = [];
    const errors: string[] = [];
    t.onmessage = (m) => messages.push(m);
    t.onerror = (e) => errors.push(e.message);
    return { input, t, written, messages, errors };
  }
  const tick = () => new Promise((r) => setImmediate(r));

  it('client side: not JSON gets -32700, an invalid id gets -32600 with id null, and the next message passes', async () => {
    const p = pair(true);
    await p.t.start();
    p.input.write('not json\n{"jsonrpc":"2.0","id":{"toString":0},"method":"tools/list"}\n{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    await tick();
    expect(p.written).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: not JSON' } },
      expect.objectContaining({ id: null, error: expect.objectContaining({ code: -32600 }) }),
    ]);
    expect(p.messages).toEqual([{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
    expect(p.errors).toHaveLength(2);
  });

  it('server side: an oversized response becomes an error for the request it answers; garbage is only logged', async () => {
    const p = pair(false);
    await p.t.start();
    const huge = `{"jsonrpc":"2.0","id":9,"result":{"text":"${'x'.repeat(16 * 1024 * 1024 + 10)}"}}\n`;
    p.input.write('garbage\n');
    p.input.write(huge);
    p.input.write('{"jsonrpc":"2.0","id":10,"result":{}}\n');
    await tick();
    expect(p.written).toEqual([]);
    expect(p.messages).toEqual([
      { jsonrpc: '2.0', id: 9, error: { code: -32603, message: expect.stringContaining('larger than') } },
      { jsonrpc: '2.0', id: 10, result: {} },
    ]);
    expect(p.errors.join('\n')).toMatch(/not JSON[\s\S]*dropped a \d+-byte line/);
  });
  it('the input ending: its last line counts without a newline, then oninputend; the output still works', async () => {
    const p = pair(true);
    const events: string[] = [];
    p.t.onmessage = (m) => events.push(`message ${(m as { id: number }).id}`);
    p.t.oninputend = () => events.push('input ended');
    p.t.onclose = () => events.push('closed');
    await p.t.start();
    p.input.end('{"jsonrpc":"2.0","id":1,"method":"ping"}\n{"jsonrpc":"2.0","id":2,"method":"ping"}');
    await tick();
    expect(events).toEqual(['message 1', 'message 2', 'input ended']);
    await p.t.send({ jsonrpc: '2.0', id: 2, result: {} });
    expect(p.written).toEqual([{ jsonrpc: '2.0', id: 2, result: {} }]);
  });
});
