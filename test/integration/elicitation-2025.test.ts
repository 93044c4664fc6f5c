/**
 * Elicitation in the 2025 era, end to end with real processes (issue 19): server-everything's
 * elicitation tools and a raw server that can send anything, through the gate's stdio bridge and
 * its HTTP endpoint, to SDK clients that answer elicitation themselves — or cannot, so the gate's
 * own form answers. Every elicitation leaves its history row, secrets redacted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, EVERYTHING, RAW_SERVER, textOf, type Route } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';

const CONFIG = `defaults:
  trust: ask
  approvalTimeoutSeconds: 60
  elicitation: { rateLimit: { perMinute: 1000, perHour: 10000 } }
servers:
  everything:
${serverEntry(EVERYTHING, ['stdio'])}
  asking:
${serverEntry(EVERYTHING, ['stdio'], '    elicitation: { trust: ask }\n')}
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

const FORM_AND_URL = { elicitation: { form: {}, url: {} } };

describe.each([['stdio bridge', 0], ['HTTP endpoint', 1]] as const)('elicitation through the %s', (_name, r) => {
  const route = (server: string): Route => routes[r]!(server);

  it('a trusted server: checked, recorded, passed to the client, which answers', async () => {
    const c = await connectClient(route('everything'), { capabilities: FORM_AND_URL, elicit: () => ({ action: 'accept', content: { name: 'Ada', check: true, integer: 7 } }) });
    try {
      const result = await c.call('trigger-elicitation-request');
      expect(textOf(result)).toContain('Ada');
      expect(c.elicited).toHaveLength(1);
      expect(c.elicited[0]).toMatchObject({ message: 'Please provide inputs for the following fields:' });
      const [row] = await gate.json<{ id: string; kind: string; outcome: string; response: unknown; detail: unknown }[]>('history', '--kind', 'elicitation', '--server', 'everything', '--limit', '1');
      expect(row).toMatchObject({ kind: 'elicitation', outcome: 'auto-approved', response: { action: 'accept', content: { name: 'Ada', check: true, integer: 7 } }, detail: { mode: 'form', answeredBy: 'client', via: 'request' } });
    } finally {
      await c.close();
    }
  });

  it('trust ask: held until Forward to client; the client\'s decline is what the server gets', async () => {
    const c = await connectClient(route('asking'), { capabilities: FORM_AND_URL, elicit: () => ({ action: 'decline' }) });
    try {
      const call = c.call('trigger-elicitation-request');
      const p = await gate.nextPending('asking');
      expect(p).toMatchObject({ kind: 'elicitation', stage: 'request', trust: 'ask', elicitation: { mode: 'form', answeredBy: 'client' } });
      expect(c.elicited).toHaveLength(0);
      const pending = await gate.json<{ id: string; kind: string; request: { message: string } }[]>('pending');
      expect(pending.find((x) => x.id === p.id)).toMatchObject({ kind: 'elicitation', request: { message: 'Please provide inputs for the following fields:' } });
      expect((await gate.cli('approve', p.id)).code).toBe(0);
      expect(textOf(await call)).toContain('declined');
      const row = await gate.settled(p.id);
      expect(row).toMatchObject({ kind: 'elicitation', outcome: 'approved', decidedBy: 'user', answeredBy: 'client', response: { action: 'decline' } });
    } finally {
      await c.close();
    }
  });

  it('trust ask, Deny: the server gets the denial as a JSON-RPC error and the client is never asked', async () => {
    const c = await connectClient(route('asking'), { capabilities: FORM_AND_URL });
    try {
      const call = c.call('trigger-elicitation-request');
      const p = await gate.nextPending('asking');
      expect((await gate.cli('deny', p.id, '--reason', 'not now')).code).toBe(0);
      const result = await call;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('Elicitation request denied by the user: not now');
      expect(c.elicited).toHaveLength(0);
      expect(await gate.settled(p.id)).toMatchObject({ outcome: 'denied', decidedBy: 'user', reason: 'not now' });
    } finally {
      await c.close();
    }
  });

  it('a client that cannot elicit: the gate offers elicitation, shows its own form, and sends what the user answers', async () => {
    const c = await connectClient(route('everything'), { capabilities: {} });
    try {
      const { tools } = await c.client.listTools();
      expect(tools.map((t) => t.name)).toContain('trigger-elicitation-request');
      const call = c.call('trigger-elicitation-request');
      const p = await gate.nextPending('everything');
      expect(p).toMatchObject({ kind: 'elicitation', elicitation: { answeredBy: 'gate', mode: 'form' } });
      const wrong = join(gate.dataDir, `wrong-${p.id}.json`);
      writeFileSync(wrong, JSON.stringify({ name: 5 }));
      const bad = await gate.cli('approve', p.id, '--answer', wrong);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('"name" must be text');
      expect((await gate.api('approvals.list', {})).some((x) => x.id === p.id)).toBe(true);
      const file = join(gate.dataDir, `answer-${p.id}.json`);
      writeFileSync(file, JSON.stringify({ name: 'Grace', email: 'grace@example.com' }));
      const ok = await gate.cli('approve', p.id, '--answer', file);
      expect(ok.code, ok.stderr).toBe(0);
      const text = textOf(await call);
      expect(text).toContain('Grace');
      expect(text).toContain('grace@example.com');
      const row = await gate.settled(p.id);
      expect(row).toMatchObject({ outcome: 'approved', decidedBy: 'user', answeredBy: 'gate', response: { action: 'accept', content: { name: 'Grace', email: 'grace@example.com', integer: 42 } } });
    } finally {
      await c.close();
    }
  });

  it('a client that cannot elicit: deny declines, and the server hears a decline', async () => {
    const c = await connectClient(route('everything'), { capabilities: {} });
    try {
      const call = c.call('trigger-elicitation-request');
      const p = await gate.nextPending('everything');
      expect((await gate.cli('deny', p.id)).code).toBe(0);
      expect(textOf(await call)).toContain('declined');
      expect(await gate.settled(p.id)).toMatchObject({ outcome: 'denied', decidedBy: 'user', answeredBy: 'gate', response: { action: 'decline' } });
    } finally {
      await c.close();
    }
  });

  it('URL mode to a client that declared it: checked, its domain taken apart, passed on', async () => {
    const c = await connectClient(route('everything'), { capabilities: FORM_AND_URL, elicit: () => ({ action: 'accept' }) });
    try {
      const result = await c.call('trigger-url-elicitation', { url: 'https://docs.example.co.uk/connect?step=1' });
      expect(result.isError).toBeFalsy();
      expect(c.elicited[0]).toMatchObject({ mode: 'url', url: 'https://docs.example.co.uk/connect?step=1' });
      const [row] = await gate.json<{ outcome: string; detail: Record<string, unknown>; flags: { id: string }[] }[]>('history', '--kind', 'elicitation', '--server', 'everything', '--limit', '1');
      expect(row).toMatchObject({ outcome: 'auto-approved', detail: { mode: 'url', answeredBy: 'client', url: { registrableDomain: 'example.co.uk', asciiHost: 'docs.example.co.uk' } } });
      expect(row!.flags.map((f) => f.id)).toContain('elicitation.url-local-server');
    } finally {
      await c.close();
    }
  });

  it('URL mode to a client with forms only: the gate asks for consent, and the server gets accept', async () => {
    const c = await connectClient(route('everything'), { capabilities: { elicitation: { form: {} } } });
    try {
      const call = c.call('trigger-url-elicitation', { url: 'https://example.com/authorize' });
      const p = await gate.nextPending('everything');
      expect(p).toMatchObject({ kind: 'elicitation', elicitation: { mode: 'url', answeredBy: 'gate', url: { href: 'https://example.com/authorize', registrableDomain: 'example.com' } } });
      const ok = await gate.cli('approve', p.id);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('open this URL yourself: https://example.com/authorize');
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect(await gate.settled(p.id)).toMatchObject({ outcome: 'approved', answeredBy: 'gate', response: { action: 'accept' } });
    } finally {
      await c.close();
    }
  });

  it('URL-elicitation-required (-32042) to a client that shows URLs: held, recorded, passed on with its URLs', async () => {
    const c = await connectClient(route('everything'), { capabilities: FORM_AND_URL });
    try {
      const err = await c.call('trigger-url-elicitation', { url: 'https://example.com/x', errorPath: true }).then(
        () => null,
        (e: { code?: number; data?: { elicitations?: { url: string }[] } }) => e,
      );
      expect(err?.code).toBe(-32042);
      expect(err?.data?.elicitations?.[0]?.url).toBe('https://modelcontextprotocol.io');
      const [row] = await gate.json<{ outcome: string; completedAt: string | null; detail: Record<string, unknown> }[]>('history', '--kind', 'elicitation', '--server', 'everything', '--limit', '1');
      expect(row).toMatchObject({ outcome: 'auto-approved', detail: { via: 'url-required-error', answeredBy: 'client', mode: 'url' } });
      expect(row!.completedAt).not.toBeNull();
    } finally {
      await c.close();
    }
  });

  it('URL-elicitation-required (-32042) to a client that cannot show URLs: the gate does, then the retry goes through', async () => {
    const c = await connectClient(route('everything'), { capabilities: {} });
    try {
      const first = c.call('trigger-url-elicitation', { url: 'https://example.com/y', elicitationId: 'fixed-id', errorPath: true }).then(
        () => null,
        (e: { code?: number; message?: string }) => e,
      );
      const p = await gate.nextPending('everything');
      expect(p).toMatchObject({ elicitation: { via: 'url-required-error', answeredBy: 'gate', url: { href: 'https://modelcontextprotocol.io/' } } });
      expect((await gate.cli('approve', p.id)).code).toBe(0);
      const err = await first;
      expect(err?.code).toBe(-32000);
      expect(err?.message).toContain('retry once the step in the browser is done');
    } finally {
      await c.close();
    }
  });
});
