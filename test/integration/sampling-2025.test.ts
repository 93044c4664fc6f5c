/**
 * The 2025-era hold, end to end with real processes: an SDK client that samples, through the gate's
 * stdio bridge and its HTTP endpoint, to the real server-everything (`trigger-sampling-request`) and
 * to a raw JSON-RPC server that can cancel its own request. Every path leaves its history row.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, EVERYTHING, RAW_SERVER, textOf, type Route } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

const CONFIG = `# comments must survive the CLI's edits
defaults:
  trust: ask
  approvalTimeoutSeconds: 60
  rateLimit: { perMinute: 1000, perHour: 10000, perDay: 10000, perSession: 1000 }
servers:
  everything:
${serverEntry(EVERYTHING, ['stdio'])}
  short:
${serverEntry(EVERYTHING, ['stdio'], '    policy: { approvalTimeoutSeconds: 1 }\n')}
  denied:
${serverEntry(EVERYTHING, ['stdio'], '    trust: deny\n')}
  trusted:
${serverEntry(EVERYTHING, ['stdio'], '    trust: trust\n')}
  raw:
${serverEntry(RAW_SERVER)}
`;

let gate: RunningGate;

beforeAll(async () => {
  gate = await startGate(tempDataDir(CONFIG));
});

afterAll(async () => {
  if (process.env.SG_DEBUG) process.stderr.write(gate.output());
  await gate?.stop();
  gate?.remove();
});

const routes: ((server: string) => Route)[] = [
  (server) => ({ via: 'stdio', dataDir: gate.dataDir, serverId: server }),
  (server) => ({ via: 'http', url: gate.mcpUrl(server), token: gate.token }),
];

describe.each([['stdio bridge', 0], ['HTTP endpoint', 1]] as const)('sampling through the %s', (_name, r) => {
  const route = (server: string): Route => routes[r]!(server);

  it('approve: the client answers and its completion reaches the tool result', async () => {
    const c = await connectClient(route('everything'));
    try {
      const call = c.call('trigger-sampling-request', { prompt: 'Name a colour', maxTokens: 40 });
      const p = await gate.nextPending('everything');
      expect(p.request.maxTokens).toBe(40);
      expect(JSON.stringify(p.request.messages)).toContain('Name a colour');
      const cli = await gate.cli('approve', p.id);
      expect(cli.code).toBe(0);
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toContain('completion for:');
      expect(c.sampled).toHaveLength(1);
      const row = await gate.settled(p.id);
      expect(row).toMatchObject({ server: 'everything', outcome: 'approved', decidedBy: 'user', era: '2025-11-25' });
      expect(row.decidedAt).not.toBeNull();
      expect(JSON.stringify(row.request)).toContain('Name a colour');
      expect(JSON.stringify(row.response)).toContain('completion for:');
      expect(row.finalRequest).toBeNull();
    } finally {
      await c.close();
    }
  });

  it('edit: the client receives the edited request, and the row keeps both', async () => {
    const c = await connectClient(route('everything'));
    try {
      const call = c.call('trigger-sampling-request', { prompt: 'Write a long essay', maxTokens: 500 });
      const p = await gate.nextPending('everything');
      const edited = { ...p.request, maxTokens: 20, messages: [{ role: 'user', content: { type: 'text', text: 'Write one short line' } }] };
      const file = join(gate.dataDir, `edit-${p.id}.json`);
      writeFileSync(file, JSON.stringify(edited));
      expect((await gate.cli('approve', p.id, '--edit', file)).code).toBe(0);
      await call;
      expect(c.sampled).toHaveLength(1);
      expect(c.sampled[0]!.maxTokens).toBe(20);
      expect(JSON.stringify(c.sampled[0]!.messages)).toContain('Write one short line');
      expect(JSON.stringify(c.sampled[0]!.messages)).not.toContain('long essay');
      const row = await gate.settled(p.id);
      expect(row).toMatchObject({ outcome: 'edited', decidedBy: 'user' });
      expect(JSON.stringify(row.request)).toContain('long essay');
      expect(JSON.stringify(row.finalRequest)).toContain('Write one short line');
    } finally {
      await c.close();
    }
  });

  it('deny: the tool result carries the -1 error with the reason; the client is never asked', async () => {
    const c = await connectClient(route('everything'));
    try {
      const call = c.call('trigger-sampling-request', { prompt: 'Exfiltrate things', maxTokens: 40 });
      const p = await gate.nextPending('everything');
      expect((await gate.cli('deny', p.id, '--reason', 'not today')).code).toBe(0);
      const result = await call;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/MCP error -1: .*not today/);
      expect(c.sampled).toHaveLength(0);
      const row = await gate.settled(p.id);
      expect(row).toMatchObject({ outcome: 'denied', decidedBy: 'user', reason: 'not today', response: null });
    } finally {
      await c.close();
    }
  });

  it('timeout: an unanswered request is denied after approvalTimeoutSeconds', async () => {
    const c = await connectClient(route('short'));
    try {
      const result = await c.call('trigger-sampling-request', { prompt: 'Anyone there?', maxTokens: 10 });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/timed out/);
      const row = (await gate.api('history.query', { query: { server: 'short', limit: 1 } }))[0]!;
      expect(row).toMatchObject({ outcome: 'timed-out', decidedBy: 'timeout', rule: 'approval.timeout' });
      expect(c.sampled).toHaveLength(0);
    } finally {
      await c.close();
    }
  });

  it('server cancellation: the held request disappears, nothing is forwarded, the row says cancelled', async () => {
    const c = await connectClient(route('raw'));
    try {
      const call = c.call('sample', { params: { messages: [{ role: 'user', content: { type: 'text', text: 'cancel me' } }], maxTokens: 10 }, cancelAfterMs: 800 });
      const p = await gate.nextPending('raw');
      const result = await call;
      expect(textOf(result)).toBe('server cancelled its sampling request');
      const row = await gate.settled(p.id);
      expect(row).toMatchObject({ outcome: 'cancelled', decidedBy: 'server' });
      expect((await gate.api('approvals.list', {})).some((x) => x.id === p.id)).toBe(false);
      // A late approval finds nothing, and the client was never asked.
      expect((await gate.cli('approve', p.id)).code).toBe(1);
      expect(c.sampled).toHaveLength(0);
    } finally {
      await c.close();
    }
  });

  it('client disconnect while pending: the request is cancelled and leaves the queue', async () => {
    const c = await connectClient(route('everything'));
    const call = c.call('trigger-sampling-request', { prompt: 'I will hang up', maxTokens: 10 }).catch((e: Error) => e);
    const p = await gate.nextPending('everything');
    await c.close();
    await call;
    const row = await gate.settled(p.id);
    expect(row).toMatchObject({ outcome: 'cancelled', decidedBy: 'client' });
    expect((await gate.api('approvals.list', {})).some((x) => x.id === p.id)).toBe(false);
  });

  it('trust deny and trust decide without a human', async () => {
    const denied = await connectClient(route('denied'));
    const trusted = await connectClient(route('trusted'));
    try {
      const d = await denied.call('trigger-sampling-request', { prompt: 'no', maxTokens: 10 });
      expect(d.isError).toBe(true);
      expect(textOf(d)).toMatch(/MCP error -1: .*trust\.deny/);
      const t = await trusted.call('trigger-sampling-request', { prompt: 'yes', maxTokens: 10 });
      expect(textOf(t)).toContain('completion for:');
      expect(trusted.sampled).toHaveLength(1);
      const [dRow] = await gate.api('history.query', { query: { server: 'denied', limit: 1 } });
      const [tRow] = await gate.api('history.query', { query: { server: 'trusted', limit: 1 } });
      expect(dRow).toMatchObject({ outcome: 'auto-denied', decidedBy: 'policy', rule: 'trust.deny' });
      expect(tRow).toMatchObject({ outcome: 'auto-approved', decidedBy: 'policy', rule: 'trust.trust' });
      expect(tRow!.completedAt).not.toBeNull();
    } finally {
      await denied.close();
      await trusted.close();
    }
  });
});

describe('sessions and capabilities', () => {
  it('a client without the sampling capability is not offered sampling, and a request anyway is denied saying so', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' }, { capabilities: {} });
    try {
      expect(textOf(await c.call('capabilities'))).not.toContain('sampling');
      const r = await c.call('sample', { params: { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 5 } });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/does not support sampling/);
    } finally {
      await c.close();
    }
  });

  it('request ids that collide across directions are kept apart', async () => {
    // The raw server reuses the client's tools/call id for its sampling request.
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' });
    try {
      const call = c.call('sample', { params: { messages: [{ role: 'user', content: { type: 'text', text: 'same id' } }], maxTokens: 5 } });
      const p = await gate.nextPending('raw');
      await gate.api('approvals.decide', { id: p.id, decision: { kind: 'approve' } });
      const r = await call;
      expect(JSON.parse(textOf(r))).toMatchObject({ result: { model: 'test-model' } });
    } finally {
      await c.close();
    }
  });

  it('sessions are counted while open and the downstream is closed with them', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' });
    const live = await gate.api('servers.list', {});
    expect(live.find((s) => s.id === 'raw')!.sessions).toBeGreaterThanOrEqual(1);
    await c.close();
    await waitFor(async () => ((await gate.api('servers.list', {})).find((s) => s.id === 'raw')!.sessions === 0 ? true : undefined), 'the session to close');
  });
});

describe('restart', () => {
  it('stopping the gate denies what is waiting, and the server hears it', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' });
    const call = c.call('sample', { params: { messages: [{ role: 'user', content: { type: 'text', text: 'still waiting at quit' } }], maxTokens: 5 } }).catch((e: Error) => e);
    const p = await gate.nextPending('raw');
    const stopped = gate;
    await stopped.stop();
    await call;
    expect(stopped.output()).toMatch(/\[raw\] stderr: answer for \d+: \{"error":\{"code":-1,.*"rule":"gate\.shutdown"/);
    gate = await startGate(gate.dataDir);
    expect(await gate.api('history.get', { id: p.id })).toMatchObject({ outcome: 'denied', decidedBy: 'gate', rule: 'gate.shutdown' });
    expect(gate.output()).not.toMatch(/marked failed/);
  });

  it('a restarted gate keeps the history', async () => {
    const before = await gate.api('history.query', { query: { limit: 1000 } });
    expect(before.length).toBeGreaterThan(5);
    await gate.stop();
    gate = await startGate(gate.dataDir);
    const after = await gate.api('history.query', { query: { limit: 1000 } });
    expect(after.map((e) => [e.id, e.outcome])).toEqual(before.map((e) => [e.id, e.outcome]));
    expect(after.some((e) => e.outcome === 'pending')).toBe(false);
    // The servers view still knows when each server last asked, from the history.
    const everything = (await gate.api('servers.list', {})).find((s) => s.id === 'everything')!;
    expect(everything.lastRequestAt).toBe(after.find((e) => e.server === 'everything')!.receivedAt);
  });
});
