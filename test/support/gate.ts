/**
 * A real headless gate for integration tests: `node bin/sampling-gate.js serve --port 0` (the built
 * CLI) on a data directory, with helpers to call its API over the real control socket and to run
 * one-shot CLI commands against it. Start it again on the same directory to test a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GateMethod, GateMethodResults, GateParams } from '../../shared/api.js';
import type { PendingRequest, SamplingEvent } from '../../shared/types.js';
import { callGate } from '../../cli/control-client.js';
import { dataPaths } from '../../core/paths.js';
import { GATE_BIN } from './sampling-client.js';

export interface RunningGate {
  dataDir: string;
  url: string;
  /** The web UI URL (token included) when started with --ui. */
  uiUrl: string | null;
  token: string;
  mcpUrl(serverId: string): string;
  /** The gate API over the control socket; throws on an error result. */
  api<M extends GateMethod>(method: M, params: GateParams<M>): Promise<GateMethodResults[M]>;
  cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** `cli(...args, '--json')`, parsed; throws on a non-zero exit. */
  json<T>(...args: string[]): Promise<T>;
  /** Wait until a request from `server` is pending (optionally: one not in `seen`). */
  nextPending(server: string, timeoutMs?: number): Promise<PendingRequest>;
  /** Wait until the history row of `id` has left `pending` and is completed. */
  settled(id: string, timeoutMs?: number): Promise<SamplingEvent>;
  output(): string;
  /** SIGTERM and wait; the data directory stays (see `remove`). */
  stop(): Promise<void>;
  remove(): void;
}

export function tempDataDir(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-it-'));
  writeFileSync(join(dir, 'config.yaml'), config);
  return dir;
}

/** `env`: added to the gate's environment (e.g. a temporary HOME whose client files it should find). */
export async function startGate(dataDir: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunningGate> {
  const child: ChildProcess = spawn(process.execPath, [GATE_BIN, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SAMPLING_GATE_LOG: 'debug', ...env },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const wantsUi = extraArgs.includes('--ui');
  const ready = await waitFor(
    async () => {
      if (child.exitCode !== null) return null;
      const listening = /^listening (\S+)$/m.exec(out)?.[1];
      const ui = /^ui (\S+)$/m.exec(out)?.[1] ?? null;
      return listening && (ui || !wantsUi) ? { url: listening, uiUrl: ui } : undefined;
    },
    'the gate to listen',
    30_000,
  );
  if (!ready) throw new Error(`the gate exited:\n${out}`);
  const { url, uiUrl } = ready;
  const socket = dataPaths(dataDir).socket;
  const api = async <M extends GateMethod>(method: M, params: GateParams<M>): Promise<GateMethodResults[M]> => {
    const r = await callGate(socket, method, params);
    if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  const seen = new Set<string>();
  const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);
  return {
    dataDir,
    url,
    uiUrl,
    token: readFileSync(join(dataDir, 'token'), 'utf8').trim(),
    mcpUrl: (id) => `${url}/servers/${encodeURIComponent(id)}/mcp`,
    api,
    cli,
    json: async <T>(...args: string[]): Promise<T> => {
      const r = await cli(...args, '--json');
      if (r.code !== 0) throw new Error(`sampling-gate ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    },
    nextPending: (server, timeoutMs = 30_000) =>
      waitFor(async () => {
        const p = (await api('approvals.list', {})).find((x) => x.server === server && !seen.has(x.id + x.stage));
        if (p) seen.add(p.id + p.stage);
        return p;
      }, `a pending request from ${server}`, timeoutMs),
    settled: (id, timeoutMs = 30_000) =>
      waitFor(async () => {
        const e = await api('history.get', { id }).catch(() => undefined);
        return e && e.outcome !== 'pending' && e.completedAt ? e : undefined;
      }, `history row ${id} to settle`, timeoutMs),
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export function runCli(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GATE_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Poll until `check` returns something other than undefined. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The config.yaml servers block for the real peers these tests use. */
export function serverEntry(script: string, args: string[] = [], extra = ''): string {
  return `    command: ${JSON.stringify(process.execPath)}\n    args: ${JSON.stringify([script, ...args])}\n${extra}`;
}
