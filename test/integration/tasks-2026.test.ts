/**
 * The 2026-07-28 tasks extension through the real gate (issue 20). A raw server written from the
 * extension's spec (test/fixtures/tasks-server.mjs) turns a tools/call into a task whose tasks/get
 * results carry `inputRequests` — sampling, elicitation, roots — in rounds, the same keys on every
 * poll until answered; a raw 2026 client (test/support/raw-2026-client.ts) polls and answers with
 * tasks/update. Routes: the stdio bridge to the server as a command and as a URL, and the HTTP
 * endpoint to the URL server; the HTTP endpoint to the command server (a process per exchange,
 * which cannot follow a task) does not offer the extension. Each test fails if an entry reaches the
 * client, or an answer the server, past the hold.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, REPO, type Proc } from '../fixtures/v2-processes.js';
import { startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';
import { node22 } from '../support/conformance.js';
import { httpClient, stdioClient, TASKS_EXTENSION, type Msg, type RawClient } from '../support/raw-2026-client.js';

const TASKS_SERVER = join(REPO, 'test', 'fixtures', 'tasks-server.mjs');
/** The client samples and follows tasks; it declares neither elicitation nor roots (the gate answers those). */
const CLIENT = { sampling: {}, extensions: { [TASKS_EXTENSION]: {} } };

const SAMPLE = { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: 'summarise the repository' } }], maxTokens: 20 } };
const FORM = { method: 'elicitation/create', params: { mode: 'form', message: 'Which branch?', requestedSchema: { type: 'object', properties: { branch: { type: 'string' } }, required: ['branch'] } } };
const ROOTS = { method: 'roots/list', params: {} };

let gate: RunningGate;
let server: { proc: Proc; url: string };

beforeAll(async () => {
  const { proc, match } = await startProcess([TASKS_SERVER], /tasks-server on (\d+)/, { PORT: '0' });
  server = { proc, url: `http://127.0.0.1:${match[1]}/mcp` };
  const command = `    command: ${JSON.stringify(node22())}\n    args: [${JSON.stringify(TASKS_SERVER)}]\n`;
  const url = `    url: ${JSON.stringify(server.url)}\n`;
  const policy = `    elicitation: { trust: ask }\n    roots: { trust: deny }\n`;
  gate = await startGate(
    tempDataDir(`defaults:
  rateLimit: { perMinute: 1000, perHour: 10000, perDay: 100000, perSession: 10000 }
servers:
  tcmd:
${command}${policy}  turl:
${url}${policy}  tcmd-deny:
${command}    trust: deny
  turl-deny:
${url}    trust: deny
`),
  );
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
  await server?.proc.stop();
});

type Route = { name: string; serverId: string; deny: string; open: (serverId: string) => RawClient };
const routes: Route[] = [
  { name: 'stdio bridge → command server', serverId: 'tcmd', deny: 'tcmd-deny', open: (id) => stdioClient(node22(), gate.dataDir, id, CLIENT) },
  { name: 'stdio bridge → URL server', serverId: 'turl', deny: 'turl-deny', open: (id) => stdioClient(node22(), gate.dataDir, id, CLIENT) },
  { name: 'HTTP endpoint → URL server', serverId: 'turl', deny: 'turl-deny', open: (id) => httpClient(gate.mcpUrl(id), gate.token, CLIENT) },
];

const result = (m: Msg): Record<string, unknown> => {
  if (!('result' in m)) throw new Error(`expected a result: ${JSON.stringify(m)}`);
  return m.result as Record<string, unknown>;
};
const textOf = (r: Record<string, unknown>): string => ((r.content as { text: string }[] | undefined) ?? []).map((c) => c.text).join('');

async function startTask(c: RawClient, rounds: Record<string, unknown>[], notify = false): Promise<string> {
  const created = result(await c.rpc('tools/call', { name: 'task', arguments: { rounds, notify } }));
  expect(created).toMatchObject({ resultType: 'task', status: 'working' });
  return created.taskId as string;
}

