/** deny / ask / trust as a radio group, with arrow-key movement like a native radio group. */
import type { KeyboardEvent, ReactNode } from 'react';
import { TRUST_LEVELS } from '../../../shared/types.js';
import type { Trust } from '../../../shared/types.js';

const HELP: Record<Trust, string> = {
  deny: 'Deny every sampling request from this server',
  ask: 'Ask me for every request policy does not decide',
  trust: 'Approve automatically when policy allows',
};

export function TrustToggle({ serverId, value, onChange }: { serverId: string; value: Trust; onChange(t: Trust): void }): ReactNode {
  const onKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    const i = TRUST_LEVELS.indexOf(value);
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') onChange(TRUST_LEVELS[Math.min(TRUST_LEVELS.length - 1, i + 1)] ?? value);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') onChange(TRUST_LEVELS[Math.max(0, i - 1)] ?? value);
    else return;
    e.preventDefault();
  };
  return (
    <div className="segmented" role="radiogroup" aria-label={`Trust for ${serverId}`}>
      {TRUST_LEVELS.map((t) => (
        <button
          key={t}
          type="button"
          role="radio"
          aria-checked={t === value}
          tabIndex={t === value ? 0 : -1}
          className={`seg trust-${t} ${t === value ? 'on' : ''}`}
          title={HELP[t]}
          onKeyDown={onKey}
          onClick={() => t !== value && onChange(t)}
        >
          {t}
        </button>
      ))}
    </div>
  );
}
