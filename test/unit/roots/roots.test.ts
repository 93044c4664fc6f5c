/**
 * Roots: each URI checked and normalised (file:// only, no traversal however encoded, no other
 * host), allow-lists path-wise, and the room in the hold — deny gives an empty list without asking,
 * ask shows the exact list once per session and again when it changes.
 */
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../core/history/history-store.js';
import { ApprovalQueue } from '../../../core/hold/approval-queue.js';
import { clientCapsFrom } from '../../../core/hold/client-caps.js';
import { Hold } from '../../../core/hold/hold.js';
import type { HoldRequest } from '../../../core/hold/types.js';
import { silentLogger } from '../../../core/log.js';
import { checkRootUri, under } from '../../../core/roots/root-uri.js';
import { RootsKind } from '../../../core/roots/roots-kind.js';
import { BUILT_IN_DEFAULTS, type EffectivePolicy } from '../../../shared/config-schema.js';

describe('checkRootUri', () => {
  it.each([
    ['file:///projects/a', 'file:///projects/a', '/projects/a'],
    ['file:///projects/a/', 'file:///projects/a', '/projects/a'],
    ['file://localhost/projects/a', 'file:///projects/a', '/projects/a'],
    ['file:///projects/./a', 'file:///projects/a', '/projects/a'],
    ['file:///home/u/my%20project', 'file:///home/u/my%20project', '/home/u/my project'],
    ['file:///C:/Users/ada', 'file:///C:/Users/ada', '/C:/Users/ada'],
    ['file:///', 'file:///', '/'],
  ])('%s → %s', (uri, normal, path) => {
    expect(checkRootUri(uri)).toEqual({ ok: true, uri: normal, path });
  });

  it.each([
    ['file:///projects/a/../../etc', '..'],
    ['file:///projects/a/%2e%2e/secret', '..'],
    ['file:///projects/a/%2E%2E', '..'],
    ['file://fileserver/share', 'another host'],
    ['https://example.com/', 'not a file'],
    ['/projects/a', 'not a file'],
    ['file:///a?x=1', 'query'],
    ['file:///a\\..\\b', 'backslashes'],
    ['file:///a%00b', 'NUL'],
    ['file:///a%zz', 'percent'],
  ])('refuses %s', (uri, why) => {
    const c = checkRootUri(uri);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.reason).toContain(why);
  });

  it('matches allow-lists path-wise: /projects/a allows /projects/a/b, not /projects/a-private', () => {
    expect(under('/projects/a', ['/projects/a'])).toBe(true);
    expect(under('/projects/a/b', ['/projects/a/'])).toBe(true);
    expect(under('/projects/a-private', ['/projects/a'])).toBe(false);
    expect(under('/projects', ['/projects/a'])).toBe(false);
    expect(under('/projects/a/b', ['file:///projects/a'])).toBe(true);
    expect(under('/C:/Users/Ada/x', ['c:\\users\\ada'])).toBe(true);
    expect(under('/etc', ['/projects/a/../..'])).toBe(false);
  });
});

const ROOTS = { roots: [{ uri: 'file:///projects/a', name: 'a' }, { uri: 'file:///projects/a-private' }, { uri: 'file:///projects/a/../../etc' }, { uri: 'file:///projects/b/' }] };

function setup(roots: Partial<EffectivePolicy['roots']> = {}) {
  const policy: EffectivePolicy = { ...BUILT_IN_DEFAULTS, rules: [], roots: { ...BUILT_IN_DEFAULTS.roots, ...roots } };
  const history = new HistoryStore(':memory:');
  const queue = new ApprovalQueue();
  const given: string[][] = [];
  const hold = new Hold({ history, queue, policyFor: () => policy, log: silentLogger, kinds: [new RootsKind({ policyFor: () => policy, onGiven: (_s, uris) => given.push(uris) })] });
  return { hold, history, queue, given };
}

