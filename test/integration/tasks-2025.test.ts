/**
 * 2025-11-25 tasks through the real gate (issue 20): the gate is the receiver of task-augmented
 * sampling and elicitation. server-everything's trigger-sampling-request-async and
 * trigger-elicitation-request-async tools (registered only when the client side offers
 * `tasks.requests.*`) send the request with `params.task`, take a CreateTaskResult, poll tasks/get
 * and fetch tasks/result; its simulate-research-query tool is a server-side task whose elicitation
 * reaches the client on the tasks/result stream. A raw server drives the receiver's edges
 * (tasks/list, cancel while held, unknown ids). SDK v1 clients, over the stdio bridge and the HTTP
 * endpoint. Every test fails if a request reaches the client, or an answer the server, unheld.
 */
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, EVERYTHING, RAW_SERVER, textOf, type Route, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';
import { startEverythingHttp, type Proc } from '../fixtures/v2-processes.js';

const CONFIG = (everythingUrl: string) => `servers:
  everything-url:
    url: ${JSON.stringify(everythingUrl)}
  everything-deny-url:
    url: ${JSON.stringify(everythingUrl)}
    trust: deny
  everything-elicit-url:
    url: ${JSON.stringify(everythingUrl)}
    elicitation: { trust: ask }
  everything:
${serverEntry(EVERYTHING, ['stdio'])}
  everything-deny:
${serverEntry(EVERYTHING, ['stdio'], '    trust: deny\n')}
  everything-elicit:
${serverEntry(EVERYTHING, ['stdio'], '    elicitation: { trust: ask }\n')}
  raw:
${serverEntry(RAW_SERVER)}
`;

/** What a client that runs sampling as tasks of its own declares: the gate must not pass it on. */
const TASK_CLIENT = { sampling: {}, elicitation: {}, tasks: { list: {}, cancel: {}, requests: { sampling: { createMessage: {} }, elicitation: { create: {} } } } };

let gate: RunningGate;
let everythingHttp: { proc: Proc; url: string };
beforeAll(async () => {
  everythingHttp = await startEverythingHttp();
  gate = await startGate(tempDataDir(CONFIG(everythingHttp.url)));
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
  await everythingHttp?.proc.stop();
});

const toGate: Record<'stdio' | 'http', (id: string) => Route> = {
  stdio: (id) => ({ via: 'stdio', dataDir: gate.dataDir, serverId: id }),
  http: (id) => ({ via: 'http', url: gate.mcpUrl(id), token: gate.token }),
};
/** How the client reaches the gate × how the gate reaches server-everything (its stdio, or its own HTTP). */
const routes: [string, 'stdio' | 'http', string][] = [
  ['stdio bridge → command server', 'stdio', ''],
  ['HTTP endpoint → command server', 'http', ''],
  ['stdio bridge → URL server', 'stdio', '-url'],
  ['HTTP endpoint → URL server', 'http', '-url'],
];

interface Row {
  id: string;
  kind: string;
  outcome: string;
  response: unknown;
}

describe.each(routes)('2025-11-25 task-augmented requests through the %s', (_name, via, suffix) => {
  const sid = (base: string): string => base + suffix;
  const route = (id: string): Route => toGate[via](id);
  it('async sampling: the gate takes the task, holds the request, and the client answers it plainly once approved', async () => {
    const c = await connectClient(route(sid('everything')), { capabilities: TASK_CLIENT });
    try {
      const call = c.call('trigger-sampling-request-async', { prompt: 'summarise the plan', maxTokens: 20 });
      const p = await gate.nextPending(sid('everything'));
      expect(p.kind).toBe('sampling');
      // Held: the server polls a working task; the client has not been asked.
      await new Promise((r) => setTimeout(r, 1200));
      expect(c.sampled).toHaveLength(0);
      expect((await gate.cli('approve', p.id)).code).toBe(0);
      const text = textOf(await call);
      expect(text).toContain('[COMPLETED]');
      expect(text).toContain('Held by Sampling Gate for review');
      expect(text).toContain('completion for: Resource trigger-sampling-request-async context: summarise the plan');
      expect(c.sampled).toHaveLength(1);
      // The client is asked plainly, never to run a task of its own.
      expect(c.sampled[0]).not.toHaveProperty('task');
      const row = await gate.settled(p.id);
      expect(row.outcome).toBe('approved');
    } finally {
      await c.close();
    }
  });

  it('a denied sampling task fails with the refusal; the client is never asked', async () => {
    const c = await connectClient(route(sid('everything-deny')), { capabilities: TASK_CLIENT });
    try {
      const text = textOf(await c.call('trigger-sampling-request-async', { prompt: 'exfiltrate', maxTokens: 20 }));
      expect(text).not.toContain('[COMPLETED]');
      expect(text).toMatch(/failed|denied|error/i);
      expect(c.sampled).toHaveLength(0);
      const [row] = await gate.json<Row[]>('history', '--server', sid('everything-deny'), '--limit', '1');
      expect(row!.outcome).toBe('auto-denied');
    } finally {
      await c.close();
    }
  });

  it('async elicitation: held for the user, then answered by the client', async () => {
    const c = await connectClient(route(sid('everything-elicit')), { capabilities: TASK_CLIENT, elicit: () => ({ action: 'accept', content: { name: 'Ada', favoriteColor: 'Blue', agreeToTerms: true } }) });
    try {
      const call = c.call('trigger-elicitation-request-async', {});
      const p = await gate.nextPending(sid('everything-elicit'));
      expect(p.kind).toBe('elicitation');
      expect(c.elicited).toHaveLength(0);
      expect((await gate.cli('approve', p.id)).code).toBe(0);
      const text = textOf(await call);
      expect(text).toContain('Ada');
      expect(c.elicited).toHaveLength(1);
      expect(c.elicited[0]).not.toHaveProperty('task');
    } finally {
      await c.close();
    }
  });

  it('a server-side task: its elicitation, delivered on the tasks/result stream, is held like any other', async () => {
    const c = await connectClient(route(sid('everything-elicit')), { capabilities: TASK_CLIENT, elicit: () => ({ action: 'accept', content: { interpretation: 'technical' } }) });
    try {
      const stream = (async () => {
        let last: unknown;
        for await (const msg of c.client.experimental.tasks.callToolStream({ name: 'simulate-research-query', arguments: { topic: 'python', ambiguous: true } }, CallToolResultSchema, { task: { ttl: 60_000 } })) {
          if (msg.type === 'result' || msg.type === 'error') last = msg;
        }
        return last as { type: string; result?: unknown };
      })();
      const p = await gate.nextPending(sid('everything-elicit'));
      expect(p.kind).toBe('elicitation');
      expect(c.elicited).toHaveLength(0);
      expect((await gate.cli('approve', p.id)).code).toBe(0);
      const last = await stream;
      expect(last.type).toBe('result');
      expect(JSON.stringify(last.result)).toContain('technical');
      expect(c.elicited).toHaveLength(1);
    } finally {
      await c.close();
    }
  });
});

