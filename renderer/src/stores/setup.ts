/**
 * First-run slice: the MCP clients found on this machine (`clients.scan`), importing one with rewire,
 * and undoing that. Whether the first-run screen is open lives here too, so the Servers view can open
 * it again ("Import from your MCP clients").
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { GateClient } from '../../../shared/api.js';
import type { ClientImportResult, ClientKind, ClientScan, ClientUndoResult } from '../../../shared/client-import.js';

/** What the user last did with one client, shown on its card. */
export type ClientOutcome = { kind: 'imported'; result: ClientImportResult } | { kind: 'undone'; result: ClientUndoResult } | { kind: 'failed'; message: string };

export interface SetupState {
  /** The first-run screen is showing. */
  open: boolean;
  /** The user closed it this session: it does not open by itself again. */
  dismissed: boolean;
  scanning: boolean;
  clients: ClientScan[];
  error: string | null;
  /** A client whose import or undo is in flight. */
  busy: ClientKind | null;
  outcomes: Partial<Record<ClientKind, ClientOutcome>>;
  /** On first run (no servers): look, and open only if a client's file is on this machine. Once per session. */
  offer(): Promise<void>;
  show(): void;
  close(): void;
  scan(): Promise<void>;
  importClient(client: ClientKind): Promise<boolean>;
  undo(client: ClientKind): Promise<boolean>;
}

export type SetupStore = StoreApi<SetupState>;

export function createSetupStore(client: GateClient): SetupStore {
  let offered = false;
  return createStore<SetupState>()((set, get) => {
    const outcome = (c: ClientKind, o: ClientOutcome): void => set({ outcomes: { ...get().outcomes, [c]: o } });
    return {
      open: false,
      dismissed: false,
      scanning: false,
      clients: [],
      error: null,
      busy: null,
      outcomes: {},
      async offer() {
        if (offered || get().open || get().dismissed) return;
        offered = true;
        await get().scan();
        // Nothing to import (or a gate without clients.scan): no screen, the app as usual.
        if (!get().dismissed && get().error === null && get().clients.some((c) => c.state !== 'missing')) set({ open: true });
      },
      show() {
        if (get().open) return;
        set({ open: true, outcomes: {} });
        void get().scan();
      },
      close() {
        set({ open: false, dismissed: true });
      },
      async scan() {
        set({ scanning: true });
        const r = await client.call('clients.scan', {});
        set(r.ok ? { clients: r.value, scanning: false, error: null } : { scanning: false, error: r.error.message });
      },
      async importClient(kind) {
        const scanned = get().clients.find((c) => c.client === kind);
        if (!scanned?.digest || get().busy) return false;
        set({ busy: kind });
        // The digest ties the import to the diff on screen: a file changed since is refused.
        const r = await client.call('clients.import', { client: kind, rewire: true, digest: scanned.digest });
        outcome(kind, r.ok ? { kind: 'imported', result: r.value } : { kind: 'failed', message: r.error.message });
        set({ busy: null });
        await get().scan();
        return r.ok;
      },
      async undo(kind) {
        if (get().busy) return false;
        set({ busy: kind });
        const r = await client.call('clients.undo', { client: kind });
        outcome(kind, r.ok ? { kind: 'undone', result: r.value } : { kind: 'failed', message: r.error.message });
        set({ busy: null });
        await get().scan();
        return r.ok;
      },
    };
  });
}
