/** deny / ask / trust as a radio group, with arrow-key movement like a native radio group. */
import type { KeyboardEvent, ReactNode } from 'react';
import { TRUST_LEVELS } from '../../../shared/types.js';
import type { Trust } from '../../../shared/types.js';

const HELP: Record<Trust, string> = {
  deny: 'Deny every sampling request from this server',
  ask: 'Ask me for every request policy does not decide',
  trust: 'Approve automatically when policy allows',
};

/** `locked`: why the value cannot be changed here (the managed policy set it); the toggle is then read-only. */
export function TrustToggle({ serverId, value, onChange, locked = null }: { serverId: string; value: Trust; onChange(t: Trust): void; locked?: string | null }): ReactNode {
  const onKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (locked) return;
    const i = TRUST_LEVELS.indexOf(value);
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') onChange(TRUST_LEVELS[Math.min(TRUST_LEVELS.length - 1, i + 1)] ?? value);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') onChange(TRUST_LEVELS[Math.max(0, i - 1)] ?? value);
    else return;
    e.preventDefault();
  };
  return (
    <div className="trust-cell">
      <div className={`segmented${locked ? ' locked' : ''}`} role="radiogroup" aria-label={`Trust for ${serverId}`} aria-disabled={locked ? true : undefined} title={locked ?? undefined}>
        {TRUST_LEVELS.map((t) => (
          <button
            key={t}
            type="button"
            role="radio"
            aria-checked={t === value}
            tabIndex={t === value ? 0 : -1}
            className={`seg trust-${t} ${t === value ? 'on' : ''}`}
            title={locked ?? HELP[t]}
            disabled={locked !== null && t !== value}
            onKeyDown={onKey}
            onClick={() => !locked && t !== value && onChange(t)}
          >
            {t}
          </button>
        ))}
      </div>
      {locked && (
        <span className="lock-label" title={locked}>
          locked by managed policy
        </span>
      )}
    </div>
  );
}
