/**
 * The stdio bridge (`sampling-gate connect`) hands its stdin and stdout to the gate, or where it
 * cannot moves bytes unparsed between them and the gate (cli/bridge/): a refusal is one line with
 * the gate's reason; a client whose stdio are FIFOs (as shells and Python's subprocess make them,
 * where Node's child_process makes sockets) gets its session, and a message larger than any pipe
 * holds crosses intact both ways. Handed over, the gate holds the client's pipes itself, lets go of
 * them when the bridge is killed, and ends the bridge when the session ends.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FD_HANDOFF_ADDON, fdPassing } from '../../core/handoff/fd-passing.js';
import { dataPaths } from '../../core/paths.js';
import { EVERYTHING, GATE_BIN } from '../support/sampling-client.js';
import { runCli, serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

let gate: RunningGate;

// `brief`: a server that lives a second, so the gate ends its sessions.
const BRIEF = `    command: ${JSON.stringify(process.execPath)}\n    args: ["-e", "setTimeout(() => {}, 1000)"]\n`;

beforeAll(async () => {
  gate = await startGate(tempDataDir(`servers:\n  everything:\n${serverEntry(EVERYTHING, ['stdio'])}  brief:\n${BRIEF}`));
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

/** The pipe or socket behind `fd` of `pid`, as /proc names it (`pipe:[123]`, `socket:[456]`). */
const endpoint = (pid: number, fd: number): string => readlinkSync(`/proc/${pid}/fd/${fd}`);
/** Whether `pid` holds a descriptor on `what`. */
function holds(pid: number, what: string): boolean {
  return readdirSync(`/proc/${pid}/fd`).some((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === what;
    } catch {
      return false; // closed meanwhile
    }
  });
}
const gatePid = (): number => (JSON.parse(readFileSync(join(gate.dataDir, 'gate.json'), 'utf8')) as { pid: number }).pid;

/** A bridge as Node's child_process starts one (socket pairs), initialized; `env` for the bridge. */
async function bridgeSession(env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [GATE_BIN, 'connect', 'everything', '--data-dir', gate.dataDir], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const answer = (id: number) => waitFor(async () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((m) => m.id === id), `answer ${id} (stderr: ${stderr})`);
  child.stdin!.write(line({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'handoff', version: '1' } } }));
  expect(await answer(1)).toMatchObject({ result: { serverInfo: expect.any(Object) } });
  child.stdin!.write(line({ method: 'notifications/initialized' }));
  return { child, answer, exited, stdin: endpoint(child.pid!, 0), stdout: endpoint(child.pid!, 1) };
}

describe.runIf(process.platform === 'linux')('stdio handed over to the gate', () => {
  it('the gate holds the client’s stdin and stdout itself; the client closing stdin ends the session, the bridge and the gate’s hold', async () => {
    const s = await bridgeSession();
    expect(holds(gatePid(), s.stdin)).toBe(true);
    expect(holds(gatePid(), s.stdout)).toBe(true);
    s.child.stdin!.write(line({ id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'handed' } } }));
    expect(await s.answer(2)).toMatchObject({ result: { content: [{ text: 'Echo: handed' }] } });

    s.child.stdin!.end();
    expect(await s.exited).toBe(0);
    await waitFor(async () => (holds(gatePid(), s.stdin) || holds(gatePid(), s.stdout) ? undefined : true), 'the gate to close the client’s pipes');
  });

  it('the bridge killed: the gate lets go of the client’s pipes (its session is over)', async () => {
    const s = await bridgeSession();
    expect(holds(gatePid(), s.stdin)).toBe(true);
    s.child.kill('SIGKILL');
    await s.exited;
    await waitFor(async () => (holds(gatePid(), s.stdin) || holds(gatePid(), s.stdout) ? undefined : true), 'the gate to close the client’s pipes');
  });

  it('the session ending on the gate’s side (its server exited) ends the bridge', async () => {
    const child = spawn(process.execPath, [GATE_BIN, 'connect', 'brief', '--data-dir', gate.dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await waitFor(async () => (holds(gatePid(), endpoint(child.pid!, 0)) ? true : undefined), 'the gate to take the bridge’s stdin');
    expect(await exited).toBe(0);
  });

  it('SAMPLING_GATE_FD_HANDOFF=0: the bridge copies bytes, the gate holds nothing of the client’s', async () => {
    const s = await bridgeSession({ SAMPLING_GATE_FD_HANDOFF: '0' });
    expect(holds(gatePid(), s.stdin)).toBe(false);
    s.child.stdin!.write(line({ id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'copied' } } }));
    expect(await s.answer(2)).toMatchObject({ result: { content: [{ text: 'Echo: copied' }] } });
    s.child.stdin!.end();
    expect(await s.exited).toBe(0);
  });

  it('stdout to a file: nothing to hand over, the bridge copies bytes', async () => {
    const answers = join(gate.dataDir, 'answers.ndjson');
    const fd = openSync(answers, 'w');
    const child = spawn(process.execPath, [GATE_BIN, 'connect', 'everything', '--data-dir', gate.dataDir], { stdio: ['pipe', fd, 'inherit'] });
    closeSync(fd);
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin!.write(line({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'file', version: '1' } } }) + line({ id: 2, method: 'ping' }));
    const ids = () => readFileSync(answers, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: number }).id);
    await waitFor(async () => (ids().length === 2 ? true : undefined), 'two answers in the file');
    expect(ids()).toEqual([1, 2]);
    expect(holds(gatePid(), endpoint(child.pid!, 0))).toBe(false);
    child.stdin!.end();
    expect(await exited).toBe(0);
  });

  it('a local peer handing over a file instead of pipes: refused with a reason, nothing kept', async () => {
    const file = openSync(join(gate.dataDir, 'config.yaml'), 'r');
    const fd = fdPassing(join(import.meta.dirname, '..', '..', FD_HANDOFF_ADDON))!.send(dataPaths(gate.dataDir).handoff, [file, file]);
    closeSync(file);
    const peer = new Socket({ fd });
    let answer = '';
    peer.on('data', (d: Buffer) => (answer += d.toString('utf8')));
    peer.write('GET /connect/everything HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: mcp-stdio\r\n\r\n');
    await new Promise((r) => peer.once('close', r));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('must be a pipe or a socket');
    expect(holds(gatePid(), join(gate.dataDir, 'config.yaml'))).toBe(false);
  });

  it('a local peer handing over pipes and hanging up before it asks for a server: the gate keeps nothing', async () => {
    const fifo = join(gate.dataDir, 'hangup.fifo');
    execFileSync('mkfifo', [fifo]);
    const end = openSync(fifo, constants.O_RDWR);
    const fd = fdPassing(join(import.meta.dirname, '..', '..', FD_HANDOFF_ADDON))!.send(dataPaths(gate.dataDir).handoff, [end, end]);
    closeSync(end);
    await waitFor(async () => (holds(gatePid(), fifo) ? true : undefined), 'the gate to receive the descriptors');
    closeSync(fd);
    await waitFor(async () => (holds(gatePid(), fifo) ? undefined : true), 'the gate to close them');
  });
});
