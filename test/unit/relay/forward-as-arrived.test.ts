/**
 * The gate parses each message once and forwards a response as it arrived (issue 10): no second
 * JSON.stringify of a large tool result per hop. Requests and notifications are always
 * re-serialised from what the gate decided on: a duplicated key must not read differently to a
 * peer whose parser keeps the first value.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { NdjsonTransport } from '../../../core/relay/ndjson.js';

function pair(): { from: NdjsonTransport; to: NdjsonTransport; input: PassThrough; written: () => string; received: JSONRPCMessage[] } {
  const input = new PassThrough();
  const out = new PassThrough();
  let written = '';
  out.on('data', (c: Buffer) => (written += c.toString('utf8')));
  const from = new NdjsonTransport({ input, output: new PassThrough(), peer: 'server "s"', peerIsClient: false });
  const to = new NdjsonTransport({ input: new PassThrough(), output: out, peer: 'stdio client', peerIsClient: true });
  const received: JSONRPCMessage[] = [];
  from.onmessage = (m) => received.push(m);
  return { from, to, input, written: () => written, received };
}

describe('forwarding as arrived', () => {
  it('a response goes on byte for byte as the gate read it; a request is serialised from what was parsed', async () => {
    const p = pair();
    await p.from.start();
    const response = '{"jsonrpc":"2.0", "id":7, "result":{"content":[{"type":"text","text":"caf\\u00e9  spaced"}]}}';
    const request = '{"jsonrpc":"2.0","id":8,"method":"sampling/createMessage","method":"ping","params":{}}';
    p.input.write(`${response}\n${request}\n`);
    await new Promise((r) => setImmediate(r));
    expect(p.received).toHaveLength(2);
    for (const m of p.received) await p.to.send(m);
    const [first, second] = p.written().split('\n');
    expect(first).toBe(response);
    // The duplicated method is gone: the client sees only what the gate saw.
    expect(second).toBe('{"jsonrpc":"2.0","id":8,"method":"ping","params":{}}');
  });

  it('a changed message is serialised anew, never sent as it came', async () => {
    const p = pair();
    await p.from.start();
    p.input.write('{"jsonrpc":"2.0","id":1,"result":{"a":1}}\n');
    await new Promise((r) => setImmediate(r));
    const m = p.received[0] as { jsonrpc: '2.0'; id: number; result: Record<string, unknown> };
    await p.to.send({ ...m, result: { ...m.result, b: 2 } } as JSONRPCMessage);
    expect(p.written()).toBe('{"jsonrpc":"2.0","id":1,"result":{"a":1,"b":2}}\n');
  });
});
