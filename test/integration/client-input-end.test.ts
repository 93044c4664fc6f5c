/**
 * A stdio client that closes its input has not gone: like a stdio server, the gate answers what it
 * was asked (`printf '…' | sampling-gate connect x`), then ends the session and the bridge exits.
 * What the server asks the client meanwhile cannot be answered by it: the server gets an error at
 * once (sampling the client was to complete — recorded as cancelled by the client — elicitation),
 * while sampling the gate's own provider answers goes on. Both bridge modes: stdio handed to the
 * gate, and bytes copied (SAMPLING_GATE_FD_HANDOFF=0), where the bridge passes the end on as its
 * socket's end. Real bridges, the real server-everything, the OpenAI SDK's wire format from a fake.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAI_TEST_KEY, startOpenAI } from '../fixtures/fake-providers/openai.js';
import type { OpenAIBehaviour } from '../fixtures/fake-providers/openai.js';
import type { FakeProvider } from '../fixtures/fake-providers/http.js';
import { EVERYTHING, GATE_BIN } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

let gate: RunningGate;
let openai: FakeProvider<OpenAIBehaviour>;

beforeAll(async () => {
  openai = await startOpenAI();
  process.env.SG_TEST_OPENAI_KEY = OPENAI_TEST_KEY;
  gate = await startGate(
    tempDataDir(`defaults:
  trust: ask
  rateLimit: { perMinute: 1000, perHour: 10000, perDay: 10000, perSession: 1000 }
providers:
  local:
    kind: openai
    baseUrl: ${openai.url}
    apiKey: { env: SG_TEST_OPENAI_KEY }
    models: [ { name: gpt-4o-mini, inputPerMTok: 0.15, outputPerMTok: 0.6 } ]
servers:
  asks:
${serverEntry(EVERYTHING, ['stdio'])}  trusted:
${serverEntry(EVERYTHING, ['stdio'], '    trust: trust\n')}  provided:
${serverEntry(EVERYTHING, ['stdio'], '    trust: trust\n    answerWith: provider\n    provider: local\n')}`),
  );
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
  await openai?.close();
});

type Msg = Record<string, unknown> & { id?: unknown; result?: Record<string, unknown>; error?: { message: string } };

/**
 * A client as a script would be: it starts the bridge, initializes, waits until the server has
 * registered its tools, writes `requests` and closes stdin at once; then it reads until the bridge
 * exits. Returns every message and the exit code.
 */
async function askThenClose(serverId: string, requests: object[], opts: { copy: boolean; sampling?: boolean }): Promise<{ messages: Msg[]; code: number | null; stderr: string }> {
  const env = { ...process.env, ...(opts.copy ? { SAMPLING_GATE_FD_HANDOFF: '0' } : {}) };
  const child = spawn(process.execPath, [GATE_BIN, 'connect', serverId, '--data-dir', gate.dataDir], { stdio: ['pipe', 'pipe', 'pipe'], env });
  const send = (m: object): boolean => child.stdin!.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n');
  const messages: Msg[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let buffered = '';
  let sent = false;
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString('utf8');
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const m = JSON.parse(buffered.slice(0, nl)) as Msg;
      buffered = buffered.slice(nl + 1);
      messages.push(m);
      if (m.id === 0) send({ method: 'notifications/initialized' });
      // The server registers its capability-dependent tools on `initialized`, then says so.
      if (m.method === 'notifications/tools/list_changed' && !sent) {
        sent = true;
        for (const r of requests) send(r);
        child.stdin!.end();
      }
    }
  });
  const capabilities = opts.sampling === false ? { elicitation: {} } : { sampling: {}, elicitation: {} };
  send({ id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities, clientInfo: { name: 'input-end', version: '1' } } });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { messages, code, stderr };
}

