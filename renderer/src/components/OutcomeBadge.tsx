import type { ReactNode } from 'react';
import type { Outcome } from '../../../shared/types.js';

export function OutcomeBadge({ outcome }: { outcome: Outcome }): ReactNode {
  return <span className={`badge outcome outcome-${outcome}`}>{outcome}</span>;
}
