import type { ReactNode } from 'react';
import { useNow } from '../hooks/use-now.js';
import { countdown } from '../lib/format.js';

export function Countdown({ expiresAt, compact = false }: { expiresAt: string; compact?: boolean }): ReactNode {
  const now = useNow(1000);
  const { label, secondsLeft } = countdown(expiresAt, now);
  const urgency = secondsLeft <= 15 ? 'urgent' : secondsLeft <= 45 ? 'soon' : '';
  return (
    <span className={`countdown ${urgency}`} role="timer" aria-label={`Denied automatically in ${label}`} title="Denied automatically when the timer runs out">
      {compact ? label : secondsLeft === 0 ? 'timed out' : `auto-deny in ${label}`}
    </span>
  );
}
