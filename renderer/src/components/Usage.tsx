import type { ReactNode } from 'react';
import type { UsageSnapshot } from '../../../shared/types.js';

const ROWS: [keyof UsageSnapshot, string][] = [
  ['minute', 'Requests this minute'],
  ['hour', 'Requests this hour'],
  ['day', 'Requests today'],
  ['session', 'Requests this session'],
  ['tokensToday', 'Tokens today'],
];

/** What this server has used against its limits, so the user sees a runaway loop coming. */
export function UsageView({ usage }: { usage: UsageSnapshot | undefined }): ReactNode {
  if (!usage) return null;
  return (
    <section className="section usage" aria-label="Usage">
      <h3>Usage against limits</h3>
      <div className="usage-grid">
        {ROWS.map(([key, label]) => {
          const { used, limit } = usage[key];
          const ratio = limit ? Math.min(1, used / limit) : 0;
          const level = ratio >= 0.85 ? 'high' : ratio >= 0.6 ? 'mid' : 'low';
          return (
            <div key={key} className="usage-card">
              <div className="usage-label">{label}</div>
              <div className="usage-value mono">
                {used.toLocaleString('en-US')} <span className="muted">/ {limit === null ? '∞' : limit.toLocaleString('en-US')}</span>
              </div>
              <div className="bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={limit ?? 0} aria-valuenow={used}>
                {/* Set through the CSSOM by React, which CSP style-src 'self' allows (no inline style attribute in HTML). */}
                <div className={`bar-fill ${level}`} style={{ width: `${Math.round(ratio * 100)}%` }} />
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}
