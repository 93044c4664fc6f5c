/**
 * Runs the MCP conformance suite (`@modelcontextprotocol/conformance`, server mode) against a URL and
 * returns a verdict per scenario, so tests can compare a server measured directly with the same
 * server measured through the gate.
 *
 * The CLI has no JSON summary for server mode; with `-o DIR` it writes one directory per scenario,
 * `server-<scenario>-<ISO timestamp with dashes>/checks.json`, holding that scenario's checks
 * (`status`: SUCCESS | FAILURE | WARNING | SKIPPED | INFO). A scenario counts as passed exactly when
 * the CLI prints ✓ for it: no check with status FAILURE. A scenario skipped as not applicable at
 * the spec version writes no checks.json and is left out.
 *
 * `--suite all` is used because the default "active" suite leaves out the 2026-07-28 scenarios
 * (server-stateless, input-required-result-*, caching, …); `--spec-version` then keeps exactly the
 * scenarios applicable at that revision and runs them on its wire (2025: initialize + sessions;
 * 2026: stateless, per-request `_meta`).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type SpecVersion = '2025-11-25' | '2026-07-28';
export const SPEC_VERSIONS: readonly SpecVersion[] = ['2025-11-25', '2026-07-28'];

export interface CheckRecord {
  id: string;
  status: string;
  errorMessage?: string;
}

export interface ScenarioResult {
  scenario: string;
  passed: boolean;
  succeeded: number;
  failed: number;
  warnings: number;
  /** `id: errorMessage` of each failed check, for assertion messages. */
  failures: string[];
}

export interface ConformanceRun {
  url: string;
  specVersion: SpecVersion;
  /** Scenario name → verdict, in the order the suite ran them. */
  scenarios: Map<string, ScenarioResult>;
  passed: string[];
  failed: string[];
  exitCode: number | null;
  /** The CLI's own stdout (it ends with its `=== SUMMARY ===`), for debugging. */
  stdout: string;
}

export interface RunOptions {
  /** Run only these scenarios (one CLI run each), instead of the whole suite. */
  scenarios?: readonly string[];
  /** Per-scenario timeout handed to the CLI (ms). */
  scenarioTimeoutMs?: number;
  /** Kill the CLI after this long (ms). */
  timeoutMs?: number;
}

const REPO = resolve(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const DIR_PATTERN = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/** The conformance CLI needs Node ≥ 22; the system node here is 20, the project's is in node_modules/.bin. */
export function node22(): string {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 22 ? process.execPath : join(REPO, 'node_modules', '.bin', 'node');
}

export async function runConformance(url: string, specVersion: SpecVersion, options: RunOptions = {}): Promise<ConformanceRun> {
  const outDir = await mkdtemp(join(tmpdir(), 'sg-conformance-'));
  try {
    let stdout = '';
    let exitCode: number | null = 0;
    const targets = options.scenarios ?? [undefined];
    for (const scenario of targets) {
      const args = [CLI, 'server', '--url', url, '--spec-version', specVersion, '-o', outDir];
      args.push(...(scenario === undefined ? ['--suite', 'all'] : ['--scenario', scenario]));
      if (options.scenarioTimeoutMs !== undefined) args.push('--timeout', String(options.scenarioTimeoutMs));
      const run = await runCli(args, options.timeoutMs ?? 300_000);
      stdout += run.stdout;
      if (run.code !== 0) exitCode = run.code;
    }
    const scenarios = await readResults(outDir);
    if (scenarios.size === 0) {
      throw new Error(`conformance produced no results for ${url} at ${specVersion}:\n${stdout.slice(-2000)}`);
    }
    const all = [...scenarios.values()];
    return {
      url,
      specVersion,
      scenarios,
      passed: all.filter((s) => s.passed).map((s) => s.scenario),
      failed: all.filter((s) => !s.passed).map((s) => s.scenario),
      exitCode,
      stdout,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

function runCli(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    // The suite talks only to the URL it is given (127.0.0.1 in our tests); no proxy, no telemetry.
    const child = spawn(node22(), args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`conformance timed out after ${timeoutMs} ms:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout: stdout + (stderr ? `\n[stderr]\n${stderr}` : '') });
    });
  });
}

async function readResults(outDir: string): Promise<Map<string, ScenarioResult>> {
  const dirs = (await readdir(outDir)).sort();
  const results = new Map<string, ScenarioResult>();
  for (const dir of dirs) {
    const match = DIR_PATTERN.exec(dir);
    if (!match?.[1]) continue;
    let checks: CheckRecord[];
    try {
      checks = JSON.parse(await readFile(join(outDir, dir, 'checks.json'), 'utf8')) as CheckRecord[];
    } catch {
      continue; // not applicable at this spec version: the CLI made the directory but ran nothing
    }
    const failures = checks.filter((c) => c.status === 'FAILURE');
    results.set(match[1], {
      scenario: match[1],
      passed: failures.length === 0,
      succeeded: checks.filter((c) => c.status === 'SUCCESS').length,
      failed: failures.length,
      warnings: checks.filter((c) => c.status === 'WARNING').length,
      failures: failures.map((c) => `${c.id}: ${c.errorMessage ?? 'failed'}`),
    });
  }
  return results;
}

/** Scenarios that pass in `direct` but not in `gated` (missing counts as not passing). */
export function regressions(direct: ConformanceRun, gated: ConformanceRun): ScenarioResult[] {
  const out: ScenarioResult[] = [];
  for (const name of direct.passed) {
    const g = gated.scenarios.get(name);
    if (!g?.passed) {
      out.push(g ?? { scenario: name, passed: false, succeeded: 0, failed: 0, warnings: 0, failures: ['scenario did not run through the gate'] });
    }
  }
  return out;
}

/** One line per run, e.g. `2026-07-28 direct: 27/40 scenarios passed`. */
export function tally(label: string, run: ConformanceRun): string {
  return `${run.specVersion} ${label}: ${run.passed.length}/${run.scenarios.size} scenarios passed`;
}

/**
 * A client scenario's server (`conformance client --scenario X`, no --command): it prints its URL
 * and records what a client does until stopped; `finish` stops it and reads its checks. Any client
 * may then be pointed at the URL — directly, or through the gate.
 */
export async function scenarioServer(scenario: string, timeoutMs = 30_000): Promise<{ url: string; finish(): Promise<CheckRecord[]> }> {
  const outDir = await mkdtemp(join(tmpdir(), 'sg-conformance-client-'));
  const child = spawn(node22(), [CLI, 'client', '--scenario', scenario, '-o', outDir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`scenario ${scenario} did not start:\n${out}`)), timeoutMs);
    const onData = (d: Buffer): void => {
      out += d.toString('utf8');
      const m = /Server URL: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('close', () => reject(new Error(`scenario ${scenario} exited:\n${out}`)));
  });
  return {
    url,
    async finish() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
      try {
        const [dir] = (await readdir(outDir)).filter((d) => d.startsWith(scenario));
        if (!dir) throw new Error(`scenario ${scenario} wrote no checks:\n${out.slice(-2000)}`);
        return JSON.parse(await readFile(join(outDir, dir, 'checks.json'), 'utf8')) as CheckRecord[];
      } finally {
        await rm(outDir, { recursive: true, force: true });
      }
    },
  };
}
