/** Where audit events go: each sink sends one batch at a time and throws if it was not delivered. */
import type { AuditRecord } from './record.js';

export interface AuditSink {
  /** Stable id, the key of this sink's cursor in the outbox (`otlp`, `syslog`, `managed.otlp`, …). */
  readonly id: string;
  readonly kind: 'otlp' | 'syslog';
  /** Where it sends, for the status view (no credentials). */
  readonly target: string;
  /** Resolves once the receiver has the whole batch; rejects otherwise (the batch is sent again). */
  send(records: AuditRecord[]): Promise<void>;
  close(): Promise<void>;
}
