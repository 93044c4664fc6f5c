/**
 * The OTLP sink, loaded on its first batch: OpenTelemetry is ~200 modules (~20 MiB of memory),
 * and a gate without an OTLP sink configured should not carry them (issue 10: lazy start-up).
 */
import type { OtlpSinkConfig } from '../../shared/audit-schema.js';
import type { AuditRecord } from './record.js';
import type { AuditSink } from './sink.js';

export function lazyOtlpSink(id: string, cfg: OtlpSinkConfig, version: string): AuditSink {
  let real: Promise<AuditSink> | null = null;
  const load = (): Promise<AuditSink> => (real ??= import('./otlp.js').then((m) => new m.OtlpSink(id, cfg, version)));
  return {
    id,
    kind: 'otlp',
    target: cfg.endpoint,
    send: async (records: AuditRecord[]) => (await load()).send(records),
    close: async () => {
      if (real) await (await real).close();
    },
  };
}
