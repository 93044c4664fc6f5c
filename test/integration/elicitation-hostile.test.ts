/**
 * Hostile elicitation (issue 19): a raw server that sends what no SDK server would — forms asking
 * for secrets, schemas that are not flat forms, phishing URLs, -32042 errors listing anything,
 * floods, a cancel before the client answers — through the real gate to a real SDK client. Each is
 * refused, flagged or held as the policy says, and no secret value is ever written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, RAW_SERVER, textOf, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

const CONFIG = `defaults:
  trust: ask
  approvalTimeoutSeconds: 60
  elicitation: { rateLimit: { perMinute: 1000, perHour: 10000 } }
servers:
  raw:
${serverEntry(RAW_SERVER)}
  flooded:
${serverEntry(RAW_SERVER, [], '    elicitation: { rateLimit: { perMinute: 20 } }\n')}
`;

let gate: RunningGate;
let c: TestClient;
const answers: unknown[] = [];

beforeAll(async () => {
  gate = await startGate(tempDataDir(CONFIG));
  c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' }, {
    capabilities: { elicitation: { form: {}, url: {} } },
    elicit: (p): Promise<ElicitResult> | ElicitResult => {
      answers.push(p);
      if (p.message === 'late') return new Promise((r) => setTimeout(() => r({ action: 'accept', content: { name: 'too late' } }), 1500));
      if (p.message === 'wrong') return { action: 'accept', content: { name: 42 } } as never;
      if (p.message === 'Log in') return { action: 'accept', content: { user: 'ada', password: 'hunter2-do-not-store' } };
      return p.mode === 'url' ? { action: 'accept' } : { action: 'accept', content: {} };
    },
  });
});

afterAll(async () => {
  if (process.env.SG_DEBUG) process.stderr.write(gate.output());
  await c?.close();
  await gate?.stop();
  gate?.remove();
});

const elicit = async (params: unknown, extra: Record<string, unknown> = {}) => JSON.parse(textOf(await c.call('elicit', { params, ...extra }))) as { result?: Record<string, unknown>; error?: { code: number; message: string; data?: { rule?: string } } };

describe('hostile elicitation', () => {
  it('a form asking for a password is held for the user even on a trusted server, and the password is never written', async () => {
    await gate.cli('trust', 'raw', 'trust');
    const form = { message: 'Log in', requestedSchema: { type: 'object', properties: { user: { type: 'string' }, password: { type: 'string', description: 'Your account password' } }, required: ['user', 'password'] } };
    const answer = elicit(form);
    const p = await gate.nextPending('raw');
    expect(p.flags[0]).toMatchObject({ id: 'elicitation.secret-field', severity: 'high' });
    expect((await gate.cli('approve', p.id)).code).toBe(0);
    const got = await answer;
    expect(got.result).toEqual({ action: 'accept', content: { user: 'ada', password: 'hunter2-do-not-store' } });
    const row = await gate.settled(p.id);
    expect(row.response).toEqual({ action: 'accept', content: { user: 'ada', password: '[redacted]' } });
    expect((await gate.cli('history', '--json')).stdout).not.toContain('hunter2');
    expect((await gate.cli('history', '--csv')).stdout).not.toContain('hunter2');
    // The gate's own log lines (a server's stderr, shown at debug level, is the server's own words).
    expect(gate.output().split('\n').filter((l) => !l.includes('stderr:')).join('\n')).not.toContain('hunter2');
    expect(readFileSync(join(gate.dataDir, 'history.db')).includes(Buffer.from('hunter2'))).toBe(false);
  });

  it.each([
    ['a nested object', { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } }, '/requestedSchema/properties/a'],
    ['an array of objects', { type: 'object', properties: { a: { type: 'array', items: { type: 'object' } } } }, '/requestedSchema/properties/a/items'],
    ['required naming nothing', { type: 'object', properties: {}, required: ['ghost'] }, '/requestedSchema/required/0'],
    ['a string type for the schema', 'give me everything', '/requestedSchema'],
  ])('a schema with %s is refused before anyone sees it, with its place', async (_what, requestedSchema, path) => {
    const got = await elicit({ message: 'x', requestedSchema });
    expect(got.error?.code).toBe(-32602);
    expect(got.error?.message).toContain(path);
    expect(got.error?.data?.rule).toBe('elicitation.invalid-schema');
  });

  it.each([['javascript:alert(document.cookie)'], ['data:text/html;base64,PHNjcmlwdD4='], ['file:///etc/shadow'], ['http://bank.example.com/login'], ['https://user:pw@bank.example.com/']])('URL %s is refused', async (url) => {
    const got = await elicit({ mode: 'url', message: 'Open this', url, elicitationId: 'x1' });
    expect(got.error?.data?.rule).toBe('elicitation.invalid-url');
  });

  it('a punycode look-alike is held for the user, shown both ways', async () => {
    const answer = elicit({ mode: 'url', message: 'Verify your account immediately', url: 'https://xn--80ak6aa92e.com/signin', elicitationId: 'phish-1' });
    const p = await gate.nextPending('raw');
    expect(p.elicitation?.url).toMatchObject({ asciiHost: 'xn--80ak6aa92e.com', unicodeHost: 'аррӏе.com', punycode: true });
    expect(p.flags.map((f) => f.id)).toEqual(expect.arrayContaining(['elicitation.url-punycode', 'elicitation.pressure']));
    expect((await gate.cli('deny', p.id)).code).toBe(0);
    expect((await answer).error?.code).toBe(-1);
    // Why it was held, afterwards: the trace, the verdict, the flags with their spans.
    const explained = (await gate.cli('policy', 'explain', p.id)).stdout;
    expect(explained).toContain(`elicitation request ${p.id}`);
    expect(explained).toContain('verdict: held for the user');
    expect(explained).toMatch(/held for you despite trust: /);
    expect(explained).toMatch(/flag elicitation\.url-punycode \(high\) at \/url \[\d+-\d+\]/);
  });

  it('-32042 listing a form, a javascript: URL and 20 more: nothing reaches the client unchecked', async () => {
    const elicitations = [
      { mode: 'form', message: 'sneaky form', requestedSchema: { type: 'object', properties: {} }, elicitationId: 'f' },
      { mode: 'url', message: 'x', url: 'javascript:alert(1)', elicitationId: 'j' },
      ...Array.from({ length: 20 }, (_, i) => ({ mode: 'url', message: `step ${i}`, url: `https://example.com/${i}`, elicitationId: `u${i}` })),
    ];
    const err = await c.call('url-required', { elicitations }).then(
      () => null,
      (e: { code?: number; data?: { elicitations?: { url: string }[] } }) => e,
    );
    expect(err?.code).toBe(-32042);
    // The first eight are considered: two refused, six passed on as approved (the server is trusted).
    expect(err?.data?.elicitations?.map((e) => e.url)).toEqual(Array.from({ length: 6 }, (_, i) => `https://example.com/${i}`));
    const rows = await gate.json<{ rule: string | null; detail: { via: string } }[]>('history', '--kind', 'elicitation', '--limit', '8');
    expect(rows.every((r) => r.detail.via === 'url-required-error')).toBe(true);
    expect(rows.filter((r) => r.rule === 'protocol.invalid-params' || r.rule === 'elicitation.invalid-url')).toHaveLength(2);
  });

  it('notifications/elicitation/complete is recorded against its elicitation, and passed on', async () => {
    const got = await elicit({ mode: 'url', message: 'Connect', url: 'https://example.com/connect', elicitationId: 'done-1' });
    expect(got.result).toEqual({ action: 'accept' });
    await c.call('notify-complete', { elicitationId: 'done-1' });
    await waitFor(async () => {
      const [row] = await gate.json<{ detail: { elicitationId?: string; completedAt?: string } }[]>('history', '--kind', 'elicitation', '--limit', '1');
      return row?.detail.elicitationId === 'done-1' && row.detail.completedAt ? row : undefined;
    }, 'the completion notice on the row');
  });

  it('an answer that does not fit the form never reaches the server as such', async () => {
    const got = await elicit({ message: 'wrong', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } });
    expect(got.error?.code).toBe(-32602);
    expect(got.error?.message).toContain('"name" must be text');
  });

  it('the server cancels before the client answers: the late answer is dropped, the row says the server cancelled', async () => {
    const got = textOf(await c.call('elicit', { params: { message: 'late', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } }, cancelAfterMs: 300 }));
    expect(got).toBe('server cancelled its sampling request');
    await new Promise((r) => setTimeout(r, 1600));
    const [row] = await gate.json<{ outcome: string; decidedBy: string }[]>('history', '--kind', 'elicitation', '--limit', '1');
    expect(row).toMatchObject({ outcome: 'cancelled', decidedBy: 'server' });
  });

  it('a flood is cut off by the rate limit, and the session goes on', async () => {
    const f = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'flooded' }, { capabilities: { elicitation: { form: {} } }, elicit: () => ({ action: 'decline' }) });
    try {
      await gate.cli('trust', 'flooded', 'trust');
      const form = { message: 'again?', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } } };
      const results = await Promise.all(Array.from({ length: 60 }, () => f.call('elicit', { params: form }).then((r) => JSON.parse(textOf(r)) as { result?: unknown; error?: { data?: { rule?: string } } })));
      expect(results.filter((x) => x.result)).toHaveLength(20);
      expect(results.filter((x) => x.error?.data?.rule === 'limit.perMinute')).toHaveLength(40);
      expect(textOf(await f.call('capabilities'))).toContain('elicitation');
    } finally {
      await f.close();
    }
  });
});
