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
  /** Ids ticked in the queue for a bulk decision (distinct from the one on screen). */
  checked: string[];
  error: string | null;
  load(): Promise<void>;
  select(id: string): void;
  decide(id: string, decision: Decision): Promise<boolean>;
  review(id: string, decision: ResponseDecision): Promise<boolean>;
  /** Stop a completion the gate's provider is writing; it stays listed until the gate says it ended. */
  stop(id: string): Promise<boolean>;
  toggleChecked(id: string): void;
  /** Tick every waiting request, or none. */
  checkAll(on: boolean): void;
  /** Approve or deny every ticked request in one call (approvals.decideMany). */
  decideChecked(kind: 'approve' | 'deny'): Promise<boolean>;
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
      const decidedAt = get().pending.find((p) => p.id === id)?.stage;
      const result = await run();
      if (!result.ok) {
        set({ busy: get().busy.filter((b) => b !== id), error: result.error.message });
        return false;
      }
      // Drop it now rather than wait for the event, so the next request comes up at once — unless
      // the gate's event came first and moved it on (an approved request answered by a provider is
      // at `answering`: the gate acknowledges a decision only once it is written to history).
      replace(get().pending.filter((p) => !(p.id === id && p.stage === decidedAt)));
      set({ busy: get().busy.filter((b) => b !== id) });
      return true;
    };

    return {
      pending: [],
      selectedId: null,
      loaded: false,
      busy: [],
      checked: [],
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
      toggleChecked(id) {
        const { checked, pending } = get();
        if (checked.includes(id)) set({ checked: checked.filter((c) => c !== id) });
        else if (pending.some((p) => p.id === id)) set({ checked: [...checked, id] });
      },
      checkAll(on) {
        set({ checked: on ? get().pending.map((p) => p.id) : [] });
      },
      async decideChecked(kind) {
        const ids = get().checked.filter((id) => !get().busy.includes(id));
        if (ids.length === 0) return false;
        set({ busy: [...get().busy, ...ids], error: null });
        const result = await client.call('approvals.decideMany', { ids, decision: { kind } });
        const busy = get().busy.filter((b) => !ids.includes(b));
        if (!result.ok) {
          set({ busy, error: result.error.message });
          return false;
        }
        const { decided, failed } = result.value;
        // Drop the decided ones now (the gate's delta follows), as a single decision does — those
        // still waiting for a decision; one the gate already moved on stays.
        set({ ...replaceState(get(), get().pending.filter((p) => !(decided.includes(p.id) && p.stage === 'request'))), busy: busy.filter((b) => get().pending.some((p) => p.id === b)) });
        set({ checked: get().checked.filter((id) => !decided.includes(id)) });
        if (failed.length > 0) set({ error: failed.length === 1 ? failed[0]!.message : `${failed.length} requests were not ${kind === 'approve' ? 'approved' : 'denied'}: ${failed[0]!.message}` });
        return failed.length === 0;
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
  state: Pick<ApprovalsState, 'pending' | 'selectedId' | 'busy'> & Partial<Pick<ApprovalsState, 'checked'>>,
  delta: PendingDelta,
): ReturnType<typeof keepSelection> {
  return keepSelection(state, applyPendingDelta(state.pending, delta));
}

/**
 * A new pending list: oldest first (the queue order), the selection kept while its request is still
 * pending — a request arriving must never swap the one the user is reading — else the oldest.
 */
export function mergePending(
  state: Pick<ApprovalsState, 'selectedId' | 'busy'> & Partial<Pick<ApprovalsState, 'checked'>>,
  pending: readonly PendingRequest[],
): ReturnType<typeof keepSelection> {
  return keepSelection(state, [...pending].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)));
}

function keepSelection(state: Pick<ApprovalsState, 'selectedId' | 'busy'> & Partial<Pick<ApprovalsState, 'checked'>>, sorted: PendingRequest[]): Pick<ApprovalsState, 'pending' | 'selectedId' | 'busy' | 'loaded'> & Partial<Pick<ApprovalsState, 'checked'>> {
  const ids = new Set(sorted.map((p) => p.id));
  const keep = state.selectedId !== null && ids.has(state.selectedId);
  return {
    pending: sorted,
    selectedId: keep ? state.selectedId : (sorted[0]?.id ?? null),
    busy: state.busy.length === 0 ? state.busy : state.busy.filter((id) => ids.has(id)),
    loaded: true,
    // Ticks on requests that stopped waiting go with them.
    ...(state.checked && state.checked.length > 0 ? { checked: state.checked.filter((id) => ids.has(id)) } : {}),
  };
}

/** The state after replacing the list (the selection and ticks kept where still waiting). */
function replaceState(state: ApprovalsState, pending: readonly PendingRequest[]): ReturnType<typeof keepSelection> {
  return keepSelection(state, [...pending].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)));
}

export function selectedRequest(state: Pick<ApprovalsState, 'pending' | 'selectedId'>): PendingRequest | null {
  return state.pending.find((p) => p.id === state.selectedId) ?? null;
}
