import type { ReactNode } from 'react';
import type { Trust } from '../../../shared/types.js';

const LABEL: Record<Trust, string> = { deny: 'deny all', ask: 'ask', trust: 'trusted' };

export function TrustBadge({ trust }: { trust: Trust }): ReactNode {
  return (
    <span className={`badge trust-${trust}`} title={`Trust level: ${trust}`}>
      trust: {LABEL[trust]}
    </span>
  );
}
