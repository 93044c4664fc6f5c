/**
 * Runs user-supplied regexes (config.yaml content rules) with a time limit, synchronously.
 *
 * Why a worker: V8's regex engine backtracks, so a rule like `(a+)+b` — or even `.*x` on a 1 MB
 * line — can run for minutes, and a regex cannot be interrupted on the thread that runs it.
 * A worker thread can be terminated. Why synchronous: `evaluateRequest` is a plain function
 * the hold calls inline, so we block on `Atomics.wait` until the worker answers or the budget is
 * spent (the "synckit" pattern: `receiveMessageOnPort` reads the answer without the event loop).
 * On a timeout the worker is terminated and a fresh one is started on the next call.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

export interface RegexJob {
  /** Regex sources, compiled with flags `iu` (case-insensitive, as config.yaml documents). */
  patterns: string[];
  texts: string[];
}

/** First match of each pattern in each text it matched, as [patternIndex, textIndex, start, end]. */
export type RegexHit = [number, number, number, number];

export type RegexOutcome =
  | { ok: true; hits: RegexHit[]; /** Patterns that did not compile (config validation should have caught them). */ invalid: number[] }
  | { ok: false; timedOut: true; /** The pattern that was running when time ran out. */ pattern: number }
  | { ok: false; timedOut: false; error: string };

// Plain CommonJS so it runs with `eval: true`: no file to locate from src, out/ or a bundle.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, signal } = workerData;
const state = new Int32Array(signal);
port.on('message', (job) => {
  let answer;
  try {
    const hits = [];
    const invalid = [];
    job.patterns.forEach((source, p) => {
      Atomics.store(state, 2, p);
      let re;
      try { re = new RegExp(source, 'iu'); } catch { invalid.push(p); return; }
      job.texts.forEach((text, t) => {
        re.lastIndex = 0;
        const m = re.exec(text);
        if (m) hits.push([p, t, m.index, m.index + m[0].length]);
      });
    });
    answer = { ok: true, hits, invalid };
  } catch (e) {
    answer = { ok: false, timedOut: false, error: String((e && e.message) || e) };
  }
  port.postMessage(answer);
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
});
Atomics.store(state, 1, 1);
Atomics.notify(state, 1);
`;

interface Runner {
  worker: Worker;
  port: MessagePort;
  /** [0] job done, [1] worker ready, [2] index of the pattern being run. */
  state: Int32Array;
}

let runner: Runner | null = null;

/** Worker start-up is not charged to a job's budget; it only happens once (and after a timeout). */
const STARTUP_BUDGET_MS = 10_000;

function start(): Runner | null {
  const signal = new SharedArrayBuffer(12);
  const state = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, signal }, transferList: [port2] });
  // Never keep the process alive just for this worker.
  worker.unref();
  port1.unref();
  // A crashed worker must not become an unhandled 'error' event in the gate; the job it was
  // running times out (and fails closed) and the next call starts a fresh worker.
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    if (runner?.worker === worker) runner = null;
  });
  if (Atomics.wait(state, 1, 0, STARTUP_BUDGET_MS) === 'timed-out') {
    void worker.terminate();
    return null;
  }
  return { worker, port: port1, state };
}

export function runRegexes(job: RegexJob, timeoutMs: number): RegexOutcome {
  if (job.patterns.length === 0 || job.texts.length === 0) return { ok: true, hits: [], invalid: [] };
  runner ??= start();
  if (!runner) return { ok: false, timedOut: false, error: 'the regex worker did not start' };
  const { port, state } = runner;
  Atomics.store(state, 0, 0);
  Atomics.store(state, 2, 0);
  port.postMessage(job);
  const waited = Atomics.wait(state, 0, 0, timeoutMs);
  const received = receiveMessageOnPort(port);
  if (waited === 'timed-out' && received === undefined) {
    const pattern = Atomics.load(state, 2);
    stopRegexWorker();
    return { ok: false, timedOut: true, pattern };
  }
  if (received === undefined) return { ok: false, timedOut: false, error: 'the regex worker gave no answer' };
  return received.message as RegexOutcome;
}

/** Terminates the worker (tests, shutdown). The next call starts a new one. */
export function stopRegexWorker(): void {
  if (!runner) return;
  void runner.worker.terminate();
  runner.port.close();
  runner = null;
}
