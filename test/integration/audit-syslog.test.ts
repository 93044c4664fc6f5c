/**
 * Audit export to a real rsyslog (Debian's rsyslogd, started here on 127.0.0.1 with imtcp writing
 * to a file): every final sampling event arrives as an RFC 5424 message carrying the expected
 * fields at each content level; with rsyslog stopped mid-run (and the gate restarted meanwhile)
 * the gate's decisions are unaffected, and once rsyslog is back nothing is lost and nothing is
 * duplicated beyond at-least-once.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, RAW_SERVER, sampleViaRaw, textRequest, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';
import { RSYSLOGD, startRsyslog, type Rsyslog } from '../support/rsyslog.js';
import { parse5424, type Syslog5424 } from '../support/rfc5424.js';

// No machine-wide managed file may leak into this test.
process.env.SAMPLING_GATE_MANAGED = join(import.meta.dirname, 'no-such-managed.yaml');

const config = (port: number, content: string): string => `defaults:
  trust: trust
  maxTokensCap: 1000
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
servers:
  raw:
${serverEntry(RAW_SERVER)}audit:
  content: ${content}
  retryMaxSeconds: 1
  syslog: { host: 127.0.0.1, port: ${port}, facility: local3, timeoutSeconds: 5 }
`;

const sha = (t: string): string => createHash('sha256').update(t, 'utf8').digest('hex');

let rsyslog: Rsyslog;
let gate: RunningGate;
let dataDir: string;
let client: TestClient;

/** The messages rsyslog wrote for one history event. */
const messagesFor = (eventId: string): Syslog5424[] => rsyslog.lines().map(parse5424).filter((m) => m.sd['sampling_gate@32473']?.event_id === eventId);

async function sample(text: string, maxTokens = 20): Promise<string> {
  const answer = await sampleViaRaw(client, textRequest(text, maxTokens));
  const id = 'result' in answer ? null : answer.error.data?.eventId;
  if (id) return id;
  const row = (await gate.api('history.query', { query: { search: text, limit: 1 } }))[0];
  if (!row) throw new Error(`no history row for "${text}"`);
  return row.id;
}

// CI installs rsyslog (.ci/run); there a missing rsyslogd is a failure, not a skip.
it.runIf(!RSYSLOGD && process.env.CI)('has rsyslogd', () => {
  throw new Error('rsyslogd is not installed: apt-get install rsyslog');
});

