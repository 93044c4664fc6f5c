/**
 * Starts the real `sampling-gate serve --port 0 --ui` (the built CLI) in a temporary data directory,
 * fronting the real @modelcontextprotocol/server-everything over stdio, and reads the two lines it
 * prints (`listening …`, `ui …`).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

export interface GateProcess {
  dataDir: string;
  httpUrl: string;
  uiUrl: string;
  token: string;
  output(): string;
  stop(): Promise<void>;
}

/** What `npm run build` must have produced for these tests. */
export function missingBuild(): string | null {
  for (const f of ['out/node/cli/main.js', 'out/node/core/http/ui.js', 'out/renderer/index.html']) {
    if (!existsSync(join(ROOT, f))) return f;
  }
  return null;
}

export async function startGate(): Promise<GateProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sampling-gate-e2e-'));
  writeFileSync(
    join(dataDir, 'config.yaml'),
    [
      'defaults:',
      '  trust: ask',
      '  approvalTimeoutSeconds: 120',
      '  rateLimit: { perMinute: 100, perHour: 1000, perDay: 1000, perSession: 100 }',
      'servers:',
      '  everything:',
      `    command: ${JSON.stringify(process.execPath)}`,
      `    args: [${JSON.stringify(EVERYTHING)}, stdio]`,
      // The same server with completions held for review (reviewResponses).
      '  reviewed:',
      `    command: ${JSON.stringify(process.execPath)}`,
      `    args: [${JSON.stringify(EVERYTHING)}, stdio]`,
      '    policy: { reviewResponses: true }',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'sampling-gate.js'), 'serve', '--port', '0', '--ui', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SAMPLING_GATE_HOME: dataDir },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  const deadline = Date.now() + 30_000;
  let httpUrl = '';
  let uiUrl = '';
  while (Date.now() < deadline && !(httpUrl && uiUrl)) {
    httpUrl = /^listening (\S+)$/m.exec(out)?.[1] ?? '';
    uiUrl = /^ui (\S+)$/m.exec(out)?.[1] ?? '';
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!httpUrl || !uiUrl) {
    child.kill('SIGKILL');
    throw new Error(`gate did not start:\n${out}`);
  }
  return {
    dataDir,
    httpUrl,
    uiUrl,
    token: readFileSync(join(dataDir, 'token'), 'utf8').trim(),
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