const call = (id: number, name: string, args: object = {}) => ({ id, method: 'tools/call', params: { name, arguments: args } });
const answerTo = (messages: Msg[], id: number): Msg | undefined => messages.find((m) => m.id === id && ('result' in m || 'error' in m));
const toolText = (m: Msg | undefined): string => ((m?.result?.content as { text?: string }[] | undefined) ?? []).map((c) => c.text ?? '').join('');

describe.each([
  { mode: 'stdio handed over', copy: false },
  { mode: 'bytes copied', copy: true },
])('the client closes its input ($mode)', ({ copy }) => {
  it('every request written before the end is answered, the slow one too; then the bridge exits 0', async () => {
    const { messages, code, stderr } = await askThenClose(
      'trusted',
      [call(1, 'echo', { message: 'one' }), { id: 2, method: 'tools/list' }, call(3, 'trigger-long-running-operation', { duration: 1, steps: 2 }), call(4, 'echo', { message: 'four' })],
      { copy },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(toolText(answerTo(messages, 1))).toBe('Echo: one');
    expect((answerTo(messages, 2)?.result?.tools as unknown[]).length).toBeGreaterThan(5);
    expect(toolText(answerTo(messages, 3))).toMatch(/Long running operation completed/);
    expect(toolText(answerTo(messages, 4))).toBe('Echo: four');
  });

  it('sampling the client was to complete (in review): the server is told at once, the history says why', async () => {
    const before = Date.now();
    const { messages, code } = await askThenClose('asks', [call(1, 'trigger-sampling-request', { prompt: `input-end ${copy}`, maxTokens: 20 })], { copy });
    expect(code).toBe(0);
    // server-everything's tool returns the sampling error as its result.
    expect(toolText(answerTo(messages, 1))).toMatch(/the client closed its input and can no longer answer/);
    // Nothing forwarded to the client, nothing left for the user to decide.
    expect(messages.some((m) => m.method === 'sampling/createMessage')).toBe(false);
    expect(await gate.json<unknown[]>('pending')).toEqual([]);
    const rows = await gate.json<{ outcome: string; decidedBy: string; reason: string; receivedAt: string; request: unknown }[]>('history', '--server', 'asks', '--search', `input-end`);
    const row = rows.find((r) => Date.parse(r.receivedAt) >= before - 1000 && JSON.stringify(r.request).includes(`input-end ${copy}`));
    expect(row).toMatchObject({ outcome: 'cancelled', decidedBy: 'client', reason: 'the client closed its input and can no longer answer' });
  });

  it('an elicitation the client can no longer answer: an error to the server at once', async () => {
    const { messages, code } = await askThenClose('trusted', [call(1, 'trigger-elicitation-request')], { copy });
    expect(code).toBe(0);
    // Whether the request reached the client before its end was read (a loaded machine may let it),
    // the server is answered for it: at the end, or at once.
    expect(toolText(answerTo(messages, 1))).toMatch(/the client closed its input and can no longer answer/);
  });

  it("sampling the gate's provider answers goes on: the client gets the completion", async () => {
    const { messages, code } = await askThenClose('provided', [call(1, 'trigger-sampling-request', { prompt: `provided ${copy}`, maxTokens: 50 })], { copy, sampling: false });
    expect(code).toBe(0);
    expect(toolText(answerTo(messages, 1))).toMatch(new RegExp(`Echo: Resource trigger-sampling-request context: provided ${copy}`));
  });
});

describe('the client closes its input with nothing in flight', () => {
  it('the session ends at once (handed over and copied)', async () => {
    for (const copy of [false, true]) {
      const { messages, code } = await askThenClose('trusted', [], { copy });
      expect(code).toBe(0);
      expect(answerTo(messages, 0)?.result?.protocolVersion).toBe('2025-06-18');
    }
    await waitFor(async () => ((await gate.json<{ id: string; sessions: number }[]>('servers')).find((s) => s.id === 'trusted')?.sessions === 0 ? true : undefined), 'no live session of "trusted"', 5_000);
  });
});
