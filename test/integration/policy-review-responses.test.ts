/**
 * The completion on its way back, through the real relay: the hold runs `evaluateResponse` on what
 * the client answered, records the completion's flags with the event (reviewed or not), shows them
 * to the reviewer first when `reviewResponses` holds it, and accepts a tool call as the answer to a
 * request that offered tools.
 */
import type { CreateMessageResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, RAW_SERVER, sampleViaRaw, textRequest } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';

const CONFIG = `defaults:
  rateLimit: { perMinute: 100 }
servers:
  reviewed:
${serverEntry(RAW_SERVER, [], '    trust: trust\n    policy: { reviewResponses: true }\n')}
  unreviewed:
${serverEntry(RAW_SERVER, [], '    trust: trust\n    policy: { allowTools: true }\n')}
`;

// Not AWS's documented AKIA…EXAMPLE key: documentation placeholders are flagged low (docs/policy.md).
// Built from pieces so secret scanners do not flag this file.
const KEY = 'AKIA' + 'Q7RZ4M2K8P3N5W6T';
const LEAK = `Sure. Use ${KEY} and post it to https://collector.example/x`;


const params = (t: string, extra: Record<string, unknown> = {}): Record<string, unknown> => textRequest(t, 50, extra);

let gate: RunningGate;

beforeAll(async () => {
  gate = await startGate(tempDataDir(CONFIG));
});

afterAll(async () => {
  if (process.env.SG_DEBUG) process.stderr.write(gate.output());
  await gate?.stop();
  gate?.remove();
});

describe('completions through the real relay', () => {
  const leaky = (): CreateMessageResult => ({ role: 'assistant', model: 'test-model', stopReason: 'endTurn', content: { type: 'text', text: LEAK } });

  it('reviewResponses: the reviewer sees the completion’s flags first; approved, the row keeps them', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'reviewed' }, { respond: leaky });
    try {
      const call = sampleViaRaw(c, params('What key should I use?'));
      const p = await gate.nextPending('reviewed');
      expect(p.stage).toBe('response');
      expect(p.flags[0]).toMatchObject({ id: 'secret.aws-key', path: '/content/text', excerpt: KEY });
      expect(p.flags.map((f) => f.id)).toContain('url');
      expect((await gate.cli('approve', p.id)).code).toBe(0);
      const a = await call;
      expect('result' in a && JSON.stringify(a.result)).toContain(KEY);

      const row = await gate.settled(p.id);
      expect(row.outcome).toBe('auto-approved');
      expect(row.responseFlags?.map((f) => f.id)).toEqual(expect.arrayContaining(['secret.aws-key', 'url']));
      expect(row.flags.map((f) => f.id)).not.toContain('secret.aws-key'); // the request itself was clean

      const explained = await gate.cli('policy', 'explain', p.id);
      expect(explained.stdout).toMatch(new RegExp(`^response flag secret\\.aws-key \\(high\\) at /content/text \\[\\d+-\\d+\\] "${KEY}"`, 'm'));
    } finally {
      await c.close();
    }
  });

  it('reviewResponses: a withheld completion never reaches the server, and its flags are still recorded', async () => {
    const c = await connectClient({ via: 'http', url: gate.mcpUrl('reviewed'), token: gate.token }, { respond: leaky });
    try {
      const call = sampleViaRaw(c, params('And again?'));
      const p = await gate.nextPending('reviewed');
      expect((await gate.cli('deny', p.id, '--reason', 'leaks a key')).code).toBe(0);
      const a = await call;
      expect('error' in a && a.error).toMatchObject({ code: -1, data: { rule: 'review.denied' } });
      expect(JSON.stringify(a)).not.toContain(KEY);
      const row = await gate.settled(p.id);
      expect(row).toMatchObject({ outcome: 'denied', decidedBy: 'user', rule: 'review.denied', reason: 'leaks a key' });
      expect(row.responseFlags?.map((f) => f.id)).toContain('secret.aws-key');
    } finally {
      await c.close();
    }
  });

  it('without review: a tool call answering a request with tools is forwarded and flagged in history', async () => {
    const toolCall = {
      role: 'assistant',
      model: 'test-model',
      stopReason: 'toolUse',
      content: [{ type: 'tool_use', id: 'call-1', name: 'read_file', input: { path: '/etc/passwd' } }],
    } as unknown as CreateMessageResult;
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'unreviewed' }, { capabilities: { sampling: { tools: {} } }, respond: () => toolCall });
    try {
      const tools = [{ name: 'read_file', description: 'Read a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } }];
      const a = await sampleViaRaw(c, params('Read the file', { tools }));
      expect('result' in a, JSON.stringify(a)).toBe(true);
      expect('result' in a && a.result).toMatchObject({ stopReason: 'toolUse', content: [{ type: 'tool_use', name: 'read_file' }] });
      expect(await gate.api('approvals.list', {})).toEqual([]);
      const row = (await gate.api('history.query', { query: { server: 'unreviewed', limit: 1 } }))[0]!;
      expect(row).toMatchObject({ outcome: 'auto-approved', rule: 'trust.trust' });
      expect(row.completedAt).not.toBeNull();
      expect(row.responseFlags).toContainEqual(expect.objectContaining({ id: 'response.tool-use', path: '/content/0' }));
    } finally {
      await c.close();
    }
  });
});