describe.skipIf(!RSYSLOGD)('audit export to rsyslog (RFC 5424 over TCP)', () => {
  beforeAll(async () => {
    rsyslog = await startRsyslog();
    dataDir = tempDataDir(config(rsyslog.port, 'metadata'));
    gate = await startGate(dataDir);
    client = await connectClient({ via: 'stdio', dataDir, serverId: 'raw' });
  });

  afterAll(async () => {
    if (process.env.SG_DEBUG) process.stderr.write(gate?.output() + rsyslog?.output());
    await client?.close();
    await gate?.stop();
    await rsyslog?.stop();
    gate?.remove();
    rsyslog?.remove();
  });

  const setContent = async (content: string): Promise<void> => {
    writeFileSync(join(dataDir, 'config.yaml'), config(rsyslog.port, content));
    await waitFor(async () => ((await gate.api('audit.status', {})).sinks[0]?.content === content ? true : undefined), `audit content ${content}`);
  };

  it('metadata: RFC 5424 with the event fields, and no prompt text anywhere', async () => {
    const id = await sample('metadata only: ORCHID-ALPHA');
    const [m] = await waitFor(async () => (messagesFor(id).length ? messagesFor(id) : undefined), 'the event in rsyslog');
    expect(m).toMatchObject({ version: 1, facility: 19, severity: 6, appName: 'sampling-gate', msgId: 'auto-approved' });
    expect(m!.sd['sampling_gate@32473']).toMatchObject({ event_id: id, server: 'raw', outcome: 'auto-approved', decided_by: 'policy', rule: 'trust.trust', content: 'metadata', answered_by: 'client' });
    expect(m!.sd['gen_ai@32473']).toMatchObject({ 'response.model': 'test-model', 'request.max_tokens': '20' });
    const body = JSON.parse(m!.msg) as Record<string, unknown>;
    expect(body).toMatchObject({ eventId: id, outcome: 'auto-approved', content: 'metadata' });
    expect(body.texts).toBeUndefined();
    expect(rsyslog.lines().join('\n')).not.toContain('ORCHID-ALPHA');

    // A refusal carries its rule and is a notice.
    const denied = await sample('too big', 5000);
    const [d] = await waitFor(async () => (messagesFor(denied).length ? messagesFor(denied) : undefined), 'the refusal in rsyslog');
    expect(d).toMatchObject({ severity: 5, msgId: 'auto-denied' });
    expect(d!.sd['sampling_gate@32473']).toMatchObject({ outcome: 'auto-denied', rule: 'rule.maxTokensCap', decided_by: 'policy' });
  });

  it('hashed: the SHA-256 of each text, never the text', async () => {
    await setContent('hashed');
    const id = await sample('hash me: ORCHID-BETA');
    const [m] = await waitFor(async () => (messagesFor(id).length ? messagesFor(id) : undefined), 'the event in rsyslog');
    const body = JSON.parse(m!.msg) as { texts: { path: string; sha256?: string; text?: string }[] };
    expect(body.texts).toEqual([
      { path: '/request/messages/0/content/text', sha256: sha('hash me: ORCHID-BETA') },
      { path: '/response/content/text', sha256: sha('completion for: hash me: ORCHID-BETA') },
    ]);
    expect(m!.sd['sampling_gate@32473']?.content).toBe('hashed');
    expect(rsyslog.lines().join('\n')).not.toContain('ORCHID-BETA');
  });

  it('full: the prompt and the completion', async () => {
    await setContent('full');
    const id = await sample('say it: ORCHID-GAMMA');
    const [m] = await waitFor(async () => (messagesFor(id).length ? messagesFor(id) : undefined), 'the event in rsyslog');
    const body = JSON.parse(m!.msg) as { texts: { path: string; text?: string }[] };
    expect(body.texts).toEqual([
      { path: '/request/messages/0/content/text', text: 'say it: ORCHID-GAMMA' },
      { path: '/response/content/text', text: 'completion for: say it: ORCHID-GAMMA' },
    ]);
  });

  it('rsyslog stopped mid-run and the gate restarted: decisions go on, and afterwards every event arrives', async () => {
    await setContent('metadata');
    await rsyslog.stop();
    const during: string[] = [];
    for (let i = 0; i < 8; i++) {
      const answer = await sampleViaRaw(client, textRequest(`while rsyslog is down ${i}`));
      expect('result' in answer).toBe(true);
    }
    const status = await waitFor(async () => {
      const s = (await gate.api('audit.status', {})).sinks[0];
      return s && s.backlog >= 8 && s.lastError ? s : undefined;
    }, 'the exporter to report the backlog and the error');
    expect(status.state).toBe('retrying');
    expect(status.lastError).toMatch(/ECONNREFUSED|reset|closed/);

    // The gate stops with the backlog undelivered and starts again: it is still queued.
    await client.close();
    await gate.stop();
    gate = await startGate(dataDir);
    client = await connectClient({ via: 'stdio', dataDir, serverId: 'raw' });
    for (let i = 0; i < 4; i++) {
      const answer = await sampleViaRaw(client, textRequest(`after the gate restarted ${i}`));
      expect('result' in answer).toBe(true);
    }
    // History writes are queued briefly after the answer; the outbox follows them.
    await waitFor(async () => ((await gate.api('audit.status', {})).sinks[0]!.backlog >= 12 ? true : undefined), 'all 12 events queued');

    await rsyslog.start();
    await waitFor(async () => ((await gate.api('audit.status', {})).sinks[0]?.backlog === 0 ? true : undefined), 'the backlog to drain', 30_000);

    const rows = await gate.api('history.query', { query: { limit: 1000 } });
    for (const r of rows) during.push(r.id);
    const received = rsyslog.lines().map(parse5424).map((m) => m.sd['sampling_gate@32473']?.event_id);
    const counts = new Map<string, number>();
    for (const id of received) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    // Nothing lost: every final event of the whole run (both gate runs) is in rsyslog's file.
    const missing = during.filter((id) => !counts.has(id));
    expect(missing).toEqual([]);
    // Nothing beyond at-least-once: no event that was never recorded, and (since rsyslog was
    // down, not flaky) no duplicates at all here.
    expect([...counts.keys()].filter((id) => !during.includes(id))).toEqual([]);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(rows.every((r) => r.outcome === 'auto-approved' || r.rule === 'rule.maxTokensCap')).toBe(true);
    const after = (await gate.api('audit.status', {})).sinks[0]!;
    expect(after).toMatchObject({ state: 'ok', lastError: null, backlog: 0 });
    expect(after.lastDeliveredAt).not.toBeNull();
  });
});