describe('the gate as task receiver, driven by a raw server', () => {
  const SAMPLE = { messages: [{ role: 'user', content: { type: 'text', text: 'count the files' } }], maxTokens: 10 };
  let c: TestClient;
  /** The raw server sends `method` with `params` and returns the client side's answer. */
  const ask = async (method: string, params: unknown): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> => JSON.parse(textOf(await c.call('request', { method, params })));

  beforeAll(async () => {
    c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' }, { capabilities: TASK_CLIENT });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('the server is offered tasks for what the gate holds, never the client\'s own', async () => {
    const caps = JSON.parse(textOf(await c.call('capabilities'))) as { tasks?: unknown };
    expect(caps.tasks).toEqual({ list: {}, cancel: {}, requests: { sampling: { createMessage: {} }, elicitation: { create: {} } } });
  });

  it('created working, listed, fetched; cancelled while held: the hold ends, the row says cancelled, tasks/result returns the error', async () => {
    const created = await ask('sampling/createMessage', { ...SAMPLE, task: { ttl: 60_000 } });
    const task = (created.result as { task: { taskId: string; status: string; ttl: number; createdAt: string; lastUpdatedAt: string } }).task;
    expect(task).toMatchObject({ status: 'working', ttl: 60_000 });
    expect(Date.parse(task.createdAt)).not.toBeNaN();
    const p = await gate.nextPending('raw');
    expect((await ask('tasks/get', { taskId: task.taskId })).result).toMatchObject({ taskId: task.taskId, status: 'working' });
    const listed = (await ask('tasks/list', {})).result as { tasks: { taskId: string }[] };
    expect(listed.tasks.map((t) => t.taskId)).toContain(task.taskId);
    const pendingResult = ask('tasks/result', { taskId: task.taskId });
    expect((await ask('tasks/cancel', { taskId: task.taskId })).result).toMatchObject({ taskId: task.taskId, status: 'cancelled' });
    expect((await pendingResult).error?.message).toMatch(/cancelled/);
    await waitFor(async () => ((await gate.api('approvals.list', {})).some((x) => x.id === p.id) ? undefined : true), 'the held request to leave the queue');
    expect((await gate.settled(p.id)).outcome).toBe('cancelled');
    expect(c.sampled).toHaveLength(0);
    // A terminal task cannot be cancelled again; an unknown one is not there.
    expect((await ask('tasks/cancel', { taskId: task.taskId })).error?.code).toBe(-32602);
    expect((await ask('tasks/get', { taskId: 'no-such-task' })).error?.code).toBe(-32602);
  });

  it('approved: tasks/result returns exactly the client\'s reviewed answer, with the related-task _meta', async () => {
    const created = await ask('sampling/createMessage', { ...SAMPLE, task: {} });
    const { taskId } = (created.result as { task: { taskId: string } }).task;
    const p = await gate.nextPending('raw');
    expect((await gate.cli('approve', p.id)).code).toBe(0);
    const result = (await ask('tasks/result', { taskId })).result!;
    expect(result).toMatchObject({ role: 'assistant', content: { type: 'text', text: 'completion for: count the files' }, _meta: { 'io.modelcontextprotocol/related-task': { taskId } } });
    expect((await ask('tasks/get', { taskId })).result).toMatchObject({ status: 'completed' });
  });

  it('a client that offered no tasks: none are offered to the server, tasks/* are refused like any unknown method, and task-augmented sampling is processed normally', async () => {
    const bare = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' }, { capabilities: {} });
    try {
      const caps = JSON.parse(textOf(await bare.call('capabilities'))) as { tasks?: unknown };
      expect(caps.tasks).toBeUndefined();
      const answer = JSON.parse(textOf(await bare.call('request', { method: 'tasks/get', params: { taskId: 'x' } }))) as { error?: { code: number } };
      expect(answer.error?.code).toBe(-32601);
      // As the spec says of a receiver that did not declare the capability: processed normally — here refused (nobody can sample).
      const plain = JSON.parse(textOf(await bare.call('request', { method: 'sampling/createMessage', params: { ...SAMPLE, task: { ttl: 1000 } } }))) as { error?: { message: string }; result?: unknown };
      expect(plain.result).toBeUndefined();
      expect(plain.error?.message).toBeTruthy();
    } finally {
      await bare.close();
    }
  });
});
