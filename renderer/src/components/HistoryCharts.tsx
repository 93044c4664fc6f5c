/**
 * History at a glance (issue 23), above the History table: events per day (stacked by outcome or
 * server) and cost per day (by model or server) for the table's filter. A click on a bar narrows
 * the filter to that day and that outcome, server or model, so the table lists those rows.
 */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useHistory, useHistoryStats } from '../context.js';
import { formatUsd } from '../lib/answer.js';
import { filterFor, seriesColor, stackOf } from '../lib/chart-data.js';
import type { ChartKind, StackBy } from '../lib/chart-data.js';
import { formatNumber } from '../lib/format.js';
import { StackedBars } from './StackedBars.js';
import '../history-charts.css';

export function HistoryCharts(): ReactNode {
  const stats = useHistoryStats((s) => s.stats);
  const error = useHistoryStats((s) => s.error);
  const load = useHistoryStats((s) => s.load);
  useEffect(() => void load(), [load]);

  if (error) return <p className="error" role="alert">Charts: {error}</p>;
  if (!stats) return null;
  if (stats.totals.events === 0) return null;
  return (
    <section className="history-charts" aria-label="History at a glance">
      <Chart kind="events" title="Events per day" choices={['outcome', 'server']} format={(v) => formatNumber(v)} />
      <Chart kind="cost" title="Cost per day" choices={['model', 'server']} format={formatUsd} />
      {stats.omittedDays > 0 && <p className="muted small">The newest {stats.days.length} days are shown; set From to see the {stats.omittedDays} older days with events.</p>}
    </section>
  );
}

function Chart({ kind, title, choices, format }: { kind: ChartKind; title: string; choices: StackBy[]; format: (v: number) => string }): ReactNode {
  const stats = useHistoryStats((s) => s.stats)!;
  const setFilter = useHistory((s) => s.setFilter);
  const [by, setBy] = useState<StackBy>(choices[0]!);
  const stack = stackOf(stats, kind, by);
  const headingId = `chart-${kind}-title`;
  return (
    <div className="chart-card" aria-labelledby={headingId} role="region">
      <div className="chart-head">
        <h3 id={headingId}>{title}</h3>
        <span className="chart-total mono" data-testid={`chart-${kind}-total`}>
          {kind === 'cost' && stats.totals.priced === 0 ? 'no costs recorded' : format(stack.total)}
        </span>
        <label className="chart-by">
          by
          <select value={by} onChange={(e) => setBy(e.target.value as StackBy)} aria-label={`${title}: stack by`}>
            {choices.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      {stack.total > 0 ? (
        <StackedBars label={title} stack={stack} colorOf={(s, i) => seriesColor(by, s, i)} format={format} onPick={(day, s) => setFilter(filterFor(day, by, s))} testId={`chart-${kind}`} />
      ) : (
        <p className="muted small">Nothing priced in this range: costs come from providers with prices in config.yaml.</p>
      )}
    </div>
  );
}
