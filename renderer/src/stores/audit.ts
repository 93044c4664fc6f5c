/**
 * Audit slice (issue 12): where every final sampling event is exported and how far delivery has got
 * — backlog, last delivery, last error per sink. The gate pushes no event for it (it changes as
 * deliveries happen), so the views that show it poll while open.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AuditStatus, GateClient } from '../../../shared/api.js';

export interface AuditState {
  status: AuditStatus | null;
  error: string | null;
  load(): Promise<void>;
}

export type AuditStore = StoreApi<AuditState>;

export function createAuditStore(client: GateClient): AuditStore {
  return createStore<AuditState>()((set) => ({
    status: null,
    error: null,
    async load() {
      const r = await client.call('audit.status', {});
      set(r.ok ? { status: r.value, error: null } : { error: r.error.message });
    },
  }));
}
