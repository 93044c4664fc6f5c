/**
 * The audit outbox on a real SQLite file (migration 7): the trigger queues a row exactly when it
 * becomes final and only while export is on; cursors per sink; compaction; the bound drops the
 * oldest and counts them. And the record at each content level, and the RFC 5424 framing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../core/history/history-store.js';
import { AuditOutbox } from '../../../core/audit/outbox.js';
import { sha256, toAuditRecord } from '../../../core/audit/record.js';
import { formatSyslog, frame, severityOf } from '../../../core/audit/syslog.js';
import { attributesOf } from '../../../core/audit/otlp.js';
import { parse5424 } from '../../support/rfc5424.js';

let dir: string;
let history: HistoryStore;
let outbox: AuditOutbox;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-outbox-'));
  history = new HistoryStore(join(dir, 'history.db'));
  outbox = new AuditOutbox(join(dir, 'history.db'));
});
afterEach(() => {
  outbox.close();
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = new Date('2026-11-01T10:00:00.000Z');
function finalRow(id: string, extra: Parameters<HistoryStore['update']>[1] = {}): void {
  history.insert({ id, server: 'srv', sessionId: 's1', era: '2025-11-25', receivedAt: at, request: { messages: [{ role: 'user', content: { type: 'text', text: `prompt ${id}` } }], maxTokens: 10, systemPrompt: 'be brief' } });
  history.update(id, { outcome: 'approved', decidedBy: 'user', decidedAt: at, ...extra });
  history.update(id, { completedAt: at, response: { role: 'assistant', model: 'm1', content: { type: 'text', text: `answer ${id}` }, stopReason: 'endTurn' } });
  history.flush(); // the store queues its writes; the trigger fires when they reach SQLite
}

describe('audit outbox', () => {
  it('queues a row once, when it becomes final, and only while export is on', () => {
    finalRow('off');
    expect(outbox.newestSeq()).toBe(0);
    outbox.setEnabled(true);
    history.insert({ id: 'e1', server: 'srv', sessionId: 's1', era: '2025-11-25', receivedAt: at, request: {} });
    history.update('e1', { outcome: 'approved', decidedAt: at });
    history.flush();
    expect(outbox.pending(0, 10)).toEqual([]);
    history.update('e1', { completedAt: at });
    history.flush();
    history.update('e1', { completedAt: at, outcome: 'failed' }); // a later change is not a second event
    history.flush();
    expect(outbox.pending(0, 10).map((r) => r.eventId)).toEqual(['e1']);
  });

  it('each sink has its own cursor; compaction keeps what a sink still needs; the bound drops and counts', () => {
    outbox.setEnabled(true);
    for (let i = 0; i < 20; i++) finalRow(`e${i}`);
    const a = outbox.sink('a');
    outbox.sink('b');
    expect(outbox.backlog(a.deliveredSeq)).toBe(20);
    const batch = outbox.pending(a.deliveredSeq, 5);
    outbox.delivered('a', batch.at(-1)!.seq, 5, at);
    outbox.failed('b', 'connect ECONNREFUSED', at);
    outbox.compact(['a', 'b']);
    expect(outbox.backlog(outbox.sink('a').deliveredSeq)).toBe(15);
    expect(outbox.backlog(outbox.sink('b').deliveredSeq)).toBe(20);
    expect(outbox.sink('b')).toMatchObject({ lastError: 'connect ECONNREFUSED', delivered: 0 });
    expect(outbox.sink('a')).toMatchObject({ lastError: null, delivered: 5, lastDeliveredAt: at.toISOString() });

    expect(outbox.trim(12)).toBe(8);
    expect(outbox.droppedTotal()).toBe(8);
    expect(outbox.backlog(outbox.sink('b').deliveredSeq)).toBe(12);
    expect(outbox.pending(outbox.sink('b').deliveredSeq, 100)[0]?.eventId).toBe('e8');
    expect(outbox.trim(12)).toBe(0);
  });
});

describe('audit record and syslog message', () => {
  it('metadata has no text; hashed has the SHA-256 of each; full has them', () => {
    finalRow('e1');
    const e = history.get('e1')!;
    const meta = toAuditRecord(e, 'metadata');
    expect(meta).toMatchObject({ eventId: 'e1', outcome: 'approved', decidedBy: 'user', responseModel: 'm1', maxTokens: 10, stopReason: 'endTurn', content: 'metadata' });
    expect(JSON.stringify(meta)).not.toContain('prompt e1');
    expect(toAuditRecord(e, 'hashed').texts).toEqual([
      { path: '/request/systemPrompt', sha256: sha256('be brief') },
      { path: '/request/messages/0/content/text', sha256: sha256('prompt e1') },
      { path: '/response/content/text', sha256: sha256('answer e1') },
    ]);
    expect(toAuditRecord(e, 'full').texts?.map((t) => t.text)).toEqual(['be brief', 'prompt e1', 'answer e1']);
  });

  it('OTLP attributes: GenAI conventions, and the texts as gen_ai messages only at full', () => {
    finalRow('e3');
    const e = history.get('e3')!;
    const meta = attributesOf(toAuditRecord(e, 'metadata'));
    expect(meta).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.response.model': 'm1', 'gen_ai.request.max_tokens': 10, 'sampling_gate.outcome': 'approved' });
    expect(Object.keys(meta).filter((k) => k.includes('messages') || k.includes('sha256'))).toEqual([]);
    const full = attributesOf(toAuditRecord(e, 'full'));
    expect(JSON.parse(String(full['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'be brief' }]);
    expect(JSON.parse(String(full['gen_ai.input.messages']))).toEqual([{ path: '/request/messages/0/content/text', parts: [{ type: 'text', content: 'prompt e3' }] }]);
    expect(JSON.parse(String(full['gen_ai.output.messages']))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'answer e3' }] }]);
  });

  it('formats RFC 5424 with escaped structured data, framed by octet count', () => {
    finalRow('e2', { rule: 'rule.content:x"y]z\\', reason: 'line one\nline two' });
    const r = toAuditRecord(history.get('e2')!, 'metadata');
    const msg = formatSyslog(r, { facility: 16, hostname: 'host-1', appName: 'sampling-gate', procId: '42' });
    const parsed = parse5424(msg);
    expect(parsed).toMatchObject({ facility: 16, severity: severityOf('approved'), hostname: 'host-1', procId: '42', msgId: 'approved', timestamp: at.toISOString() });
    expect(parsed.sd['sampling_gate@32473']?.rule).toBe('rule.content:x"y]z\\');
    expect(JSON.parse(parsed.msg)).toMatchObject({ eventId: 'e2', reason: 'line one\nline two' });
    const framed = frame(msg).toString('utf8');
    expect(framed).toBe(`${Buffer.byteLength(msg)} ${msg}`);
    expect(msg).not.toContain('\n');
  });

  it('an elicitation: its kind and mode, the message and the answer as the row keeps it (a secret stays redacted)', () => {
    const request = { message: 'Sign in', requestedSchema: { type: 'object', properties: { user: { type: 'string', title: 'User' }, password: { type: 'string' } } } };
    history.insert({ id: 'el', kind: 'elicitation', server: 'srv', sessionId: 's1', era: '2026-07-28', receivedAt: at, request });
    history.update('el', {
      outcome: 'approved',
      decidedBy: 'user',
      decidedAt: at,
      completedAt: at,
      answeredBy: 'gate',
      response: { action: 'accept', content: { user: 'ada', password: '[redacted]' } },
      detail: { kind: 'elicitation', mode: 'form', answeredBy: 'gate', secretFields: ['password'], via: 'input-required' },
    });
    history.flush();
    const e = history.get('el')!;
    const meta = toAuditRecord(e, 'metadata');
    expect(meta).toMatchObject({ kind: 'elicitation', elicitation: { mode: 'form', via: 'input-required', url: null }, answeredBy: 'gate' });
    expect(JSON.stringify(meta)).not.toContain('Sign in');
    expect(toAuditRecord(e, 'full').texts).toEqual([
      { path: '/request/message', text: 'Sign in' },
      { path: '/request/requestedSchema/properties/user/title', text: 'User' },
      { path: '/response/content/user', text: 'ada' },
      { path: '/response/content/password', text: '[redacted]' },
    ]);
    const attrs = attributesOf(toAuditRecord(e, 'full'));
    expect(attrs).toMatchObject({ 'sampling_gate.kind': 'elicitation', 'sampling_gate.elicitation.mode': 'form' });
    expect(attrs['gen_ai.operation.name']).toBeUndefined();
    expect(JSON.parse(String(attrs['sampling_gate.content.texts']))[0]).toEqual({ path: '/request/message', text: 'Sign in' });
    const msg = formatSyslog(toAuditRecord(e, 'metadata'), { facility: 16, hostname: 'h', appName: 'sampling-gate', procId: '1' });
    expect(parse5424(msg).sd['sampling_gate@32473']).toMatchObject({ kind: 'elicitation', elicitation_mode: 'form' });
  });
});
