/**
 * Loads the elicitation's evaluation (evaluate.ts: validation, the risk flags' phrase families and
 * detectors) on first use, as the sampling room loads its engine (sampling/policy-loader.ts): a gate
 * that relays no elicitation yet does not carry them. `loadedEvaluator()` gives it synchronously
 * once loaded — the hold awaits `ready()` before it judges.
 */
type Evaluator = typeof import('./evaluate.js');

let loading: Promise<Evaluator> | null = null;
let evaluator: Evaluator | null = null;

export function loadEvaluator(): Promise<Evaluator> | Evaluator {
  if (evaluator) return evaluator;
  if (!loading) {
    loading = import('./evaluate.js').then((m) => (evaluator = m));
    // Warm-up callers do not wait; a failure reaches the request that awaits it, never the process.
    loading.catch(() => undefined);
  }
  return loading;
}

export function loadedEvaluator(): Evaluator {
  if (!evaluator) throw new Error('the elicitation evaluator is not loaded yet');
  return evaluator;
}
