/**
 * Everything that is not sampling passes through the gate unchanged: the same SDK client gets the
 * same answers from server-everything directly and through the gate (stdio bridge, HTTP endpoint,
 * and a URL downstream) — tools, resources, prompts, progress notifications, and the server's own
 * requests to the client (roots, elicitation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElicitRequestSchema, ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { connectClient, EVERYTHING, textOf, type Route, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';
import { startEverythingHttp, startEverythingSse, type Proc } from '../fixtures/v2-processes.js';

const CAPS = { sampling: {}, roots: { listChanged: true }, elicitation: {} };
let gate: RunningGate;
let everythingHttp: Proc;
let everythingSse: Proc;

beforeAll(async () => {
  // server-everything's own Streamable HTTP mode, as the downstream of a `url:` server.
  const started = await startEverythingHttp();
  everythingHttp = started.proc;
  const sse = await startEverythingSse();
  everythingSse = sse.proc;
  gate = await startGate(
    // Elicitation answered by the client only: the comparison is with a direct connection, where
    // the server sees exactly the client's modes (by default the gate also offers URL mode itself).
    tempDataDir(`defaults:
  elicitation: { answerWith: client }
servers:
  everything:
${serverEntry(EVERYTHING, ['stdio'], '    trust: trust\n')}
  everything-url:
    url: ${started.url}
    trust: trust
  everything-sse:
    url: ${sse.url}
    trust: trust
`),
  );
});

afterAll(async () => {
  await gate?.stop();
  gate?.remove();
  await everythingHttp?.stop();
  await everythingSse?.stop();
});

async function withHandlers(route: Route): Promise<TestClient> {
  const c = await connectClient(route, { capabilities: CAPS });
  c.client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///tmp/gate-root', name: 'gate-root' }] }));
  c.client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));
  return c;
}

/** What a client observes of a server, with volatile parts (timestamps, ids) left out. */
async function observe(c: TestClient): Promise<Record<string, unknown>> {
  const tools = (await c.client.listTools()).tools.map((t) => t.name).sort();
  const resources = (await c.client.listResources()).resources;
  const prompts = (await c.client.listPrompts()).prompts;
  const simplePrompt = prompts.find((p) => !(p.arguments ?? []).some((a) => a.required));
  const progress: number[] = [];
  const longOp = await c.client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 3 } }, undefined, {
    onprogress: (p) => progress.push(p.progress),
  });
  return {
    tools,
    echo: await c.call('echo', { message: 'through the gate' }),
    sum: await c.call('get-sum', { a: 2, b: 40 }),
    resources: resources.map((r) => r.uri),
    firstResource: await c.client.readResource({ uri: resources[0]!.uri }),
    prompts: prompts.map((p) => p.name),
    prompt: simplePrompt ? await c.client.getPrompt({ name: simplePrompt.name }) : null,
    // How many progress notifications beat the result is timing; that they arrive at all is not.
    gotProgress: progress.length > 0,
    longOp: textOf(longOp as never).replace(/\d+(\.\d+)?\s*seconds?/g, 'N seconds'),
    roots: textOf(await c.call('get-roots-list')),
    elicitation: textOf(await c.call('trigger-elicitation-request')),
    ping: await c.client.ping(),
  };
}

describe('relay pass-through', () => {
  let direct: Record<string, unknown>;

  beforeAll(async () => {
    const c = await withHandlers({ via: 'direct-stdio', command: process.execPath, args: [EVERYTHING, 'stdio'] });
    try {
      direct = await observe(c);
    } finally {
      await c.close();
    }
    expect(direct.gotProgress).toBe(true);
    expect(direct.roots).toContain('file:///tmp/gate-root');
  });

  it.each([
    ['the stdio bridge', (): Route => ({ via: 'stdio', dataDir: gate.dataDir, serverId: 'everything' })],
    ['the HTTP endpoint', (): Route => ({ via: 'http', url: gate.mcpUrl('everything'), token: gate.token })],
    ['the HTTP endpoint to a URL server', (): Route => ({ via: 'http', url: gate.mcpUrl('everything-url'), token: gate.token })],
    // An HTTP+SSE-only server: the gate's first POST gets 404 and it falls back to the SSE transport.
    ['the stdio bridge to an HTTP+SSE-only server', (): Route => ({ via: 'stdio', dataDir: gate.dataDir, serverId: 'everything-sse' })],
  ])('answers through %s as it does directly', async (_name, route) => {
    const c = await withHandlers(route());
    try {
      expect(await observe(c)).toEqual(direct);
      if (_name.includes('SSE')) expect(gate.output()).toMatch(/\[everything-sse\] Streamable HTTP answered 404: falling back to HTTP\+SSE/);
    } finally {
      await c.close();
    }
  });

  it('offers task-augmented sampling to the server only when the client did, with the gate as its receiver (tasks-2025.test.ts)', async () => {
    const caps = { ...CAPS, tasks: { requests: { sampling: { createMessage: {} } } } };
    const d = await connectClient({ via: 'direct-stdio', command: process.execPath, args: [EVERYTHING, 'stdio'] }, { capabilities: caps });
    const g = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'everything' }, { capabilities: caps });
    try {
      const names = async (c: TestClient) => (await c.client.listTools()).tools.map((t) => t.name);
      expect(await names(d)).toContain('trigger-sampling-request-async');
      expect(await names(g)).toEqual(await names(d));
    } finally {
      await d.close();
      await g.close();
    }
  });
});
