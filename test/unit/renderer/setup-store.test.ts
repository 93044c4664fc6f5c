/** The first-run slice over a scripted gate: when it opens by itself, what Import sends, Undo. */
import { describe, expect, it } from 'vitest';
import type { ClientScan } from '../../../shared/client-import.js';
import { createSetupStore } from '../../../renderer/src/stores/setup.js';
import { FakeGateClient } from './fake-client.js';

const scan = (over: Partial<ClientScan>): ClientScan => ({
  client: 'cursor',
  label: 'Cursor',
  file: '/home/u/.cursor/mcp.json',
  state: 'missing',
  problem: null,
  digest: null,
  servers: [],
  lines: [],
  diff: [],
  undo: null,
  ...over,
});
const DIGEST = 'a'.repeat(64);

describe('setup store', () => {
  it('offer(): opens only when a client file is on this machine, once', async () => {
    const none = new FakeGateClient().answer('clients.scan', () => ({ ok: true, value: [scan({})] }));
    const s1 = createSetupStore(none);
    await s1.getState().offer();
    expect(s1.getState().open).toBe(false);

    const found = new FakeGateClient().answer('clients.scan', () => ({ ok: true, value: [scan({ state: 'found', digest: DIGEST })] }));
    const s2 = createSetupStore(found);
    await s2.getState().offer();
    expect(s2.getState().open).toBe(true);
    s2.getState().close();
    await s2.getState().offer();
    expect(s2.getState().open).toBe(false);
    expect(found.calls.filter((c) => c.method === 'clients.scan')).toHaveLength(1);
    // Asked for (Servers → Import from your MCP clients), it opens even after being closed.
    s2.getState().show();
    expect(s2.getState().open).toBe(true);
  });

  it('offer(): a gate without clients.scan (an older one, a test double) shows nothing', async () => {
    const s = createSetupStore(new FakeGateClient());
    await s.getState().offer();
    expect(s.getState().open).toBe(false);
  });

  it('imports with the digest of what was shown, then undoes; failures are kept per client', async () => {
    const client = new FakeGateClient()
      .answer('clients.scan', () => ({ ok: true, value: [scan({ state: 'found', digest: DIGEST })] }))
      .answer('clients.import', ({ client: c }) => ({ ok: true, value: { client: c, file: '/f', lines: [], imported: ['docs'], backup: '/f.bak' } }))
      .answer('clients.undo', () => ({ ok: false, error: { code: 'not-found', message: 'no import of Cursor to undo in this data directory' } }));
    const s = createSetupStore(client);
    await s.getState().scan();
    expect(await s.getState().importClient('cursor')).toBe(true);
    expect(client.calls.find((c) => c.method === 'clients.import')?.params).toEqual({ client: 'cursor', rewire: true, digest: DIGEST });
    expect(s.getState().outcomes.cursor).toMatchObject({ kind: 'imported', result: { imported: ['docs'] } });
    expect(await s.getState().undo('cursor')).toBe(false);
    expect(s.getState().outcomes.cursor).toEqual({ kind: 'failed', message: 'no import of Cursor to undo in this data directory' });
    expect(s.getState().busy).toBeNull();
  });
});
