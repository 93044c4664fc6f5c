/**
 * The `sampling-gate` CLI as scripts and clients use it (CONTRACT.md section 7): the --json shapes,
 * exit codes, one-line errors, client-config snippets that work as printed, and `connect` starting a
 * headless gate when none runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, EVERYTHING, textOf } from '../support/sampling-client.js';
import { runCli, serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';

const CONFIG = `# keep me
servers:
  everything:
${serverEntry(EVERYTHING, ['stdio'])}
  auto:
${serverEntry(EVERYTHING, ['stdio'], '    trust: trust\n')}
`;
let gate: RunningGate;

beforeAll(async () => {
  gate = await startGate(tempDataDir(CONFIG));
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
});

describe('CLI against a running gate', () => {
  it('pending --json and history --json have the contract shapes', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'everything' });
    try {
      const call = c.call('trigger-sampling-request', { prompt: 'shape check', maxTokens: 12 });
      await gate.nextPending('everything');
      const pending = await gate.cli('pending', '--json');
      expect(pending.code).toBe(0);
      const [p] = JSON.parse(pending.stdout) as Record<string, unknown>[];
      expect(Object.keys(p!)).toEqual(expect.arrayContaining(['id', 'server', 'sessionId', 'receivedAt', 'request', 'flags']));
      expect(p).toMatchObject({ server: 'everything', request: { maxTokens: 12 } });
      expect((await gate.cli('deny', String(p!.id), '--reason', 'shape')).code).toBe(0);
      await call;
      const history = await gate.cli('history', '--json', '--server', 'everything', '--search', 'shape');
      const [h] = JSON.parse(history.stdout) as Record<string, unknown>[];
      expect(Object.keys(h!)).toEqual(
        expect.arrayContaining(['id', 'server', 'sessionId', 'receivedAt', 'decidedAt', 'completedAt', 'outcome', 'decidedBy', 'rule', 'reason', 'request', 'finalRequest', 'response', 'flags']),
      );
      expect(h).toMatchObject({ id: p!.id, outcome: 'denied', decidedBy: 'user', reason: 'shape' });
    } finally {
      await c.close();
    }
  });

  it('history filters, newest first, and CSV', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'auto' });
    try {
      await c.call('trigger-sampling-request', { prompt: 'first zebra', maxTokens: 5 });
      await c.call('trigger-sampling-request', { prompt: 'second zebra', maxTokens: 5 });
    } finally {
      await c.close();
    }
    const rows = JSON.parse((await gate.cli('history', '--json', '--server', 'auto')).stdout) as { request: unknown; receivedAt: string }[];
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows[0]!.request)).toContain('second zebra');
    expect(rows[0]!.receivedAt >= rows[1]!.receivedAt).toBe(true);
    expect(JSON.parse((await gate.cli('history', '--json', '--search', 'zebra', '--limit', '1')).stdout)).toHaveLength(1);
    expect(JSON.parse((await gate.cli('history', '--json', '--since', '2999-01-01T00:00:00Z')).stdout)).toEqual([]);
    const csv = await gate.cli('history', '--csv', '--server', 'auto');
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^id,kind,server,sessionId,era,receivedAt/);
    expect(csv.stdout).toContain('auto-approved');
  });

  it('servers --json lists id, trust, transport, sessions, lastRequestAt', async () => {
    const list = JSON.parse((await gate.cli('servers', '--json')).stdout) as Record<string, unknown>[];
    expect(list.map((s) => Object.keys(s).sort())).toEqual([
      ['id', 'lastRequestAt', 'sessions', 'transport', 'trust'],
      ['id', 'lastRequestAt', 'sessions', 'transport', 'trust'],
    ]);
    expect(list).toContainEqual(expect.objectContaining({ id: 'auto', trust: 'trust', transport: 'stdio' }));
  });

  it('trust changes the running gate and keeps the comments of config.yaml', async () => {
    expect((await gate.cli('trust', 'everything', 'deny')).code).toBe(0);
    expect(readFileSync(join(gate.dataDir, 'config.yaml'), 'utf8')).toMatch(/^# keep me\n/);
    const list = JSON.parse((await gate.cli('servers', '--json')).stdout) as { id: string; trust: string }[];
    expect(list.find((s) => s.id === 'everything')!.trust).toBe('deny');
    expect((await gate.cli('trust', 'everything', 'ask')).code).toBe(0);
  });

  it('client-config prints a snippet that works as printed', async () => {
    const out = await gate.cli('client-config', 'everything');
    expect(out.code).toBe(0);
    const snippet = JSON.parse(out.stdout) as { mcpServers: Record<string, { command: string; args: string[] }>; streamableHttp: Record<string, { url: string; headers: Record<string, string> }> };
    const entry = snippet.mcpServers.everything!;
    expect(entry.args).toEqual(expect.arrayContaining(['connect', 'everything', '--data-dir', gate.dataDir]));
    const client = new Client({ name: 'snippet', version: '1' });
    await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args }));
    expect(textOf((await client.callTool({ name: 'echo', arguments: { message: 'snippet' } })) as never)).toBe('Echo: snippet');
    await client.close();
    expect(snippet.streamableHttp.everything!.url).toBe(gate.mcpUrl('everything'));
    expect(snippet.streamableHttp.everything!.headers.Authorization).toBe(`Bearer ${gate.token}`);
  });

  it('exit codes: 2 for bad usage, 1 for a failed operation, each error one line', async () => {
    for (const args of [['frobnicate'], ['trust', 'everything'], ['trust', 'everything', 'maybe'], ['history', '--json', '--csv'], ['history', '--limit', 'x'], ['pending', '--bogus']]) {
      const r = await gate.cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    for (const args of [['approve', 'no-such-id'], ['deny', 'no-such-id'], ['trust', 'nope', 'deny'], ['client-config', 'nope']]) {
      const r = await gate.cli(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('a second gate on the same data directory is refused', async () => {
    const r = await runCli(['serve', '--port', '0', '--data-dir', gate.dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already running/);
  });
});

describe('CLI without a running gate', () => {
  it('pending fails with one line; history and servers read the files', async () => {
    const dir = tempDataDir(CONFIG);
    const pending = await runCli(['pending', '--data-dir', dir]);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toMatch(/no gate is running/);
    expect(JSON.parse((await runCli(['history', '--json', '--data-dir', dir])).stdout)).toEqual([]);
    const servers = JSON.parse((await runCli(['servers', '--json', '--data-dir', dir])).stdout) as { id: string; sessions: number }[];
    expect(servers.map((s) => [s.id, s.sessions])).toEqual([['everything', 0], ['auto', 0]]);
  });

  it('connect starts a headless gate when none runs, and it keeps running for the next client', async () => {
    const dir = tempDataDir(CONFIG);
    const env = { ...process.env, SAMPLING_GATE_HEADLESS: '1' };
    const first = new Client({ name: 'auto-start', version: '1' });
    await first.connect(new StdioClientTransport({ command: process.execPath, args: [join(import.meta.dirname, '..', '..', 'bin', 'sampling-gate.js'), 'connect', 'everything', '--data-dir', dir], env: env as Record<string, string> }));
    try {
      expect(textOf((await first.callTool({ name: 'echo', arguments: { message: 'auto' } })) as never)).toBe('Echo: auto');
      const lock = JSON.parse(readFileSync(join(dir, 'gate.json'), 'utf8')) as { pid: number; url: string };
      expect(lock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await first.close();
      const servers = await runCli(['servers', '--json', '--data-dir', dir]);
      expect(servers.code).toBe(0);
      process.kill(lock.pid, 'SIGTERM');
      await waitFor(async () => {
        try {
          process.kill(lock.pid, 0);
          return undefined;
        } catch {
          return true;
        }
      }, 'the auto-started gate to stop');
    } finally {
      await first.close().catch(() => {});
    }
  });
});