const req = (session = 'x', caps: unknown = { roots: { listChanged: true } }): HoldRequest => ({
  kind: 'roots',
  serverId: 's',
  sessionId: session,
  era: '2025-11-25',
  params: {},
  client: clientCapsFrom(caps),
  signal: new AbortController().signal,
});

async function waiting(queue: ApprovalQueue): Promise<string> {
  for (let i = 0; i < 200 && queue.size === 0; i++) await new Promise((r) => setTimeout(r, 5));
  return queue.list()[0]!.id;
}

describe('roots in the hold', () => {
  it('trust: the client\'s roots, checked, normalised and filtered by allow, are what the server gets and what the row records', async () => {
    const { hold, history, given } = setup({ allow: ['/projects/a'] });
    const c = await hold.run(req(), async () => ({ result: ROOTS }));
    expect(c).toEqual({ kind: 'result', result: { roots: [{ uri: 'file:///projects/a', name: 'a' }] } });
    const [row] = history.query({ kind: 'roots' });
    expect(row).toMatchObject({ kind: 'roots', answeredBy: 'client', response: { roots: [{ uri: 'file:///projects/a' }] } });
    expect(row!.detail).toMatchObject({ given: ['file:///projects/a'], removed: [{ uri: 'file:///projects/a-private' }, { uri: 'file:///projects/a/../../etc', why: expect.stringContaining('..') }, { uri: 'file:///projects/b' }] });
    expect(given).toEqual([['file:///projects/a']]);
  });

  it('deny: the server gets an empty list and the client is never asked', async () => {
    const { hold, history } = setup({ trust: 'deny' });
    const c = await hold.run(req(), async () => {
      throw new Error('the client must not be asked');
    });
    expect(c).toEqual({ kind: 'result', result: { roots: [] } });
    expect(history.query({ kind: 'roots' })[0]).toMatchObject({ outcome: 'auto-denied', rule: 'roots.trust.deny', response: { roots: [] } });
  });

  it('ask: the user sees the exact list; once approved it is not asked again in the session, until it changes', async () => {
    const { hold, queue, history } = setup({ trust: 'ask' });
    const first = hold.run(req('s1'), async () => ({ result: { roots: [{ uri: 'file:///projects/a' }] } }));
    const id = await waiting(queue);
    expect(queue.list()[0]).toMatchObject({ kind: 'roots', stage: 'response', roots: { given: ['file:///projects/a'] } });
    expect(queue.decide(id, 'response', { kind: 'approve' }).ok).toBe(true);
    expect(await first).toEqual({ kind: 'result', result: { roots: [{ uri: 'file:///projects/a' }] } });
    expect(history.get(id)).toMatchObject({ outcome: 'approved', decidedBy: 'user' });
    // The same list in the same session: given without asking.
    expect(await hold.run(req('s1'), async () => ({ result: { roots: [{ uri: 'file:///projects/a' }] } }))).toMatchObject({ kind: 'result' });
    expect(queue.size).toBe(0);
    // A changed list asks again; Deny gives an empty list, not an error.
    const changed = hold.run(req('s1'), async () => ({ result: { roots: [{ uri: 'file:///projects/a' }, { uri: 'file:///projects/c' }] } }));
    const again = await waiting(queue);
    expect(queue.decide(again, 'response', { kind: 'deny' }).ok).toBe(true);
    expect(await changed).toEqual({ kind: 'result', result: { roots: [] } });
    expect(history.get(again)).toMatchObject({ outcome: 'denied', decidedBy: 'user', response: { roots: [] } });
  });

  it('a client without roots, and an answer that is not a roots list', async () => {
    const { hold } = setup();
    expect(await hold.run(req('x', {}), async () => ({ result: ROOTS }))).toMatchObject({ kind: 'refuse', refusal: { data: { rule: 'client.no-roots' } } });
    expect(await hold.run(req(), async () => ({ result: { roots: 'all of them' } }))).toMatchObject({ kind: 'refuse', refusal: { data: { rule: 'protocol.invalid-result' } } });
  });
});
