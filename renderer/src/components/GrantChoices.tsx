/**
 * Decide once for later requests (issue 23): approve this one and the same later — for this client
 * session, or for some minutes from this server — or set the server's trust ("Always" / "Never",
 * written to config.yaml). Shown only where the gate offers them (PendingRequest.grants): never for
 * a request with a high flag or one the gate's own form answers. A grant covers the request's shape
 * as it is now: one that adds tools, context or media asks again.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { Decision, PendingRequest } from '../../../shared/types.js';
import { KeyButton } from './KeyButton.js';

const MINUTES = [5, 15, 30, 60, 120, 480];

export function GrantChoices({
  request,
  verb,
  disabled,
  approve,
  onDecide,
}: {
  request: PendingRequest;
  /** "Approve", or "Forward" for an elicitation the client answers. */
  verb: string;
  /** Busy, not yet armed, or a choice in the dialog that cannot be approved. */
  disabled: boolean;
  /** The approval decided now (with the model chosen); the grant goes with it. */
  approve: Extract<Decision, { kind: 'approve' }>;
  onDecide(decision: Decision): void;
}): ReactNode {
  const [minutes, setMinutes] = useState(15);
  const g = request.grants;
  if (!g || !(g.session || g.minutes || g.always || g.never)) return null;
  return (
    <div className="grant-choices" role="group" aria-label="Decide for later requests from this server">
      <span className="grant-label">Later requests</span>
      {g.session && (
        <KeyButton shortcut="s" className="btn small" disabled={disabled} onClick={() => onDecide({ ...approve, grant: { scope: 'session' } })} title="Approve this one, and this client session's later requests of the same kind and shape">
          {verb} for this session
        </KeyButton>
      )}
      {g.minutes && (
        <span className="grant-minutes">
          <KeyButton shortcut="m" className="btn small" disabled={disabled} onClick={() => onDecide({ ...approve, grant: { scope: 'minutes', minutes } })} title={`Approve this one, and ${request.server}'s requests of the same kind and shape for ${minutes} minutes`}>
            {verb} for {minutes} min
          </KeyButton>
          <select aria-label="Minutes" value={minutes} disabled={disabled} onChange={(e) => setMinutes(Number(e.target.value))}>
            {MINUTES.map((m) => (
              <option key={m} value={m}>
                {m} min
              </option>
            ))}
          </select>
        </span>
      )}
      {g.always && (
        <KeyButton shortcut="t" className="btn small" disabled={disabled} onClick={() => onDecide({ ...approve, grant: { scope: 'always' } })} title={`Approve, and set ${request.server} to trust: trust in config.yaml`}>
          Always trust this server
        </KeyButton>
      )}
      {g.never && (
        <KeyButton shortcut="n" className="btn small danger" disabled={disabled} onClick={() => onDecide({ kind: 'deny', never: true })} title={`Deny, and set ${request.server} to trust: deny in config.yaml`}>
          Never
        </KeyButton>
      )}
    </div>
  );
}
