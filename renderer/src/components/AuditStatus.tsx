/**
 * The audit exporter's state (issue 12), for the Servers and History views: each sink's target and
 * content level, who configured it, the backlog, the last delivery and the last error. Nothing is
 * shown when no `audit:` is configured.
 */
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import type { AuditSinkStatus } from '../../../shared/api.js';
import { useAudit } from '../context.js';
import { useNow } from '../hooks/use-now.js';
import { formatNumber, relativeTime } from '../lib/format.js';

const POLL_MS = 5000;

export function AuditStatusPanel(): ReactNode {
  const status = useAudit((s) => s.status);
  const load = useAudit((s) => s.load);
  const now = useNow(10_000);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
  if (!status?.enabled) return null;
  return (
    <section className="audit-status" aria-label="Audit export">
      <h3>Audit export</h3>
      <ul>
        {status.sinks.map((s) => (
          <SinkLine key={s.id} sink={s} now={now} />
        ))}
      </ul>
      {status.dropped > 0 && (
        <p className="audit-dropped" role="alert">
          {formatNumber(status.dropped)} undelivered event(s) dropped: the outbox was over its limit of {formatNumber(status.maxOutbox)}.
        </p>
      )}
    </section>
  );
}

function SinkLine({ sink: s, now }: { sink: AuditSinkStatus; now: number }): ReactNode {
  return (
    <li className={`audit-sink ${s.state}`}>
      <span className={`badge ${s.state === 'ok' ? 'trust-trust' : 'trust-deny'}`}>{s.state === 'ok' ? 'delivering' : 'retrying'}</span>{' '}
      <strong>{s.kind === 'otlp' ? 'OpenTelemetry' : s.target.startsWith('syslog+tls:') ? 'syslog (TLS)' : 'syslog'}</strong>{' '}
      <span className="mono">{s.target.replace(/^syslog(\+tls)?:\/\//, '')}</span>{' '}
      <span className="muted">
        ({s.content}, set by {s.source}) · last delivered {s.lastDeliveredAt ? relativeTime(s.lastDeliveredAt, now) : 'never'} · backlog {formatNumber(s.backlog)}
      </span>
      {s.lastError && (
        <div className="audit-error mono" title={s.lastErrorAt ?? undefined}>
          {s.lastError}
        </div>
      )}
    </li>
  );
}
