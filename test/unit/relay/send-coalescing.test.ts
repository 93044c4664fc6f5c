/**
 * Messages the gate sends to one peer in one turn of the event loop leave in one write (issue 10: a
 * flood's refusals were a system call and a wake-up of the peer each); a message sent alone still
 * goes at once, and every line arrives whole and in order.
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { NdjsonTransport } from '../../../core/relay/ndjson.js';

function counting(): { out: Writable; writes: () => number; text: () => string } {
  let writes = 0;
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      writes++;
      text += chunk.toString('utf8');
      cb();
    },
    writev(chunks, cb) {
      writes++;
      for (const c of chunks) text += (c.chunk as Buffer).toString('utf8');
      cb();
    },
  });
  return { out, writes: () => writes, text: () => text };
}

const reply = (id: number): JSONRPCMessage => ({ jsonrpc: '2.0', id, error: { code: -32000, message: `refused ${id}` } });

describe('sending to a peer', () => {
  it('200 messages sent in one turn: one write, all lines in order', async () => {
    const c = counting();
    const t = new NdjsonTransport({ input: new PassThrough(), output: c.out, peer: 'server "flood"', peerIsClient: false });
    await Promise.all(Array.from({ length: 200 }, (_, i) => t.send(reply(i))));
    expect(c.writes()).toBe(1);
    const lines = c.text().trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number });
    expect(lines.map((l) => l.id)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('one message at a time: each is written before its send resolves', async () => {
    const c = counting();
    const t = new NdjsonTransport({ input: new PassThrough(), output: c.out, peer: 'stdio client', peerIsClient: true });
    for (let i = 0; i < 3; i++) {
      await t.send(reply(i));
      expect(c.writes()).toBe(i + 1);
      expect(c.text().endsWith(`"refused ${i}"}}\n`)).toBe(true);
    }
  });
});
