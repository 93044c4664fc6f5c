/**
 * joinFlow (core/relay/flow.ts) on real NdjsonTransports over streams: past the high-water mark on
 * either side's output, every side that can pause stops reading, and reads again only once every
 * congested output has drained; a side that cannot pause (an HTTP transport) is left alone.
 */
import { PassThrough } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { describe, expect, it } from 'vitest';
import { joinFlow, OUTPUT_HIGH_WATER } from '../../../core/relay/flow.js';
import { NdjsonTransport } from '../../../core/relay/ndjson.js';

function side(): { t: NdjsonTransport; input: PassThrough; output: PassThrough } {
  const input = new PassThrough();
  const output = new PassThrough();
  return { t: new NdjsonTransport({ input, output, peer: 'peer', peerIsClient: false }), input, output };
}

/** Enough to pass the high-water mark, in messages under the frame limit. */
function overflow(t: NdjsonTransport): void {
  const half = 'x'.repeat(OUTPUT_HIGH_WATER / 2 + 1024);
  for (let i = 0; i < 2; i++) void t.send({ jsonrpc: '2.0', method: 'notifications/message', params: { data: half } });
}

const turn = () => new Promise((r) => setImmediate(r));
/** Read everything waiting in `s` (the peer catching up). */
async function drain(s: PassThrough): Promise<void> {
  s.resume();
  await turn();
  await turn();
}

describe('joinFlow', () => {
  it('pauses every side while any output is piled up, and resumes once all have drained', async () => {
    const a = side();
    const b = side();
    joinFlow(a.t, b.t);
    await a.t.start();
    await b.t.start();
    expect(a.input.isPaused() || b.input.isPaused()).toBe(false);

    overflow(a.t);
    expect(a.input.isPaused()).toBe(true);
    expect(b.input.isPaused()).toBe(true);
    overflow(b.t);

    await drain(a.output);
    // b's output still waits: nobody is read yet.
    expect(a.input.isPaused()).toBe(true);
    expect(b.input.isPaused()).toBe(true);

    await drain(b.output);
    expect(a.input.isPaused()).toBe(false);
    expect(b.input.isPaused()).toBe(false);

    // Paused, lines already read are still delivered; once resumed, new ones are read.
    const got: unknown[] = [];
    b.t.onmessage = (m) => got.push(m);
    b.input.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    await turn();
    expect(got).toEqual([{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
  });

  it('a side that cannot pause is left alone; the other still pauses on its own output', async () => {
    const a = side();
    const http: Transport = { start: async () => {}, send: async () => {}, close: async () => {} };
    joinFlow(a.t, http);
    await a.t.start();
    overflow(a.t);
    expect(a.input.isPaused()).toBe(true);
    await drain(a.output);
    expect(a.input.isPaused()).toBe(false);
  });
});
