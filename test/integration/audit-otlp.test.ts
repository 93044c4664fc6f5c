/**
 * Audit export over OTLP/HTTP: the official exporter (@opentelemetry/exporter-logs-otlp-http, which
 * speaks the JSON encoding) from a real gate to a receiver started here on 127.0.0.1 that decodes
 * OTLP/HTTP JSON as the OTLP specification defines it (ExportLogsServiceRequest: resourceLogs →
 * scopeLogs → logRecords, AnyValue attributes). JSON rather than protobuf because that is what the
 * official HTTP exporter sends, and @opentelemetry/otlp-transformer ships no request decoder.
 * The collector failing (503) and then recovering loses nothing.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, RAW_SERVER, sampleViaRaw, textRequest, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

process.env.SAMPLING_GATE_MANAGED = join(import.meta.dirname, 'no-such-managed.yaml');

type AnyValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean; arrayValue?: { values?: AnyValue[] } };
interface Decoded {
  resource: Record<string, unknown>;
  scope: string;
  eventName: string | undefined;
  severityText: string | undefined;
  body: unknown;
  timeUnixNano: string | undefined;
  attributes: Record<string, unknown>;
}

/** OTLP JSON AnyValue → a plain value (int64 may arrive as a string, per the OTLP JSON mapping). */
function value(v: AnyValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(value);
  return undefined;
}
const attrs = (list: { key: string; value: AnyValue }[] | undefined): Record<string, unknown> => Object.fromEntries((list ?? []).map((a) => [a.key, value(a.value)]));

function decode(body: string): Decoded[] {
  const req = JSON.parse(body) as {
    resourceLogs: { resource?: { attributes?: { key: string; value: AnyValue }[] }; scopeLogs: { scope?: { name?: string }; logRecords: Record<string, unknown>[] }[] }[];
  };
  return req.resourceLogs.flatMap((rl) =>
    rl.scopeLogs.flatMap((sl) =>
      sl.logRecords.map((lr) => ({
        resource: attrs(rl.resource?.attributes),
        scope: sl.scope?.name ?? '',
        eventName: lr.eventName as string | undefined,
        severityText: lr.severityText as string | undefined,
        body: lr.body ? value(lr.body as AnyValue) : undefined,
        timeUnixNano: lr.timeUnixNano as string | undefined,
        attributes: attrs(lr.attributes as { key: string; value: AnyValue }[]),
      })),
    ),
  );
}

let collector: Server;
let received: Decoded[] = [];
let failing = false;
let contentTypes: string[] = [];
let gate: RunningGate;
let client: TestClient;

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/logs') return void res.writeHead(404).end();
      if (failing) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{}');
      contentTypes.push(`${String(req.headers['content-type'])} key=${String(req.headers['x-collector-key'])}`);
      received.push(...decode(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  const port = (collector.address() as AddressInfo).port;
  const dataDir = tempDataDir(`defaults:
  trust: trust
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
servers:
  raw:
${serverEntry(RAW_SERVER)}audit:
  content: hashed
  retryMaxSeconds: 1
  otlp: { endpoint: "http://127.0.0.1:${port}/v1/logs", headers: { x-collector-key: k1 }, timeoutSeconds: 5 }
`);
  gate = await startGate(dataDir);
  client = await connectClient({ via: 'stdio', dataDir, serverId: 'raw' });
});

afterAll(async () => {
  if (process.env.SG_DEBUG) process.stderr.write(gate?.output());
  await client?.close();
  await gate?.stop();
  gate?.remove();
  await new Promise((r) => collector?.close(r));
});

const recordFor = (id: string): Decoded[] => received.filter((r) => r.attributes['sampling_gate.event_id'] === id);

async function sample(text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await sampleViaRaw(client, textRequest(text, 50, extra));
  expect('result' in answer).toBe(true);
  return (await gate.api('history.query', { query: { search: text, limit: 1 } }))[0]!.id;
}

describe('audit export over OTLP/HTTP with the official exporter', () => {
  it('a final event is one log record with GenAI and sampling_gate attributes', async () => {
    const id = await sample('otlp check: LILAC', { modelPreferences: { hints: [{ name: 'claude-haiku' }] }, temperature: 0.4 });
    const [r] = await waitFor(async () => (recordFor(id).length ? recordFor(id) : undefined), 'the record at the collector');
    expect(contentTypes[0]).toBe('application/json key=k1');
    expect(r!.resource).toMatchObject({ 'service.name': 'sampling-gate' });
    expect(r!.scope).toBe('sampling-gate.audit');
    expect(r!.eventName).toBe('sampling_gate.sampling');
    expect(r!.severityText).toBe('INFO');
    expect(r!.body).toBe('sampling auto-approved for server "raw" (trust.trust)');
    expect(r!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'claude-haiku',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0.4,
      'gen_ai.response.model': 'test-model',
      'gen_ai.response.finish_reasons': ['endTurn'],
      'sampling_gate.event_id': id,
      'sampling_gate.server': 'raw',
      'sampling_gate.outcome': 'auto-approved',
      'sampling_gate.decided_by': 'policy',
      'sampling_gate.rule': 'trust.trust',
      'sampling_gate.flags': [],
      'sampling_gate.content': 'hashed',
      'sampling_gate.content.paths': ['/request/messages/0/content/text', '/response/content/text'],
      'sampling_gate.content.sha256': [
        createHash('sha256').update('otlp check: LILAC').digest('hex'),
        createHash('sha256').update('completion for: otlp check: LILAC').digest('hex'),
      ],
    });
    expect(JSON.stringify(r)).not.toContain('LILAC');
  });

  it('the collector failing and recovering: decisions go on, nothing is lost', async () => {
    failing = true;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await sample(`collector down ${i} IRIS`));
    const s = await waitFor(async () => {
      const x = (await gate.api('audit.status', {})).sinks[0];
      return x && x.backlog >= 5 && x.lastError ? x : undefined;
    }, 'the exporter to report the failure');
    expect(s).toMatchObject({ kind: 'otlp', state: 'retrying', source: 'config' });
    failing = false;
    await waitFor(async () => ((await gate.api('audit.status', {})).sinks[0]?.backlog === 0 ? true : undefined), 'the backlog to drain', 30_000);
    for (const id of ids) expect(recordFor(id).length).toBeGreaterThanOrEqual(1);
  });
});
