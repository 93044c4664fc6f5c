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
      <table className="usage-table">
        <tbody>
          {ROWS.map(([key, label]) => {
            const { used, limit } = usage[key];
            const ratio = limit ? used / limit : 0;
            return (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td className="mono">
                  {used.toLocaleString('en-US')} / {limit === null ? '∞' : limit.toLocaleString('en-US')}
                </td>
                <td>{limit !== null && <meter min={0} max={1} low={0.6} high={0.85} optimum={0} value={Math.min(1, ratio)} aria-label={label} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
