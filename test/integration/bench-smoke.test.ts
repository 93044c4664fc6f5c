/**
 * `npm run bench` works end to end: the built bench, run with tiny counts, measures every path
 * against its baseline and reports finite numbers. Deliberately no timing assertions — how fast
 * is the bench's own business (docs/bench.md), whether it runs is the test's.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { CORPUS_DIR } from '../../bench/flags.js';
import { blindSplits } from '../../bench/injection-corpus.js';
import type { Row } from '../../bench/results.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BENCH = join(ROOT, 'out', 'node', 'bench', 'run.js');

const PATHS = ['stdio-direct', 'stdio-bridge', 'http-gate-stdio', 'http-direct', 'http-gate-url'];
const EXPECTED = [
  ...PATHS,
  ...PATHS.map((p) => `sampling:${p}`),
  ...PATHS.map((p) => `elicitation:${p}`),
  // The HTTP floor (a raw JSON responder), and the gate's endpoint against it (+ stdio direct).
  'http-floor',
  'http-floor+stdio',
  'http-gate-stdio:floor',
  'provider:direct',
  'provider:gate-stdio',
  'audit:off',
  'audit:sink-up',
  'audit:sink-down',
  'audit:sink-stalled',
  'json:realistic',
  'policy:realistic',
  'policy:realistic-rules',
  'policy:realistic-history',
  'policy:realistic-history-90d',
  'json:large',
  'policy:large',
  'policy:large-rules',
  // Issue 21: the risk flags' recall, false alarms and cost (plus a recall row per corpus family).
  'flags:recall-tune',
  'flags:recall-held-out',
  'flags:false-alarms-tune',
  'flags:false-alarms-held-out',
  // One pair of rows per blind batch present in the corpus.
  ...blindSplits(CORPUS_DIR).flatMap((b) => [`flags:recall-${b}`, `flags:false-alarms-${b}`]),
  'flags:false-alarms-readmes',
  'flags:cost-5kb',
  // Issue 10: history at scale, load, the web UI.
  'history:json',
  'history:disk',
  'history:search-rare-old',
  'history:search-rare',
  'history:search-common-old',
  'history:search-common',
  // Issue 23: History at a glance.
  'history:list-first',
  'history:stats',
  'history:stats-server-30d',
  'history:stats-search-common',
  'history:stats-no-index',
  'history:page-full',
  'history:page-list',
  'hold:policy',
  'hold:events',
  'retention:idle',
  'retention:prune',
  'admission:0',
  'admission:10k',
  'admission:seeded',
  'flood:idle',
  'flood:during',
  'sessions:direct',
  'sessions:bridge',
  'sessions:mixed',
  // What each route's processes spend per echo, read from Linux's /proc.
  ...(process.platform === 'linux' ? ['sessions:cpu-direct', 'sessions:cpu-bridge', 'sessions:cpu-mixed', 'sessions:wakeups-direct', 'sessions:wakeups-bridge'] : []),
  'rss:node',
  'rss:gate',
  'ui:burst-1',
  'ui:burst',
  'ui:bytes-1',
  'ui:bytes',
];

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BENCH, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

it('runs every path with tiny N and reports finite numbers and ratios', async () => {
  const { code, stdout, stderr } = await runBench(['--n', '5', '--warmup', '1', '--json']);
  // A failed path is reported in the JSON on stdout: shown with the exit code, not only the progress.
  const failures = (): string => stdout.match(/"failures":\s*(\[[\s\S]*?\])\s*,\s*"ok"/)?.[1] ?? stdout.slice(-2000);
  expect(code, `${stderr}\nfailures: ${failures()}`).toBe(0);
  const result = JSON.parse(stdout) as { ok: boolean; failures: unknown[]; rows: Row[] };
  expect(result.failures).toEqual([]);
  expect(result.ok).toBe(true);
  const byId = new Map(result.rows.map((r) => [r.id, r]));
  expect([...byId.keys()].filter((id) => !id.startsWith('flags:recall:')).sort()).toEqual([...EXPECTED].sort());
  expect([...byId.keys()].some((id) => id.startsWith('flags:recall:'))).toBe(true);
  for (const row of result.rows) {
    for (const value of [row.p50, row.p99, row.mean, row.ratioP50, row.ratioP99]) {
      expect(Number.isFinite(value), `${row.id}: ${JSON.stringify(row)}`).toBe(true);
    }
    expect(row.n).toBeGreaterThan(0);
    if (row.baseline !== null) expect(byId.has(row.baseline), `${row.id} compares with ${row.baseline}`).toBe(true);
  }
}, 300_000);

it('refuses an unknown argument with status 2', async () => {
  const { code, stderr } = await runBench(['--bogus']);
  expect(code).toBe(2);
  expect(stderr).toMatch(/unknown argument --bogus/);
});
