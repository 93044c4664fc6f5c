/**
 * The stdio bridge (`sampling-gate connect`) moves bytes unparsed between its stdio and the gate
 * (cli/bridge/): a refusal is one line with the gate's reason; a client whose stdio are FIFOs (as
 * shells and Python's subprocess make them, where Node's child_process makes sockets) gets its
 * session, and a message larger than any pipe holds crosses intact both ways.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERYTHING, GATE_BIN } from '../support/sampling-client.js';
import { runCli, serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

let gate: RunningGate;

beforeAll(async () => {
  gate = await startGate(tempDataDir(`servers:\n  everything:\n${serverEntry(EVERYTHING, ['stdio'])}`));
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
});

const line = (m: object): string => JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n';

/**
 * The bridge with FIFOs for stdin and stdout, as a shell or Python's subprocess gives them. No open
 * may wait for the other end: stdin's read end is opened non-blocking (which only reading cares
 * about; the writer opens the other end later), stdout read-write, so blocking as from a shell.
 */
function bridgeOnFifos(name: string): { fifoIn: string; fifoOut: string; child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const fifoIn = join(gate.dataDir, `${name}-in.fifo`);
  const fifoOut = join(gate.dataDir, `${name}-out.fifo`);
  execFileSync('mkfifo', [fifoIn, fifoOut]);
  const childIn = openSync(fifoIn, constants.O_RDONLY | constants.O_NONBLOCK);
  const childOut = openSync(fifoOut, constants.O_RDWR);
  const child = spawn(process.execPath, [GATE_BIN, 'connect', 'everything', '--data-dir', gate.dataDir], { stdio: [childIn, childOut, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  closeSync(childIn);
  closeSync(childOut);
  return { fifoIn, fifoOut, child, stderr: () => stderr, exited };
}

/** Each line the bridge writes to `fifo`, parsed, to `onMessage`; destroy the socket when done. */
function readMessages(fifo: string, onMessage: (m: Record<string, unknown>) => void): Socket {
  const from = new Socket({ fd: openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
  let buffered = '';
  from.on('data', (d: Buffer) => {
    buffered += d.toString('utf8');
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      onMessage(JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>);
      buffered = buffered.slice(nl + 1);
    }
  });
  return from;
}

describe('stdio bridge', () => {
  it('an unknown server: exit 1, the gate’s reason in one line', async () => {
    const r = await runCli(['connect', 'nope', '--data-dir', gate.dataDir], line({ id: 1, method: 'ping' }));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no server "nope" in .*config\.yaml/);
    expect(r.stdout).toBe('');
  });

  it('stdin and stdout as FIFOs: a session, and a 1 MiB echo crosses intact both ways', async () => {
    const { fifoIn, fifoOut, stderr, exited } = bridgeOnFifos('session');
    const toBridge = new Socket({ fd: openSync(fifoIn, constants.O_WRONLY), readable: false, writable: true });
    const messages: Record<string, unknown>[] = [];
    const fromBridge = readMessages(fifoOut, (m) => messages.push(m));
    const answer = (id: number) => waitFor(async () => messages.find((m) => m.id === id), `answer ${id} (stderr: ${stderr()})`);

    toBridge.write(line({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fifo', version: '1' } } }));
    expect(await answer(1)).toMatchObject({ result: { serverInfo: expect.any(Object) } });
    toBridge.write(line({ method: 'notifications/initialized' }));
    // 1 MiB of text, numbered so a lost or reordered chunk shows.
    const big = Array.from({ length: 1024 * 1024 / 8 }, (_, i) => (i % 10_000_000).toString().padStart(7, '0') + ' ').join('');
    toBridge.write(line({ id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: big } } }));
    const echoed = (await answer(2)) as { result: { content: { text: string }[] } };
    expect(echoed.result.content[0]!.text).toBe(`Echo: ${big}`);

    // The client closing stdin ends the session and the bridge.
    toBridge.end();
    expect(await exited).toBe(0);
    fromBridge.destroy();
  });

  it('a client that writes 4 MiB of requests before it reads an answer: the bridge reads on, every answer arrives', async () => {
    const { fifoIn, fifoOut, child, stderr, exited } = bridgeOnFifos('burst');

    // A synchronous client in its own process: blocking writes, answers unread until they return.
    // Were the bridge to block on its full stdout, it would stop reading stdin and the second write
    // would never return.
    const calls = 200;
    const requests =
      line({ id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'sync', version: '1' } } }) +
      line({ method: 'notifications/initialized' }) +
      Array.from({ length: calls }, (_, i) => line({ id: i + 1, method: 'tools/call', params: { name: 'echo', arguments: { message: `${i}:`.padEnd(20 * 1024, 'x') } } })).join('');
    // Half, a pause in which the first half's answers pile up (more than a pipe holds), the rest.
    const client = `const fs = require('fs'); const fd = fs.openSync(process.argv[1], 'w'); const all = fs.readFileSync(0);
      fs.writeSync(fd, all.subarray(0, all.length >> 1)); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
      fs.writeSync(fd, all.subarray(all.length >> 1)); process.stdout.write('written\\n'); setInterval(() => {}, 1000);`;
    const writer = spawn(process.execPath, ['-e', client, fifoIn], { stdio: ['pipe', 'pipe', 'inherit'] });
    writer.stdin!.end(requests);
    try {
      let said = '';
      writer.stdout!.on('data', (d: Buffer) => (said += d.toString('utf8')));
      await waitFor(async () => (said.includes('written') ? true : undefined), `the client's ${(requests.length / 1024 / 1024).toFixed(1)} MiB write to return (stderr: ${stderr()})`, 30_000);

      const answered = new Set<number>();
      const fromBridge = readMessages(fifoOut, (m) => {
        const text = (m as { result?: { content?: { text: string }[] } }).result?.content?.[0]?.text;
        if (typeof m.id === 'number' && m.id > 0 && text?.startsWith(`Echo: ${m.id - 1}:`)) answered.add(m.id);
      });
      await waitFor(async () => (answered.size === calls ? true : undefined), `${calls} answers (got ${answered.size})`, 30_000);

      writer.kill();
      expect(await exited).toBe(0);
      fromBridge.destroy();
    } finally {
      writer.kill();
      child.kill();
    }
  });
});
