/**
 * Elicitation's room in the hold, with a real history store: the decision order, who answers and
 * what the server is told, the user's own answers, the client's answers checked and redacted.
 */
import { describe, expect, it } from 'vitest';
import { ElicitationKind } from '../../../core/elicitation/elicitation-kind.js';
import { HistoryStore } from '../../../core/history/history-store.js';
import { ApprovalQueue } from '../../../core/hold/approval-queue.js';
import { clientCapsFrom } from '../../../core/hold/client-caps.js';
import { Hold } from '../../../core/hold/hold.js';
import type { HoldRequest } from '../../../core/hold/types.js';
import { silentLogger } from '../../../core/log.js';
import { BUILT_IN_DEFAULTS, type EffectivePolicy } from '../../../shared/config-schema.js';
import type { ElicitationDetail } from '../../../shared/elicitation.js';

const FORM = { message: 'Who are you?', requestedSchema: { type: 'object', properties: { name: { type: 'string' }, nick: { type: 'string', default: 'anon' } }, required: ['name'] } };
const SECRET = { message: 'Log in', requestedSchema: { type: 'object', properties: { user: { type: 'string' }, password: { type: 'string', title: 'Password' } }, required: ['user', 'password'] } };
const URL_ELICITATION = { mode: 'url', message: 'Connect your account', url: 'https://auth.example.com/connect', elicitationId: 'e-1' };

function setup(elicitation: Partial<EffectivePolicy['elicitation']> = {}, openUrl?: (url: string) => void) {
  const policy: EffectivePolicy = { ...BUILT_IN_DEFAULTS, rules: [], elicitation: { ...BUILT_IN_DEFAULTS.elicitation, ...elicitation } };
  const history = new HistoryStore(':memory:');
  const queue = new ApprovalQueue();
  const kind = new ElicitationKind({ policyFor: () => policy, homeOf: () => ({ kind: 'url', host: 'mcp.example.com' }), log: silentLogger, ...(openUrl ? { openUrl } : {}) });
  const hold = new Hold({ history, queue, policyFor: () => policy, log: silentLogger, kinds: [kind] });
  return { hold, history, queue, kind };
}

const req = (params: unknown, caps: unknown = { elicitation: { form: {}, url: {} } }, era: HoldRequest['era'] = '2025-11-25'): HoldRequest => ({
  kind: 'elicitation',
  serverId: 's',
  sessionId: 'x',
  era,
  params,
  client: clientCapsFrom(caps),
  signal: new AbortController().signal,
});

async function pendingOf(queue: ApprovalQueue): Promise<string> {
  for (let i = 0; i < 200 && queue.size === 0; i++) await new Promise((r) => setTimeout(r, 5));
  return queue.list()[0]!.id;
}

