/**
 * Grants through the real gate and CLI (issue 23), with server-everything's sampling tool over the
 * stdio bridge and the HTTP endpoint: approve once "for this session", and that session's next
 * requests go through without asking while another session still asks; `grants` lists it and
 * `grants revoke` ends it; "for 1 minute" expires on its own; `--always` and `--never` are the
 * server's trust, written to config.yaml.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, EVERYTHING, textOf, type Route, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

const CONFIG = `defaults:
  rateLimit: { perMinute: 1000, perHour: 10000, perDay: 100000, perSession: 10000 }
servers:
  everything:
${serverEntry(EVERYTHING, ['stdio'])}
  timed:
${serverEntry(EVERYTHING, ['stdio'])}
  forever:
${serverEntry(EVERYTHING, ['stdio'])}
  never:
${serverEntry(EVERYTHING, ['stdio'])}
`;

interface Grant {
  id: string;
  server: string;
  kind: string;
  scope: { type: string; sessionId?: string; expiresAt?: string };
  uses: number;
}

let gate: RunningGate;
beforeAll(async () => {
  gate = await startGate(tempDataDir(CONFIG));
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
});

const sample = (c: TestClient, prompt: string) => c.call('trigger-sampling-request', { prompt, maxTokens: 10 });
const nothingPending = async (server: string): Promise<boolean> => !(await gate.api('approvals.list', {})).some((p) => p.server === server);

const routes: [string, (id: string) => Route][] = [
  ['stdio bridge', (id) => ({ via: 'stdio', dataDir: gate.dataDir, serverId: id })],
  ['HTTP endpoint', (id) => ({ via: 'http', url: gate.mcpUrl(id), token: gate.token })],
];

describe.each(routes)('approve for this session, through the %s', (_name, route) => {
  it('the session\'s next three requests go through unasked, recorded as user (session); another session still asks; revoke asks again', async () => {
    const a = await connectClient(route('everything'));
    const b = await connectClient(route('everything'));
    try {
      const first = sample(a, 'first');
      const p = await gate.nextPending('everything');
      const ok = await gate.cli('approve', p.id, '--session');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('later requests of this client session from everything are approved too');
      expect(textOf(await first)).toContain('completion for');
      for (const n of [2, 3, 4]) {
        expect(textOf(await sample(a, `again ${n}`))).toContain(`again ${n}`);
        expect(await nothingPending('everything')).toBe(true);
      }
      const rows = await gate.json<{ decidedBy: string; rule: string | null }[]>('history', '--server', 'everything', '--limit', '3');
      expect(rows.map((r) => [r.decidedBy, r.rule])).toEqual(Array(3).fill(['user (session)', 'grant.session']));
      const [grant] = await gate.json<Grant[]>('grants', '--server', 'everything');
      expect(grant).toMatchObject({ server: 'everything', kind: 'sampling', scope: { type: 'session' }, uses: 3 });

      // Another session of the same server is asked.
      const other = sample(b, 'other session');
      const q = await gate.nextPending('everything');
      expect((await gate.cli('deny', q.id)).code).toBe(0);
      await other;

      // Revoked: the first session is asked again.
      expect((await gate.cli('grants', 'revoke', grant!.id)).stdout).toContain('revoked 1 grant');
      const asked = sample(a, 'after revoke');
      const r = await gate.nextPending('everything');
      expect((await gate.cli('approve', r.id)).code).toBe(0);
      await asked;
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('other scopes', () => {
  it('a session\'s grants end with it', async () => {
    const a = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'everything' });
    const first = sample(a, 'first');
    const p = await gate.nextPending('everything');
    await gate.cli('approve', p.id, '--session');
    await first;
    expect(await gate.json<Grant[]>('grants', '--server', 'everything')).toHaveLength(1);
    await a.close();
    await waitFor(async () => ((await gate.json<Grant[]>('grants', '--server', 'everything')).length === 0 ? true : undefined), 'the grant to end with its session');
  });

  it('for 1 minute: every session of the server, until it expires on its own', { timeout: 120_000 }, async () => {
    const a = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'timed' });
    const b = await connectClient({ via: 'http', url: gate.mcpUrl('timed'), token: gate.token });
    try {
      const first = sample(a, 'first');
      const p = await gate.nextPending('timed');
      expect((await gate.cli('approve', p.id, '--for', '1')).stdout).toContain('approved for 1 min');
      await first;
      expect(textOf(await sample(b, 'another session'))).toContain('another session');
      const [grant] = await gate.json<Grant[]>('grants', '--server', 'timed');
      const left = Date.parse(grant!.scope.expiresAt!) - Date.now();
      await new Promise((r) => setTimeout(r, left + 500));
      const asked = sample(b, 'after expiry');
      const q = await gate.nextPending('timed');
      expect(q.server).toBe('timed');
      await gate.cli('approve', q.id);
      await asked;
      expect(await gate.json<Grant[]>('grants', '--server', 'timed')).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('--always sets trust: trust in config.yaml; --never sets trust: deny', async () => {
    const a = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'forever' });
    const n = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'never' });
    try {
      const first = sample(a, 'first');
      const p = await gate.nextPending('forever');
      expect((await gate.cli('approve', p.id, '--always')).stdout).toContain('forever is now set to trust: trust');
      await first;
      const denied = sample(n, 'first');
      const q = await gate.nextPending('never');
      expect((await gate.cli('deny', q.id, '--never')).stdout).toContain('never is now set to trust: deny');
      await denied;
      const config = readFileSync(join(gate.dataDir, 'config.yaml'), 'utf8');
      expect(config).toMatch(/forever:[\s\S]*?trust: trust/);
      expect(config).toMatch(/never:[\s\S]*?trust: deny/);
      await waitFor(async () => ((await gate.json<{ id: string; trust: string }[]>('servers')).find((s) => s.id === 'forever')?.trust === 'trust' ? true : undefined), 'the new trust to apply');
      expect(textOf(await sample(a, 'trusted now'))).toContain('trusted now');
      const [row] = await gate.json<{ outcome: string }[]>('history', '--server', 'forever', '--limit', '1');
      expect(row!.outcome).toBe('auto-approved');
    } finally {
      await a.close();
      await n.close();
    }
  });

  it('bad usage is refused with a clear message', async () => {
    const r = await gate.cli('approve', 'x', '--session', '--always');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('choose one of --session, --for MINUTES and --always');
    const g = await gate.cli('grants', 'revoke');
    expect(g.code).toBe(2);
  });
});
