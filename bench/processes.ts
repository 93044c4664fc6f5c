/**
 * The real processes the relay bench talks to: a headless gate (`sampling-gate serve --port 0`)
 * on a temp data directory, and server-everything in Streamable HTTP mode. Both are registered
 * with cleanup.ts; both are reached on 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup, trackDir, trackPid } from './cleanup.js';
import { EVERYTHING, GATE_BIN, ROOT } from './locations.js';

export interface Started {
  /** The first capture group of the ready pattern. */
  ready: string;
  output(): string;
  pid: number;
}

/**
 * Spawn `node args…` and resolve once its output matches `ready`. Output is kept only as a short
 * tail for error messages: server-everything logs a line per HTTP request, and an unread pipe
 * would eventually block it.
 */
export function startNode(args: string[], ready: RegExp, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<Started> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  trackPid(child.pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  });
  let tail = '';
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => settle(new Error(`not ready after ${timeoutMs} ms: ${args.join(' ')}\n${tail}`)), timeoutMs);
    const settle = (result: Error | string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (typeof result === 'string') resolve({ ready: result, output: () => tail, pid: child.pid ?? 0 });
      else reject(result);
    };
    const onData = (d: Buffer): void => {
      tail = (tail + d.toString('utf8')).slice(-8_000);
      const m = ready.exec(tail);
      if (m) settle(m[1] ?? m[0]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => settle(new Error(`exited (${code ?? signal}) before ready: ${args.join(' ')}\n${tail}`)));
  });
}

/** A port nobody listens on right now (server-everything cannot bind port 0 itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** server-everything's own Streamable HTTP mode; resolves with its MCP URL on 127.0.0.1. */
export async function startEverythingHttp(): Promise<string> {
  const port = await freePort();
  await startNode([EVERYTHING, 'streamableHttp'], /listening on port/i, { PORT: String(port) });
  return `http://127.0.0.1:${port}/mcp`;
}

/** The HTTP floor (json-responder.ts); resolves with its MCP URL. */
export async function startJsonResponder(): Promise<string> {
  const started = await startNode([join(ROOT, 'out', 'node', 'bench', 'json-responder.js')], /^listening (\d+)$/m);
  return `http://127.0.0.1:${started.ready}/mcp`;
}

/**
 * supergateway (stdio → Streamable HTTP, stateful: one server process per session, as the gate
 * keeps one) in front of stdio server-everything; resolves with its MCP URL on 127.0.0.1.
 */
export async function startSupergateway(bin: string): Promise<string> {
  const port = await freePort();
  const stdio = `${JSON.stringify(process.execPath)} ${JSON.stringify(EVERYTHING)} stdio`;
  await startNode([bin, '--stdio', stdio, '--outputTransport', 'streamableHttp', '--stateful', '--port', String(port)], /listening on port|Listening on port/i);
  return `http://127.0.0.1:${port}/mcp`;
}

export interface BenchGate {
  dataDir: string;
  token: string;
  mcpUrl(serverId: string): string;
  pid: number;
  /** The base URL (`http://127.0.0.1:<port>`). */
  url: string;
  /** SIGTERM, and wait until it has exited (its data directory stays until cleanup). */
  stop(): Promise<void>;
}

/**
 * `serve --port 0` with `config` as config.yaml, on a fresh data directory or on `dataDir` (one
 * the bench seeded a history into). `args`: more serve options (`--ui`).
 */
export async function startGate(config: string, opts: { dataDir?: string; args?: string[] } = {}): Promise<BenchGate> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sg-bench-'));
  trackDir(dataDir);
  writeFileSync(join(dataDir, 'config.yaml'), config);
  // Log level info, as a user runs it: debug lines per message would be part of what we measure.
  const started = await startNode([GATE_BIN, 'serve', '--port', '0', '--data-dir', dataDir, ...(opts.args ?? [])], /^listening (http:\/\/127\.0\.0\.1:\d+)$/m, {
    SAMPLING_GATE_LOG: 'info',
  });
  const url = started.ready;
  return {
    dataDir,
    token: readFileSync(join(dataDir, 'token'), 'utf8').trim(),
    mcpUrl: (id) => `${url}/servers/${encodeURIComponent(id)}/mcp`,
    pid: started.pid,
    url,
    stop: async () => {
      try {
        process.kill(started.pid, 'SIGTERM');
      } catch {
        return; // already gone
      }
      for (let i = 0; i < 200; i++) {
        try {
          process.kill(started.pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
