import type { ReactNode } from 'react';
import type { UsageSnapshot } from '../../../shared/types.js';
import { formatUsd } from '../lib/answer.js';

type Counter = { used: number; limit: number | null };

const ROWS: [Exclude<keyof UsageSnapshot, 'costToday'>, string][] = [
  ['minute', 'Requests this minute'],
  ['hour', 'Requests this hour'],
  ['day', 'Requests today'],
  ['session', 'Requests this session'],
  ['tokensToday', 'Tokens today'],
];

const count = (n: number): string => n.toLocaleString('en-US');

/** What this server has used against its limits, so the user sees a runaway loop coming. */
export function UsageView({ usage }: { usage: UsageSnapshot | undefined }): ReactNode {
  if (!usage) return null;
  return (
    <section className="section usage" aria-label="Usage">
      <h3>Usage against limits</h3>
      <div className={`usage-grid ${usage.costToday ? 'with-cost' : ''}`}>
        {ROWS.map(([key, label]) => (
          <UsageCard key={key} label={label} counter={usage[key]} format={count} />
        ))}
        {/* Spend on the user's own model (costBudgetPerDay), next to the token budget. */}
        {usage.costToday && <UsageCard label="Spent today (USD)" counter={usage.costToday} format={formatUsd} />}
      </div>
    </section>
  );
}

function UsageCard({ label, counter: { used, limit }, format }: { label: string; counter: Counter; format(n: number): string }): ReactNode {
  const ratio = limit ? Math.min(1, used / limit) : 0;
  const level = ratio >= 0.85 ? 'high' : ratio >= 0.6 ? 'mid' : 'low';
  return (
    <div className="usage-card">
      <div className="usage-label">{label}</div>
      <div className="usage-value mono">
        {format(used)} <span className="muted">/ {limit === null ? '∞' : format(limit)}</span>
      </div>
      <div className="bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={limit ?? 0} aria-valuenow={used}>
        {/* Set through the CSSOM by React, which CSP style-src 'self' allows (no inline style attribute in HTML). */}
        <div className={`bar-fill ${level}`} style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
    </div>
  );
}