/** Poll tasks/get until `until` holds of the task as the client sees it. */
async function poll(c: RawClient, taskId: string, until: (t: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> {
  return waitFor(async () => {
    const t = result(await c.rpc('tasks/get', { taskId }));
    return until(t) ? t : undefined;
  }, what);
}

/** What the server received of tasks/update and tasks/cancel for `taskId`. */
async function serverLog(c: RawClient, taskId: string): Promise<{ method: string; params: { inputResponses?: Record<string, unknown> }; headers: Record<string, string> | null }[]> {
  const all = JSON.parse(textOf(result(await c.rpc('tools/call', { name: 'log', arguments: {} })))) as { method: string; params: { taskId: string }; headers: Record<string, string> | null }[];
  return all.filter((e) => e.params.taskId === taskId) as never;
}

/**
 * The gate learns of a task's entries when it sees the task's state — on a client's poll, or a
 * notification: poll (when `c` is given) until one of `serverId` is pending.
 */
async function pendingFor(serverId: string, c?: RawClient, taskId?: string): Promise<{ id: string; kind: string }[]> {
  return waitFor(async () => {
    if (c && taskId) await c.rpc('tasks/get', { taskId });
    const p = (await gate.api('approvals.list', {})).filter((x) => x.server === serverId);
    return p.length >= 1 ? p : undefined;
  }, `a pending request from ${serverId}`);
}

async function noPending(serverId: string): Promise<void> {
  await waitFor(async () => ((await gate.api('approvals.list', {})).some((x) => x.server === serverId) ? undefined : true), `nothing pending from ${serverId}`);
}

describe.each(routes)('tasks through the $name', (route) => {
  it('a sampling entry is held (the task shows working, polled again and again, held once), then shown as approved; the client\'s answer reaches the server, checked', async () => {
    const c = route.open(route.serverId);
    try {
      const taskId = await startTask(c, [{ s1: SAMPLE }]);
      const [p] = await pendingFor(route.serverId, c, taskId);
      expect(p!.kind).toBe('sampling');
      for (let i = 0; i < 4; i++) {
        const t = result(await c.rpc('tasks/get', { taskId }));
        expect(t.status).toBe('working');
        expect(t).not.toHaveProperty('inputRequests');
        expect(String(t.statusMessage)).toContain('holding');
      }
      expect(await pendingFor(route.serverId, c, taskId)).toHaveLength(1);
      expect((await gate.cli('approve', p!.id)).code).toBe(0);
      const shown = await poll(c, taskId, (t) => t.status === 'input_required', 'the entry to be shown');
      expect(shown.inputRequests).toEqual({ s1: SAMPLE });
      // An answer to an entry the client was never shown is dropped before the server sees it.
      const ack = await c.rpc('tasks/update', { taskId, inputResponses: { s1: { role: 'assistant', model: 'm', content: { type: 'text', text: 'a summary' } }, smuggled: { roots: [{ uri: 'file:///etc' }] } } });
      expect(result(ack)).toEqual({ resultType: 'complete' });
      const done = await poll(c, taskId, (t) => t.status === 'completed', 'the task to complete');
      expect(JSON.parse(textOf(done.result as Record<string, unknown>))).toEqual({ s1: { role: 'assistant', model: 'm', content: { type: 'text', text: 'a summary' } } });
      const updates = await serverLog(c, taskId);
      expect(updates).toHaveLength(1);
      expect(Object.keys(updates[0]!.params.inputResponses!)).toEqual(['s1']);
      const row = await gate.settled(p!.id);
      expect(row).toMatchObject({ kind: 'sampling', outcome: 'approved', era: '2026-07-28' });
    } finally {
      await c.close();
    }
  });

  it('entries the gate answers itself never reach the client: its own form (the client cannot elicit), denied roots as an empty list, sent by the gate\'s own tasks/update', async () => {
    const c = route.open(route.serverId);
    try {
      const taskId = await startTask(c, [{ branch: FORM, where: ROOTS }]);
      const [p] = await pendingFor(route.serverId, c, taskId);
      expect(p!.kind).toBe('elicitation');
      const t = result(await c.rpc('tasks/get', { taskId }));
      expect(t).not.toHaveProperty('inputRequests');
      const file = join(gate.dataDir, `answer-${taskId}.json`);
      writeFileSync(file, JSON.stringify({ branch: 'main' }));
      expect((await gate.cli('approve', p!.id, '--answer', file)).code).toBe(0);
      const done = await poll(c, taskId, (x) => x.status === 'completed', 'the task to complete');
      expect(JSON.parse(textOf(done.result as Record<string, unknown>))).toEqual({ branch: { action: 'accept', content: { branch: 'main' } }, where: { roots: [] } });
      const updates = await serverLog(c, taskId);
      expect(updates.flatMap((u) => Object.keys(u.params.inputResponses ?? {})).sort()).toEqual(['branch', 'where']);
      // Over HTTP the gate's own POSTs carry the headers a 2026 server checks (Mcp-Name = the task id).
      for (const u of updates) if (u.headers) expect(u.headers).toMatchObject({ 'mcp-method': 'tasks/update', 'mcp-name': taskId, 'mcp-protocol-version': '2026-07-28' });
      const [rootsRow] = await gate.json<{ kind: string; outcome: string; response: unknown }[]>('history', '--kind', 'roots', '--server', route.serverId, '--limit', '1');
      expect(rootsRow).toMatchObject({ kind: 'roots', outcome: 'auto-denied', response: { roots: [] } });
    } finally {
      await c.close();
    }
  });

  it('a denied sampling entry ends the task: the client sees it failed with the refusal, the server gets tasks/cancel', async () => {
    const c = route.open(route.deny);
    try {
      const taskId = await startTask(c, [{ s1: SAMPLE }]);
      const failed = await poll(c, taskId, (t) => t.status === 'failed', 'the task to fail');
      expect(failed).not.toHaveProperty('inputRequests');
      expect(String(failed.statusMessage)).toContain('Sampling Gate stopped this task');
      expect((failed.error as { message: string }).message).toBeTruthy();
      await waitFor(async () => ((await serverLog(c, taskId)).some((u) => u.method === 'tasks/cancel') ? true : undefined), 'the server to get tasks/cancel');
      expect((await serverLog(c, taskId)).filter((u) => u.method === 'tasks/update')).toHaveLength(0);
    } finally {
      await c.close();
    }
  });

  it('the client cancels a task while an entry is held: the hold ends, the row says cancelled, the server gets the cancel', async () => {
    const c = route.open(route.serverId);
    try {
      const taskId = await startTask(c, [{ s1: SAMPLE }]);
      const [p] = await pendingFor(route.serverId, c, taskId);
      expect(result(await c.rpc('tasks/cancel', { taskId }))).toEqual({ resultType: 'complete' });
      await noPending(route.serverId);
      expect((await gate.settled(p!.id)).outcome).toBe('cancelled');
      expect((await serverLog(c, taskId)).map((u) => u.method)).toEqual(['tasks/cancel']);
    } finally {
      await c.close();
    }
  });

  it('rounds: a second round\'s entries are held in turn', async () => {
    const c = route.open(route.serverId);
    try {
      const taskId = await startTask(c, [{ first: SAMPLE }, { second: { ...SAMPLE, params: { ...SAMPLE.params, maxTokens: 7 } } }]);
      for (const key of ['first', 'second']) {
        const [p] = await pendingFor(route.serverId, c, taskId);
        expect(result(await c.rpc('tasks/get', { taskId }))).not.toHaveProperty('inputRequests');
        expect((await gate.cli('approve', p!.id)).code).toBe(0);
        const shown = await poll(c, taskId, (t) => t.status === 'input_required', `${key} to be shown`);
        expect(Object.keys(shown.inputRequests as object)).toEqual([key]);
        await c.rpc('tasks/update', { taskId, inputResponses: { [key]: { role: 'assistant', model: 'm', content: { type: 'text', text: key } } } });
      }
      await poll(c, taskId, (t) => t.status === 'completed', 'the task to complete');
    } finally {
      await c.close();
    }
  });
});

describe('an entry of a method the gate does not hold', () => {
  it('ends the task (failed, naming the method) rather than reach the client; the server gets tasks/cancel', async () => {
    const c = httpClient(gate.mcpUrl('turl'), gate.token, CLIENT);
    const taskId = await startTask(c, [{ clip: { method: 'x-vendor/read_clipboard', params: {} } }]);
    const failed = await poll(c, taskId, (t) => t.status === 'failed', 'the task to fail');
    expect(JSON.stringify(failed)).not.toContain('inputRequests');
    expect(String((failed.error as { message: string }).message)).toContain('x-vendor/read_clipboard');
    await waitFor(async () => ((await serverLog(c, taskId)).some((u) => u.method === 'tasks/cancel') ? true : undefined), 'the server to get tasks/cancel');
  });
});

describe('task notifications carry input requests too', () => {
  it('stdio: a pushed notifications/tasks shows the held task as working, never its entries', async () => {
    const c = stdioClient(node22(), gate.dataDir, 'tcmd', CLIENT);
    try {
      const taskId = await startTask(c, [{ s1: SAMPLE }], true);
      const [p] = await pendingFor('tcmd');
      const seen = await waitFor(async () => c.notifications.find((n) => n.method === 'notifications/tasks' && (n.params as { taskId: string }).taskId === taskId), 'a task notification');
      expect(seen.params).toMatchObject({ status: 'working' });
      expect(c.notifications.some((n) => JSON.stringify(n).includes('inputRequests'))).toBe(false);
      expect((await gate.cli('deny', p!.id)).code).toBe(0);
    } finally {
      await c.close();
    }
  });

  it('HTTP: a subscriptions/listen stream shows the held task as working, never its entries', async () => {
    const c = httpClient(gate.mcpUrl('turl'), gate.token, CLIENT);
    const events: Msg[] = [];
    try {
      const taskId = await startTask(c, [{ s1: SAMPLE }], true);
      const sub = c.stream!('subscriptions/listen', { notifications: { taskIds: [taskId] } }, (m) => events.push(m));
      const [p] = await pendingFor('turl');
      expect((await gate.cli('approve', p!.id)).code).toBe(0);
      const shown = await poll(c, taskId, (t) => t.status === 'input_required', 'the entry to be shown');
      await c.rpc('tasks/update', { taskId, inputResponses: { s1: { role: 'assistant', model: 'm', content: { type: 'text', text: 'ok' } } } });
      await waitFor(async () => (events.some((e) => (e.params as { status?: string } | undefined)?.status === 'completed') ? true : undefined), 'the completed notification');
      sub.close();
      expect(shown.inputRequests).toEqual({ s1: SAMPLE });
      // Every notification seen is a view the gate allowed: entries only once approved.
      const withEntries = events.filter((e) => JSON.stringify(e).includes('inputRequests'));
      for (const e of withEntries) expect((e.params as { inputRequests: object }).inputRequests).toEqual({ s1: SAMPLE });
    } finally {
      await c.close();
    }
  });
});

describe('where the extension cannot be followed, it is not offered', () => {
  it('HTTP endpoint → command server (a process per exchange): the server never sees the extension, and answers -32021', async () => {
    const c = httpClient(gate.mcpUrl('tcmd'), gate.token, CLIENT);
    const answer = await c.rpc('tools/call', { name: 'task', arguments: { rounds: [{ s1: SAMPLE }] } });
    expect((answer.error as { code: number }).code).toBe(-32021);
    await noPending('tcmd');
  });
});

describe('the HTTP pass-through to a URL server sees what a session sees', () => {
  it('a -32042 error (a 2025-11-25 shape sent anyway) is held and its URLs checked: a javascript: URL never reaches the client', async () => {
    const c = httpClient(gate.mcpUrl('turl'), gate.token, { ...CLIENT, elicitation: { url: {} } });
    const elicitations = [
      { mode: 'url', message: 'x', url: 'javascript:alert(1)', elicitationId: 'j' },
      { mode: 'url', message: 'Sign in', url: 'https://example.com/login', elicitationId: 'ok' },
    ];
    const asked = c.rpc('tools/call', { name: 'reply', arguments: { error: { code: -32042, message: 'URL elicitation required', data: { elicitations } } } });
    // Held (elicitation trust: ask on this server) like the same error in a session.
    const [p] = await pendingFor('turl');
    expect(p!.kind).toBe('elicitation');
    expect((await gate.cli('approve', p!.id)).code).toBe(0);
    const answer = await asked;
    const error = answer.error as { code: number; data?: { elicitations?: { url: string }[] } };
    expect(error.code).toBe(-32042);
    expect(JSON.stringify(answer)).not.toContain('javascript:');
    const rows = await gate.json<{ server: string; rule: string | null; detail: { via: string } }[]>('history', '--kind', 'elicitation', '--server', 'turl', '--limit', '2');
    expect(rows.every((r) => r.detail.via === 'url-required-error')).toBe(true);
    expect(rows.some((r) => r.rule === 'elicitation.invalid-url' || r.rule === 'protocol.invalid-params')).toBe(true);
  });
});