describe('elicitation in the hold', () => {
  it('a trusted server\'s valid form goes to the client; the answer is checked and recorded', async () => {
    const { hold, history } = setup();
    const r = req(FORM);
    const c = await hold.run(r, async () => ({ result: { action: 'accept', content: { name: 'Ada' } } }));
    expect(c).toEqual({ kind: 'result', result: { action: 'accept', content: { name: 'Ada' } } });
    const [row] = history.query({ kind: 'elicitation' });
    expect(row).toMatchObject({ kind: 'elicitation', outcome: 'auto-approved', decidedBy: 'policy', rule: 'elicitation.trust.trust', answeredBy: 'client', response: { action: 'accept', content: { name: 'Ada' } } });
    expect(row!.trace!.map((s) => s.step)).toEqual(['validity', 'trust-deny', 'hard-rules', 'limits', 'trust-approve']);
  });

  it('an invalid schema is refused with its place, and a client answer that does not fit the form fails the request', async () => {
    const { hold, history } = setup();
    const bad = await hold.run(req({ message: 'x', requestedSchema: { type: 'object', properties: { a: { type: 'object' } } } }), async () => ({ result: {} }));
    expect(bad).toMatchObject({ kind: 'refuse', refusal: { code: -32602, data: { rule: 'elicitation.invalid-schema' } } });
    expect(bad.kind === 'refuse' && bad.refusal.message).toContain('/requestedSchema/properties/a/type');
    const wrong = await hold.run(req(FORM), async () => ({ result: { action: 'accept', content: { name: 42 } } }));
    expect(wrong).toMatchObject({ kind: 'refuse', refusal: { code: -32602, data: { rule: 'protocol.invalid-result' } } });
    expect(history.query({ kind: 'elicitation' })[0]).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('"name" must be text') });
  });

  it('a secret field holds even a trusted server\'s form, and its value is never written', async () => {
    const { hold, history, queue } = setup();
    const run = hold.run(req(SECRET), async () => ({ result: { action: 'accept', content: { user: 'ada', password: 'hunter2' } } }));
    const id = await pendingOf(queue);
    expect(queue.list()[0]!.flags[0]).toMatchObject({ id: 'elicitation.secret-field', severity: 'high', path: '/requestedSchema/properties/password' });
    expect(queue.decide(id, 'request', { kind: 'approve' }).ok).toBe(true);
    expect(await run).toEqual({ kind: 'result', result: { action: 'accept', content: { user: 'ada', password: 'hunter2' } } });
    const row = history.get(id)!;
    expect(row.response).toEqual({ action: 'accept', content: { user: 'ada', password: '[redacted]' } });
    expect(JSON.stringify(history.query({}))).not.toContain('hunter2');
    expect((row.detail as ElicitationDetail).secretFields).toEqual(['password']);
  });

  it('decline and cancel carry no content to the server', async () => {
    const { hold } = setup();
    expect(await hold.run(req(FORM), async () => ({ result: { action: 'decline', content: { name: 'leak' } } }))).toEqual({ kind: 'result', result: { action: 'decline' } });
  });

  it('the gate answers a client without forms: the user\'s answer is checked (defaults filled) and sent', async () => {
    const { hold, queue, history } = setup();
    const run = hold.run(req(FORM, {}), async () => {
      throw new Error('the client must not be asked');
    });
    const id = await pendingOf(queue);
    expect(queue.list()[0]).toMatchObject({ elicitation: { answeredBy: 'gate' } });
    expect(queue.decide(id, 'request', { kind: 'answer', action: 'accept', content: {} })).toMatchObject({ ok: false, error: { message: '"name" is required' } });
    expect(queue.decide(id, 'request', { kind: 'approve', model: 'x' }).ok).toBe(false);
    expect(queue.decide(id, 'request', { kind: 'answer', action: 'accept', content: { name: 'Grace' } }).ok).toBe(true);
    expect(await run).toEqual({ kind: 'result', result: { action: 'accept', content: { name: 'Grace', nick: 'anon' } } });
    expect(history.get(id)).toMatchObject({ outcome: 'approved', decidedBy: 'user', answeredBy: 'gate' });
  });

  it('the gate answers: deny declines, cancel cancels, each with its outcome', async () => {
    for (const [decision, action, outcome] of [
      [{ kind: 'deny' }, 'decline', 'denied'],
      [{ kind: 'answer', action: 'cancel' }, 'cancel', 'cancelled'],
    ] as const) {
      const { hold, queue, history } = setup();
      const run = hold.run(req(FORM, {}), async () => ({ result: {} }));
      const id = await pendingOf(queue);
      expect(queue.decide(id, 'request', decision).ok).toBe(true);
      expect(await run).toEqual({ kind: 'result', result: { action } });
      expect(history.get(id)).toMatchObject({ outcome, answeredBy: 'gate' });
    }
  });

  it('a URL the user consents to is opened by the host, and the server gets accept', async () => {
    const opened: string[] = [];
    const { hold, queue } = setup({}, (u) => opened.push(u));
    const run = hold.run(req(URL_ELICITATION, { elicitation: { form: {} } }), async () => ({ result: {} }));
    const id = await pendingOf(queue);
    expect(queue.decide(id, 'request', { kind: 'approve' }).ok).toBe(true);
    expect(await run).toEqual({ kind: 'result', result: { action: 'accept' } });
    expect(opened).toEqual(['https://auth.example.com/connect']);
  });

  it('policy: trust deny, allowUrl, urlHosts, the managed host list, answerWith client, the rate limit', async () => {
    const rule = async (e: Partial<EffectivePolicy['elicitation']>, params: unknown, caps: unknown = { elicitation: { form: {}, url: {} } }) => {
      const { hold } = setup(e);
      const c = await hold.run(req(params, caps), async () => ({ result: { action: 'accept' } }));
      return c.kind === 'refuse' ? c.refusal.data.rule : c.kind;
    };
    expect(await rule({ trust: 'deny' }, FORM)).toBe('elicitation.trust.deny');
    expect(await rule({ allowUrl: false }, URL_ELICITATION)).toBe('elicitation.allowUrl');
    expect(await rule({ urlHosts: ['*.example.org'] }, URL_ELICITATION)).toBe('elicitation.urlHosts');
    expect(await rule({ urlHosts: ['*.example.com'] }, URL_ELICITATION)).toBe('result');
    expect(await rule({ managedUrlHosts: ['login.example.com'] }, URL_ELICITATION)).toBe('elicitation.urlHosts');
    expect(await rule({ answerWith: 'client' }, FORM, {})).toBe('client.no-elicitation');
    expect(await rule({}, { ...URL_ELICITATION, elicitationId: undefined })).toBe('protocol.invalid-params');
    const { hold } = setup({ rateLimit: { perMinute: 2, perHour: null } });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await hold.run(req(FORM), async () => ({ result: { action: 'decline' } }))).kind);
    expect(outcomes).toEqual(['result', 'result', 'refuse']);
  });

  it('tells the server the client\'s own modes where it answers, the gate\'s where its form does', () => {
    const { kind } = setup();
    expect(kind.advertise('s', clientCapsFrom({ elicitation: { form: { applyDefaults: true } } }), { form: { applyDefaults: true } })).toEqual({ form: { applyDefaults: true }, url: {} });
    expect(kind.advertise('s', clientCapsFrom({}), undefined)).toEqual({ form: {}, url: {} });
    expect(setup({ allowUrl: false }).kind.advertise('s', clientCapsFrom({}), undefined)).toEqual({ form: {} });
    expect(setup({ answerWith: 'client' }).kind.advertise('s', clientCapsFrom({}), undefined)).toBeNull();
    expect(setup({ answerWith: 'client' }).kind.advertise('s', clientCapsFrom({ elicitation: {} }), {})).toEqual({ form: {} });
    expect(kind.route('s', clientCapsFrom({ elicitation: {} }), URL_ELICITATION)).toEqual({ by: 'gate' });
    expect(kind.route('s', clientCapsFrom({ elicitation: {} }), FORM)).toEqual({ by: 'client' });
  });
});
