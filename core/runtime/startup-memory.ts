/**
 * What an idle headless gate holds in memory (issue 10: ≤ 70 MiB with 10 servers configured and no
 * session). Two costs of start-up outlive it, and neither buys anything for a gate that then sits
 * idle in the background for hours:
 *
 * - Loading the gate's ~260 modules makes Node's own module-resolution functions hot, and V8's
 *   optimising compiler (TurboFan) compiles them: ~8 MiB of compiler code and zone memory paged in
 *   for code that never runs again. It is off while the gate starts and on again before the first
 *   request (flags read at each tier-up decision; `v8.setFlagsFromString` documents switching one
 *   at run time, e.g. --trace_gc).
 * - Start-up's garbage leaves the young generation grown (~8 MiB) and the old one unfragmented only
 *   after a full collection. V8's memory reducer does that by itself some 8 s after the last
 *   collection; here it is done once start-up is over, so an idle gate is small at once.
 *
 * Plain Node, no Electron: the desktop app's gate lives in Electron's main process and is not
 * started through this.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (opts?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

/** Call before the gate's modules load; the function returned ends start-up. */
export function quietStartup(): () => void {
  setFlagsFromString('--no-turbofan');
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    setFlagsFromString('--turbofan');
  };
}

/**
 * Once, `afterMs` after start-up, if `idle()` still says so: one full collection that also shrinks
 * the young generation. A gate already busy by then is left to V8's own pacing.
 */
export function trimAfterStartup(idle: () => boolean, afterMs = 1_000): void {
  const timer = setTimeout(() => {
    if (!idle()) return;
    const gc = exposedGc();
    gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  }, afterMs);
  timer.unref();
}

/** V8's gc() in a fresh context only (the gate's own global never gets one). */
function exposedGc(): Gc | null {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as Gc;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
