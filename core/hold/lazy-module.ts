/**
 * A module a kind loads with its first request rather than with the gate (issue 10: lazy start-up;
 * an idle gate carries none of the SDK's schemas or the risk flags' lexicon). `ready()` is what
 * Kind.ready() returns — a promise only while it loads — and `loaded()` gives it synchronously
 * afterwards, since the hold awaits ready() before it judges.
 */
export interface LazyModule<M> {
  /** Start loading (a warm-up when a session starts) or give what is loaded. */
  load(): Promise<M> | M;
  ready(): Promise<unknown> | null;
  loaded(): M;
}

export function lazyModule<M>(name: string, importer: () => Promise<M>): LazyModule<M> {
  let loading: Promise<M> | null = null;
  let value: M | null = null;
  const load = (): Promise<M> | M => {
    if (value !== null) return value;
    if (!loading) {
      loading = importer().then((m) => (value = m));
      // Warm-up callers do not wait; a failure reaches the request that awaits it, never the process.
      loading.catch(() => undefined);
    }
    return loading;
  };
  return {
    load,
    ready: () => (value !== null ? null : (load() as Promise<M>)),
    loaded: () => {
      if (value === null) throw new Error(`${name} is not loaded yet`);
      return value;
    },
  };
}
