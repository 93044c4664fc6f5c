/**
 * Everything the bench starts is registered here and undone on the way out — on success, on an
 * error, and on SIGINT/SIGTERM — so a run never leaves a gate, a server or a temp dir behind.
 * Async closers run first (polite SDK closes); pids still alive after that get SIGKILL.
 */
import { rmSync } from 'node:fs';

type Closer = () => Promise<void> | void;

const closers: Closer[] = [];
const pids = new Set<number>();
const dirs = new Set<string>();
let running: Promise<void> | null = null;
let interrupted = false;

export function onCleanup(closer: Closer): void {
  // After Ctrl-C, whatever the main flow still manages to start is undone at once.
  if (interrupted) void Promise.resolve().then(closer).catch(() => undefined);
  else closers.push(closer);
}

/** A child process that must not outlive the bench (also children the SDK transports spawn). */
export function trackPid(pid: number | undefined): void {
  if (pid !== undefined) pids.add(pid);
}

export function trackDir(dir: string): void {
  dirs.add(dir);
}

/** Undo everything registered so far; safe to call again (only what was added since is undone). */
export function cleanup(): Promise<void> {
  running ??= (async () => {
    // Newest first: clients close before the gate and servers they talk to.
    for (const closer of closers.splice(0).reverse()) {
      try {
        await withTimeout(Promise.resolve(closer()), 10_000);
      } catch {
        // Keep going: the pid sweep below still stops whatever this closer owned.
      }
    }
    killAll();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs.clear();
  })().finally(() => (running = null));
  return running;
}

function killAll(): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone — the usual case after a polite close.
    }
  }
  pids.clear();
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/** Ctrl-C or a kill: clean up, then exit with the conventional 128 + signal status. */
export function installSignalHandlers(): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      interrupted = true;
      process.stderr.write(`bench: ${signal}, cleaning up\n`);
      void cleanup().finally(() => process.exit(code));
    });
  }
  // Last resort if something calls process.exit while children live: only sync work is possible here.
  process.once('exit', killAll);
}
