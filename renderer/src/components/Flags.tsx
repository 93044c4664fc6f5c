import type { ReactNode } from 'react';
import type { RiskFlag } from '../../../shared/types.js';
import { pathLabel } from '../lib/diff.js';
import { RichText } from './RichText.js';

const ORDER: Record<RiskFlag['severity'], number> = { high: 0, medium: 1, low: 2, info: 3 };

export function FlagList({ flags }: { flags: readonly RiskFlag[] }): ReactNode {
  if (flags.length === 0) return null;
  const sorted = [...flags].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <section className="flags" aria-label="Risk flags">
      <h3>
        Risk flags <span className="count">{flags.length}</span>
      </h3>
      <ul>
        {sorted.map((f, i) => (
          <li key={`${f.id}-${i}`} className="flag">
            <span className={`sev-badge sev-${f.severity}`}>{f.severity}</span>
            <div className="flag-body">
              <div>
                <span className="flag-message">{f.message}</span> <span className="flag-id">{f.id}</span>
                {f.path && <span className="flag-path"> · {pathLabel(f.path)}</span>}
              </div>
              {f.excerpt && (
                <q className="flag-excerpt">
                  <RichText text={f.excerpt} />
                </q>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FlagCount({ flags, empty = '—' }: { flags: readonly Pick<RiskFlag, 'id' | 'severity' | 'message'>[]; empty?: string }): ReactNode {
  if (flags.length === 0) return empty ? <span className="muted">{empty}</span> : null;
  const worst = [...flags].sort((a, b) => ORDER[a.severity] - ORDER[b.severity])[0];
  return (
    <span className={`sev-badge sev-${worst?.severity ?? 'info'}`} title={flags.map((f) => `${f.id}: ${f.message}`).join('\n')}>
      {flags.length} flag{flags.length === 1 ? '' : 's'}
    </span>
  );
}
