/**
 * The OpenTelemetry sink (issue 12): each audit event as an OTel log record, sent over OTLP/HTTP
 * by the official exporter (@opentelemetry/exporter-logs-otlp-http, JSON encoding) to a collector.
 *
 * The SDK's LoggerProvider builds the records (resource, scope, timestamps, attribute limits) and
 * the official exporter sends them, but the SDK's batch processor is not used: it drops what it
 * cannot send, and the gate must know when a batch was delivered to advance the outbox. So a
 * processor here only collects what `emit` produced, and `send` hands that batch to the exporter
 * and waits for its result.
 *
 * Attributes follow the GenAI semantic conventions where they fit (gen_ai.operation.name,
 * gen_ai.provider.name, gen_ai.request.model/max_tokens/temperature, gen_ai.response.model and
 * finish_reasons, gen_ai.usage.input_tokens/output_tokens; at `full`, gen_ai.system_instructions,
 * gen_ai.input.messages and gen_ai.output.messages as JSON), the rest under `sampling_gate.*`.
 */
import { hostname } from 'node:os';
import { SeverityNumber } from '@opentelemetry/api';
import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordProcessor, ReadWriteLogRecord, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { OtlpSinkConfig } from '../../shared/audit-schema.js';
import type { AuditRecord } from './record.js';
import type { AuditSink } from './sink.js';

/** Collects what the logger emits, for `send` to export as one batch. */
class Collector implements LogRecordProcessor {
  records: ReadableLogRecord[] = [];
  onEmit(record: ReadWriteLogRecord): void {
    this.records.push(record as unknown as ReadableLogRecord);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export class OtlpSink implements AuditSink {
  readonly kind = 'otlp';
  private readonly collector = new Collector();
  private readonly provider: LoggerProvider;
  private readonly exporter: OTLPLogExporter;

  constructor(
    readonly id: string,
    private readonly cfg: OtlpSinkConfig,
    version: string,
  ) {
    this.provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'sampling-gate', 'service.version': version, 'host.name': hostname() }),
      processors: [this.collector],
    });
    this.exporter = new OTLPLogExporter({ url: cfg.endpoint, headers: cfg.headers, timeoutMillis: cfg.timeoutSeconds * 1000, concurrencyLimit: 1 });
  }

  get target(): string {
    return this.cfg.endpoint;
  }

  send(records: AuditRecord[]): Promise<void> {
    const logger = this.provider.getLogger('sampling-gate.audit', '1');
    this.collector.records = [];
    for (const r of records) {
      logger.emit({
        eventName: `sampling_gate.${r.kind}`,
        timestamp: new Date(r.completedAt ?? r.receivedAt),
        severityNumber: r.outcome === 'failed' || r.outcome === 'timed-out' ? SeverityNumber.WARN : SeverityNumber.INFO,
        severityText: r.outcome === 'failed' || r.outcome === 'timed-out' ? 'WARN' : 'INFO',
        body: `${r.kind} ${r.outcome} for server "${r.server}"${r.rule ? ` (${r.rule})` : ''}`,
        attributes: attributesOf(r),
      });
    }
    const batch = this.collector.records;
    this.collector.records = [];
    return new Promise((resolve, reject) => {
      this.exporter.export(batch, (result) => {
        if (result.code === 0) resolve();
        else reject(new Error(`${this.cfg.endpoint}: ${result.error?.message ?? 'export failed'}`));
      });
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.exporter.shutdown(), this.provider.shutdown()]);
  }
}

export function attributesOf(r: AuditRecord): Attributes {
  // GenAI conventions describe a model call: only sampling is one.
  const sampling = r.kind === 'sampling';
  const a: Record<string, AttributeValue | undefined> = {
    'gen_ai.operation.name': sampling ? 'chat' : undefined,
    'gen_ai.provider.name': r.providerKind ?? undefined,
    'gen_ai.request.model': r.requestModel ?? undefined,
    'gen_ai.request.max_tokens': r.maxTokens ?? undefined,
    'gen_ai.request.temperature': r.temperature ?? undefined,
    'gen_ai.response.model': r.responseModel ?? undefined,
    'gen_ai.response.finish_reasons': r.stopReason ? [r.stopReason] : undefined,
    'gen_ai.usage.input_tokens': r.inputTokens ?? undefined,
    'gen_ai.usage.output_tokens': r.outputTokens ?? undefined,
    'sampling_gate.event_id': r.eventId,
    'sampling_gate.kind': r.kind,
    'sampling_gate.elicitation.mode': r.elicitation?.mode,
    'sampling_gate.elicitation.via': r.elicitation?.via,
    'sampling_gate.elicitation.url': r.elicitation?.url ?? undefined,
    'sampling_gate.server': r.server,
    'sampling_gate.session_id': r.sessionId,
    'sampling_gate.era': r.era,
    'sampling_gate.outcome': r.outcome,
    'sampling_gate.decided_by': r.decidedBy ?? undefined,
    'sampling_gate.rule': r.rule ?? undefined,
    'sampling_gate.reason': r.reason ?? undefined,
    'sampling_gate.flags': r.flags,
    'sampling_gate.response_flags': r.responseFlags,
    'sampling_gate.answered_by': r.answeredBy ?? undefined,
    'sampling_gate.cost_usd': r.costUsd ?? undefined,
    'sampling_gate.tokens': r.tokens ?? undefined,
    'sampling_gate.edited': r.edited,
    'sampling_gate.received_at': r.receivedAt,
    'sampling_gate.decided_at': r.decidedAt ?? undefined,
    'sampling_gate.content': r.content,
  };
  if (r.texts && r.content === 'hashed') {
    a['sampling_gate.content.paths'] = r.texts.map((t) => t.path);
    a['sampling_gate.content.sha256'] = r.texts.map((t) => t.sha256 ?? '');
  }
  if (r.texts && r.content === 'full' && !sampling) {
    a['sampling_gate.content.texts'] = JSON.stringify(r.texts.map((t) => ({ path: t.path, text: t.text })));
    a['sampling_gate.content.paths'] = r.texts.map((t) => t.path);
  } else if (r.texts && r.content === 'full') {
    const at = (prefix: string) => r.texts!.filter((t) => t.path.startsWith(prefix));
    const request = r.texts.some((t) => t.path.startsWith('/finalRequest')) ? '/finalRequest' : '/request';
    const system = at(`${request}/systemPrompt`);
    if (system.length) a['gen_ai.system_instructions'] = JSON.stringify(system.map((t) => ({ type: 'text', content: t.text })));
    a['gen_ai.input.messages'] = JSON.stringify(at(`${request}/messages`).map((t) => ({ path: t.path, parts: [{ type: 'text', content: t.text }] })));
    a['gen_ai.output.messages'] = JSON.stringify(at('/response').map((t) => ({ role: 'assistant', parts: [{ type: 'text', content: t.text }] })));
    a['sampling_gate.content.paths'] = r.texts.map((t) => t.path);
  }
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Attributes;
}
