/**
 * Bulk decisions from the terminal (issue 10): `approve|deny <id>…` and `--all [--server ID]`, each
 * one call to the running gate. What reaches each server is what a single decision would send;
 * requests already gone are reported one per line on stderr with exit 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, RAW_SERVER, sampleViaRaw, textRequest, type RawAnswer, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

const CONFIG = `defaults:
  trust: ask
  approvalTimeoutSeconds: 120
  rateLimit: { perMinute: 100 }
servers:
  alpha:
${serverEntry(RAW_SERVER)}  beta:
${serverEntry(RAW_SERVER)}`;

let gate: RunningGate;
const clients: TestClient[] = [];

beforeAll(async () => {
  gate = await startGate(tempDataDir(CONFIG));
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await gate?.stop();
  gate?.remove();
});

/** `n` requests from `server` waiting at once; resolves with their ids and the answers to come. */
async function waiting(server: string, n: number): Promise<{ ids: string[]; answers: Promise<RawAnswer>[] }> {
  const c = await connectClient({ via: 'http', url: gate.mcpUrl(server), token: gate.token });
  clients.push(c);
  const before = new Set((await gate.api('approvals.list', {})).map((p) => p.id));
  const answers = Array.from({ length: n }, (_, i) => sampleViaRaw(c, textRequest(`${server} request ${i}`)));
  const ids = await waitFor(async () => {
    const mine = (await gate.api('approvals.list', {})).filter((p) => p.server === server && !before.has(p.id)).map((p) => p.id);
    return mine.length === n ? mine : undefined;
  }, `${n} pending from ${server}`);
  return { ids, answers };
}

describe('bulk decisions', () => {
  it('approve several by id, deny all of one server, then all, in one call each', async () => {
    const a = await waiting('alpha', 3);
    const b = await waiting('beta', 2);

    const approved = await gate.cli('approve', a.ids[0]!, a.ids[1]!);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout.trim().split('\n').sort()).toEqual([`approved ${a.ids[0]}`, `approved ${a.ids[1]}`].sort());

    const denied = await gate.cli('deny', '--all', '--server', 'beta', '--reason', 'not now');
    expect(denied.code, denied.stderr).toBe(0);
    expect(denied.stdout.trim().split('\n').sort()).toEqual(b.ids.map((id) => `denied ${id}: not now`).sort());
    // alpha's third request was not touched by beta's --all.
    expect((await gate.api('approvals.list', {})).map((p) => p.id)).toEqual([a.ids[2]]);

    expect((await gate.cli('deny', '--all')).stdout.trim()).toBe(`denied ${a.ids[2]}`);
    expect((await gate.cli('deny', '--all')).stdout.trim()).toBe('no requests are waiting');

    const results = await Promise.all([...a.answers, ...b.answers]);
    expect(results.slice(0, 2).every((r) => 'result' in r)).toBe(true);
    expect(results[2]).toMatchObject({ error: { code: -1, data: { reason: 'denied by the user' } } });
    for (const r of results.slice(3)) expect(r).toMatchObject({ error: { code: -1, data: { reason: 'not now' } } });
    for (const id of [...a.ids, ...b.ids]) expect((await gate.settled(id)).outcome).toMatch(/approved|denied/);
  });

  it('reports each request that is no longer waiting, and exits 1', async () => {
    const r = await gate.cli('approve', 'gone-1', 'gone-2');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^sampling-gate: gone-1: no pending request gone-1/), expect.stringMatching(/^sampling-gate: gone-2: /)]);
  });

  it('refuses ambiguous usage with status 2', async () => {
    expect((await gate.cli('approve', '--all', 'some-id')).code).toBe(2);
    expect((await gate.cli('approve', 'a', 'b', '--edit', 'x.json')).code).toBe(2);
    expect((await gate.cli('deny')).code).toBe(2);
  });
});
