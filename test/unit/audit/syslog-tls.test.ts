/**
 * The syslog sink over TCP and TLS against local receivers: a batch counts as delivered only when
 * the receiver closed after reading it; a refused connection, a reset, a receiver that never closes
 * or a certificate the gate does not trust is a failure (the exporter sends the batch again).
 */
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { SyslogSinkSchema } from '../../../shared/audit-schema.js';
import type { AuditRecord } from '../../../core/audit/record.js';
import { SyslogSink } from '../../../core/audit/syslog.js';
import { freePort } from '../../../bench/processes.js';
import { parse5424 } from '../../support/rfc5424.js';

const TLS_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'tls');
const CERT = join(TLS_DIR, 'syslog-cert.pem');
const KEY = join(TLS_DIR, 'syslog-key.pem');

const record = (id: string): AuditRecord => ({
  eventId: id, kind: 'sampling', server: 'srv', sessionId: 's', era: '2025-11-25', receivedAt: '2026-11-30T10:00:00.000Z', decidedAt: null,
  completedAt: '2026-11-30T10:00:01.000Z', outcome: 'approved', decidedBy: 'user', rule: null, reason: null, flags: [], responseFlags: [],
  answeredBy: 'client', providerKind: null, requestModel: null, responseModel: 'm', maxTokens: 5, temperature: null, stopReason: null,
  inputTokens: null, outputTokens: null, costUsd: null, tokens: 5, edited: false, content: 'metadata',
});

/** Octet-counted frames (RFC 6587 3.4.1) → messages. */
function unframe(data: string): string[] {
  const out: string[] = [];
  let buf = Buffer.from(data, 'utf8');
  while (buf.length > 0) {
    const sp = buf.indexOf(0x20);
    const len = Number(buf.subarray(0, sp).toString('ascii'));
    out.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
    buf = buf.subarray(sp + 1 + len);
  }
  return out;
}

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy(); // a paused socket would keep its server open
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (s: Socket) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

const sink = (cfg: Record<string, unknown>): SyslogSink => new SyslogSink('syslog', SyslogSinkSchema.parse({ host: '127.0.0.1', timeoutSeconds: 2, hostname: 'h', ...cfg }));

describe('syslog sink', () => {
  it('TLS: delivers a batch the receiver read and closed on, to a CA it was told to trust', async () => {
    const got: string[] = [];
    const port = await listen(
      createTlsServer({ cert: readFileSync(CERT), key: readFileSync(KEY) }, (s) => {
        let data = '';
        s.on('data', (d: Buffer) => (data += d.toString('utf8')));
        s.on('end', () => {
          got.push(...unframe(data));
          s.end();
        });
      }),
    );
    await sink({ port, tls: { ca: CERT, servername: 'localhost' } }).send([record('a'), record('b')]);
    expect(got.map((m) => parse5424(m).sd['sampling_gate@32473']?.event_id)).toEqual(['a', 'b']);
    // The system CAs do not know this certificate: refused, so the batch would be sent again.
    await expect(sink({ port, tls: true }).send([record('c')])).rejects.toThrow(/certificate/i);
  });

  it('plain TCP: refused, reset before reading, or never closed — each a failure', async () => {
    const closed = await freePort();
    await expect(sink({ port: closed }).send([record('x')])).rejects.toThrow(/ECONNREFUSED/);
    const resetting = await listen(createTcpServer((s) => s.resetAndDestroy()));
    await expect(sink({ port: resetting }).send([record('x')])).rejects.toThrow(/syslog:\/\/127\.0\.0\.1/);
    const stalled = await listen(createTcpServer((s) => s.pause()));
    await expect(sink({ port: stalled, timeoutSeconds: 0.3 }).send([record('x')])).rejects.toThrow(/no close from the receiver within 0.3s/);
  });
});
