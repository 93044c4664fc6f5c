/**
 * `sampling-gate policy explain <id>` against a real gate: requests sent by the raw server through
 * the relay are decided (by policy, by the user), and the CLI prints the trace the hold stored —
 * from the running gate, and from history.db once the gate has stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventExplanation } from '../../core/policy/explain.js';
import { connectClient, RAW_SERVER, textOf } from '../support/sampling-client.js';
import { runCli, serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';

const CONFIG = `defaults:
  trust: ask
  rateLimit: { perMinute: 100 }
servers:
  raw:
${serverEntry(RAW_SERVER)}
`;

const text = (t: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  messages: [{ role: 'user', content: { type: 'text', text: t } }],
  maxTokens: 50,
  ...extra,
});

let gate: RunningGate;
let deniedId = '';
let askedId = '';

beforeAll(async () => {
  gate = await startGate(tempDataDir(CONFIG));
  // A client that can take tools, so the request passes validity and meets the hard rule.
  const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' }, { capabilities: { sampling: { tools: {} } } });
  try {
    const tools = [{ name: 'fetch_url', inputSchema: { type: 'object' } }];
    const refused = JSON.parse(textOf(await c.call('sample', { params: text('Use the tool', { tools }) }))) as { error: { data: { eventId: string } } };
    deniedId = refused.error.data.eventId;

    const call = c.call('sample', { params: text('Summarise https://example.com/page please') });
    const p = await gate.nextPending('raw');
    askedId = p.id;
    expect((await gate.cli('deny', p.id, '--reason', 'not now')).code).toBe(0);
    await call;
  } finally {
    await c.close();
  }
});

afterAll(async () => {
  await gate?.stop();
  gate?.remove();
});

async function explainJson(...args: string[]): Promise<EventExplanation> {
  const r = await runCli(['policy', 'explain', ...args, '--json', '--data-dir', gate.dataDir]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as EventExplanation;
}

describe('policy explain with the gate running', () => {
  it('an automatic denial: the deciding step, its rule and reason, and the flags', async () => {
    const x = await explainJson(deniedId);
    expect(x).toMatchObject({ id: deniedId, server: 'raw', verdict: 'deny', outcome: 'auto-denied', decidedBy: 'policy', rule: 'rule.allowTools' });
    expect(x.reason).toMatch(/tool/);
    expect(x.trace?.map((s) => `${s.step}:${s.outcome}`)).toEqual(['validity:pass', 'trust-deny:pass', 'hard-rules:deny']);
    expect(x.trace?.at(-1)).toMatchObject({ rule: 'rule.allowTools' });
    expect(x.flags.map((f) => f.id)).toContain('tools-embedded');

    const plain = await gate.cli('policy', 'explain', deniedId);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('3. hard rules — deny [rule.allowTools]');
    expect(plain.stdout).toContain('verdict: deny by rule.allowTools');
    expect(plain.stdout).toContain('outcome: auto-denied by policy');
    expect(plain.stdout).toMatch(/^flag tools-embedded \(medium\) at \/tools/m);
  });

  it('a request the policy held: every step, then the human’s decision, and flag spans', async () => {
    const x = await explainJson(askedId);
    expect(x).toMatchObject({ verdict: 'ask', outcome: 'denied', decidedBy: 'user', rule: null, reason: 'not now' });
    expect(x.trace?.map((s) => s.step)).toEqual(['validity', 'trust-deny', 'hard-rules', 'limits', 'trust-approve', 'ask']);
    const url = x.flags.find((f) => f.id === 'url');
    expect(url).toMatchObject({ path: '/messages/0/content/text', excerpt: 'https://example.com/page' });
    const plain = (await gate.cli('policy', 'explain', askedId)).stdout;
    expect(plain).toContain('4. rate limits and budget — pass: minute 2/100');
    expect(plain).toContain('verdict: held for the user');
    expect(plain).toContain('outcome: denied by user');
    expect(plain).toContain(`flag url (low) at /messages/0/content/text [${url!.start}-${url!.end}] "https://example.com/page"`);
  });

  it('an unknown id exits 1 with one line', async () => {
    const r = await gate.cli('policy', 'explain', 'no-such-request');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no recorded request/);
  });

  it('bad usage exits 2', async () => {
    expect((await gate.cli('policy', 'explain')).code).toBe(2);
    expect((await gate.cli('policy', 'justify', askedId)).code).toBe(2);
  });
});

describe('policy explain from history.db when no gate runs', () => {
  beforeAll(async () => {
    await gate.stop();
  });

  it('prints the same explanation from the file', async () => {
    const x = await explainJson(deniedId);
    expect(x).toMatchObject({ verdict: 'deny', rule: 'rule.allowTools', outcome: 'auto-denied' });
    expect(x.trace?.at(-1)?.step).toBe('hard-rules');
    const r = await gate.cli('policy', 'explain', 'no-such-request');
    expect(r.code).toBe(1);
  });
});
