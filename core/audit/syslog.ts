/**
 * The syslog sink (issue 12): RFC 5424 messages over TCP with octet-counting framing (RFC 6587
 * section 3.4.1), optionally TLS (RFC 5425), for rsyslog, syslog-ng and SIEMs.
 *
 * Plain TCP syslog has no acknowledgement, and bytes written to a socket whose reader has just died
 * vanish without an error. So each batch goes over its own connection, which the gate then
 * half-closes and waits on: a receiver closes its side only after it has read up to the gate's
 * end-of-stream, so a clean close means the receiver read every message of the batch; a reset, an
 * error or the timeout means the batch is sent again (at-least-once; the receiver may see a batch
 * twice). Sampling happens at human pace, so a connection per batch costs nothing that matters.
 */
import { readFileSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { hostname as osHostname } from 'node:os';
import { SYSLOG_FACILITIES } from '../../shared/audit-schema.js';
import type { SyslogSinkConfig } from '../../shared/audit-schema.js';
import type { AuditRecord } from './record.js';
import type { AuditSink } from './sink.js';

/** The private enterprise number RFC 5612 reserves for documentation; SD-IDs must carry one. */
export const SD_PEN = 32473;
export const SD_EVENT = `sampling_gate@${SD_PEN}`;
export const SD_GEN_AI = `gen_ai@${SD_PEN}`;

const SEVERITY = { warning: 4, notice: 5, info: 6 } as const;

/** Approvals are informational; refusals worth a notice; failures and timeouts a warning. */
export function severityOf(outcome: string): number {
  if (outcome === 'failed' || outcome === 'timed-out') return SEVERITY.warning;
  if (outcome === 'denied' || outcome === 'auto-denied' || outcome === 'cancelled') return SEVERITY.notice;
  return SEVERITY.info;
}

/** One RFC 5424 SYSLOG-MSG (without the framing): header, structured data, then the record as JSON. */
export function formatSyslog(r: AuditRecord, opts: { facility: number; hostname: string; appName: string; procId: string }): string {
  const pri = opts.facility * 8 + severityOf(r.outcome);
  const timestamp = r.completedAt ?? new Date().toISOString();
  const event = sdElement(SD_EVENT, {
    event_id: r.eventId,
    kind: r.kind,
    elicitation_mode: r.elicitation?.mode ?? null,
    server: r.server,
    session_id: r.sessionId,
    era: r.era,
    outcome: r.outcome,
    decided_by: r.decidedBy,
    rule: r.rule,
    flags: r.flags.join(','),
    response_flags: r.responseFlags.join(','),
    answered_by: r.answeredBy,
    cost_usd: r.costUsd,
    tokens: r.tokens,
    edited: r.edited,
    content: r.content,
  });
  const genAi = sdElement(SD_GEN_AI, {
    'provider.name': r.providerKind,
    'request.model': r.requestModel,
    'response.model': r.responseModel,
    'request.max_tokens': r.maxTokens,
    'usage.input_tokens': r.inputTokens,
    'usage.output_tokens': r.outputTokens,
  });
  // MSGID: the outcome, so a receiver can route refusals without parsing the message.
  return `<${pri}>1 ${timestamp} ${opts.hostname} ${opts.appName} ${opts.procId} ${r.outcome} ${event}${genAi} ${JSON.stringify(r)}`;
}

/** RFC 6587 octet counting: the message's length in bytes, a space, the message. */
export function frame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

/** An SD-ELEMENT; null/empty values are left out; `"`, `\` and `]` escaped (RFC 5424 6.3.3). */
function sdElement(id: string, params: Record<string, string | number | boolean | null>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => `${k}="${String(v).replace(/[\\"\]]/g, (c) => `\\${c}`).replace(/[\u0000-\u001f\u007f]/g, ' ')}"`);
  return `[${[id, ...parts].join(' ')}]`;
}

/** node:tls (~6 MiB once loaded) only for a sink that uses it, on its first batch (issue 10: lazy start-up). */
let tls: typeof import('node:tls') | null = null;

export class SyslogSink implements AuditSink {
  readonly kind = 'syslog';
  private readonly facility: number;
  private readonly hostname: string;

  constructor(
    readonly id: string,
    private readonly cfg: SyslogSinkConfig,
  ) {
    this.facility = SYSLOG_FACILITIES[cfg.facility];
    this.hostname = (cfg.hostname ?? osHostname()).replace(/[^!-~]/g, '-').slice(0, 255) || '-';
  }

  get target(): string {
    return `syslog${this.cfg.tls ? '+tls' : ''}://${this.cfg.host}:${this.cfg.port}`;
  }

  async send(records: AuditRecord[]): Promise<void> {
    const payload = Buffer.concat(
      records.map((r) => frame(formatSyslog(r, { facility: this.facility, hostname: this.hostname, appName: this.cfg.appName, procId: String(process.pid) }))),
    );
    if (this.cfg.tls) tls ??= await import('node:tls');
    await this.deliver(payload);
  }

  /** Write, half-close, and wait for the receiver to close after reading everything. */
  private deliver(payload: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let socket: Socket;
      const done = (err?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => done(new Error(`${this.target}: no close from the receiver within ${this.cfg.timeoutSeconds}s`)), this.cfg.timeoutSeconds * 1000);
      const onConnect = (): void => {
        socket.end(payload);
      };
      if (this.cfg.tls) {
        const t = typeof this.cfg.tls === 'object' ? this.cfg.tls : {};
        socket = tls!.connect({
          host: this.cfg.host,
          port: this.cfg.port,
          servername: t.servername ?? this.cfg.host,
          ...(t.ca ? { ca: readFileSync(t.ca) } : {}),
          ...(t.cert ? { cert: readFileSync(t.cert) } : {}),
          ...(t.key ? { key: readFileSync(t.key) } : {}),
        }, onConnect);
      } else {
        socket = createConnection({ host: this.cfg.host, port: this.cfg.port }, onConnect);
      }
      socket.on('error', (err) => done(new Error(`${this.target}: ${err.message}`)));
      socket.on('data', () => {}); // a receiver that talks back is read and ignored
      // 'end': the receiver closed its side after reading to our end-of-stream.
      socket.on('end', () => done());
      socket.on('close', (hadError) => done(hadError ? new Error(`${this.target}: connection reset`) : new Error(`${this.target}: closed before the batch was acknowledged`)));
    });
  }

  async close(): Promise<void> {}
}
