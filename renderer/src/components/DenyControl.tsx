import { useState } from 'react';
import type { ReactNode } from 'react';
import { KeyButton } from './KeyButton.js';

/** Deny with an optional reason; the reason field never submits on Enter. */
export function DenyControl({ id, busy, onDeny }: { id: string; busy: boolean; onDeny(reason: string): void }): ReactNode {
  const [reason, setReason] = useState('');
  return (
    <div className="deny-control">
      <input
        id={`deny-reason-${id}`}
        aria-label="Deny reason (optional)"
        placeholder="Reason (optional)"
        maxLength={2000}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <KeyButton shortcut="d" className="btn danger" disabled={busy} onClick={() => onDeny(reason.trim())}>
        Deny
      </KeyButton>
    </div>
  );
}
