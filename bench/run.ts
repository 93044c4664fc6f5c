/**
 * `npm run bench`: relay, sampling-hold and policy costs, each as a ratio to a baseline measured
 * in the same run (absolute times depend on the machine; ratios are what to compare). Exits 1 if
 * any path failed, 2 on bad usage — never because something was slow. See docs/bench.md.
 */
// First: the Node version guard, before any module that loads SQLite.
import './node-check.js';
import { availableParallelism } from 'node:os';
import { stopRegexWorker } from '../core/policy/index.js';
import { cleanup, installSignalHandlers } from './cleanup.js';
import { benchFlags } from './flags.js';
import { parseOptions } from './options.js';
import type { BenchOptions, BenchPart } from './options.js';
import { benchPolicy } from './policy.js';
import { benchProviders } from './providers.js';
import { benchAudit } from './audit.js';
import { benchRelay } from './relay.js';
import { benchAtScale, benchHistoryOnly } from './scale.js';
import { formatReport } from './report.js';
import { errorText } from './results.js';
import type { BenchResult, Failure, Row } from './results.js';

async function main(argv: readonly string[]): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseOptions(argv);
  } catch (e) {
    process.stderr.write(`bench: ${errorText(e)}\n`);
    return 2;
  }
  installSignalHandlers();
  const startedAt = new Date().toISOString();
  const progress = (msg: string): void => void process.stderr.write(`bench: ${msg}\n`);
  const rows: Row[] = [];
  const failures: Failure[] = [];
  // `history` is a subset of `scale`: run alone only when asked for.
  const runs = (part: BenchPart): boolean => opts.only === part || (opts.only === null && part !== 'history');
  if (runs('relay')) {
    try {
      rows.push(...(await benchRelay(opts, failures, progress)));
    } catch (e) {
      failures.push({ id: 'relay', error: errorText(e) });
    } finally {
      // Stop the gate and servers before the policy part, so they do not compete for the CPU.
      await cleanup();
    }
  }
  if (runs('providers')) {
    try {
      rows.push(...(await benchProviders(opts, failures, progress)));
    } catch (e) {
      failures.push({ id: 'providers', error: errorText(e) });
    } finally {
      await cleanup();
    }
  }
  if (runs('audit')) {
    try {
      rows.push(...(await benchAudit(opts, failures, progress)));
    } catch (e) {
      failures.push({ id: 'audit', error: errorText(e) });
    } finally {
      await cleanup();
    }
  }
  if (runs('policy')) {
    try {
      rows.push(...benchPolicy(opts, failures, progress));
      rows.push(...benchFlags(opts, failures, progress));
    } catch (e) {
      failures.push({ id: 'policy', error: errorText(e) });
    } finally {
      stopRegexWorker();
      await cleanup();
    }
  }
  if (runs('scale')) rows.push(...(await benchAtScale(opts, failures, progress)));
  if (runs('history')) rows.push(...(await benchHistoryOnly(opts, failures, progress)));
  const { n, warmup, policySmall, policyLarge, historyRows } = opts;
  const result: BenchResult = {
    startedAt,
    node: process.version,
    cpus: availableParallelism(),
    options: { n, warmup, policySmall, policyLarge, historyRows },
    rows,
    failures,
    ok: failures.length === 0,
  };
  process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : formatReport(result));
  return result.ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
