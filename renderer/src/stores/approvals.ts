/**
 * Approvals slice: the queue of pending requests and the one on screen. Actions call the GateClient;
 * `approvals.list` gives the queue once, then the gate's `approvals.changed` deltas keep it current
 * (requests added, changed, removed — never the whole queue again).
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { GateClient, GateParams } from '../../../shared/api.js';

type ResponseDecision = GateParams<'approvals.review'>['decision'];
import { applyPendingDelta } from '../../../shared/pending.js';
import type { Decision, PendingDelta, PendingRequest } from '../../../shared/types.js';

export interface ApprovalsState {
  pending: PendingRequest[];
  selectedId: string | null;
  loaded: boolean;
  /** Ids with a decision in flight (buttons disabled meanwhile). */
  busy: string[];
  error: string | null;
  load(): Promise<void>;
  select(id: string): void;
  decide(id: string, decision: Decision): Promise<boolean>;
  review(id: string, decision: ResponseDecision): Promise<boolean>;
  /** Stop a completion the gate's provider is writing; it stays listed until the gate says it ended. */
  stop(id: string): Promise<boolean>;
  dismissError(): void;
  dispose(): void;
}

export type ApprovalsStore = StoreApi<ApprovalsState>;

export function createApprovalsStore(client: GateClient): ApprovalsStore {
  const store = createStore<ApprovalsState>()((set, get) => {
    const replace = (pending: PendingRequest[]): void => set(mergePending(get(), pending));

    const settle = async (id: string, run: () => ReturnType<GateClient['call']>): Promise<boolean> => {
      if (get().busy.includes(id)) return false;
      set({ busy: [...get().busy, id], error: null });
      const result = await run();
      if (!result.ok) {
        set({ busy: get().busy.filter((b) => b !== id), error: result.error.message });
        return false;
      }
      // Drop it now rather than wait for the event, so the next request comes up at once.
      replace(get().pending.filter((p) => p.id !== id));
      return true;
    };

    return {
      pending: [],
      selectedId: null,
      loaded: false,
      busy: [],
      error: null,
      async load() {
        const result = await client.call('approvals.list', {});
        if (result.ok) replace(result.value);
        else set({ error: result.error.message, loaded: true });
      },
      select(id) {
        if (get().pending.some((p) => p.id === id)) set({ selectedId: id });
      },
      decide(id, decision) {
        return settle(id, () => client.call('approvals.decide', { id, decision }));
      },
      review(id, decision) {
        return settle(id, () => client.call('approvals.review', { id, decision }));
      },
      async stop(id) {
        if (get().busy.includes(id)) return false;
        set({ busy: [...get().busy, id], error: null });
        const result = await client.call('approvals.stop', { id });
        // Unlike a decision, the entry is not dropped here: approvals.changed ends it (or moves it to
        // review when reviewResponses holds what was written so far).
        set({ busy: get().busy.filter((b) => b !== id), error: result.ok ? null : result.error.message });
        return result.ok;
      },
      dismissError() {
        set({ error: null });
      },
      dispose() {
        unsubscribe();
      },
    };
  });
  const unsubscribe = client.on('approvals.changed', (delta) => store.setState(applyDelta(store.getState(), delta)));
  return store;
}

/** The queue after a delta from the gate: unchanged requests keep their identity (the view skips them). */
export function applyDelta(
  state: Pick<ApprovalsState, 'pending' | 'selectedId' | 'busy'>,
  delta: PendingDelta,
): Pick<ApprovalsState, 'pending' | 'selectedId' | 'busy' | 'loaded'> {
  return keepSelection(state, applyPendingDelta(state.pending, delta));
}

/**
 * A new pending list: oldest first (the queue order), the selection kept while its request is still
 * pending — a request arriving must never swap the one the user is reading — else the oldest.
 */
export function mergePending(
  state: Pick<ApprovalsState, 'selectedId' | 'busy'>,
  pending: readonly PendingRequest[],
): Pick<ApprovalsState, 'pending' | 'selectedId' | 'busy' | 'loaded'> {
  return keepSelection(state, [...pending].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)));
}

function keepSelection(state: Pick<ApprovalsState, 'selectedId' | 'busy'>, sorted: PendingRequest[]): Pick<ApprovalsState, 'pending' | 'selectedId' | 'busy' | 'loaded'> {
  const ids = new Set(sorted.map((p) => p.id));
  const keep = state.selectedId !== null && ids.has(state.selectedId);
  return {
    pending: sorted,
    selectedId: keep ? state.selectedId : (sorted[0]?.id ?? null),
    busy: state.busy.length === 0 ? state.busy : state.busy.filter((id) => ids.has(id)),
    loaded: true,
  };
}

export function selectedRequest(state: Pick<ApprovalsState, 'pending' | 'selectedId'>): PendingRequest | null {
  return state.pending.find((p) => p.id === state.selectedId) ?? null;
}
