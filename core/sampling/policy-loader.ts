/** Loads policy-engine.ts once, on first use; `loadedEngine()` gives it synchronously afterwards. */
type Engine = typeof import('./policy-engine.js');

let loading: Promise<Engine> | null = null;
let engine: Engine | null = null;

export function loadEngine(): Promise<Engine> | Engine {
  if (engine) return engine;
  if (!loading) {
    loading = import('./policy-engine.js').then((m) => (engine = m));
    // Warm-up callers do not wait; a failure reaches the request that awaits it, never the process.
    loading.catch(() => undefined);
  }
  return loading;
}

/** The engine, once a request has loaded it (every decision and completion follows an admission). */
export function loadedEngine(): Engine {
  if (!engine) throw new Error('the policy engine is not loaded yet');
  return engine;
}
