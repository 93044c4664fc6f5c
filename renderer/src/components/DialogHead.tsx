/**
 * The head every request dialog shares (sampling, elicitation, roots): the title, which server asks
 * and its trust, when it arrived, the session, and the countdown to auto-deny. The title takes the
 * focus when a new request opens, so a screen reader announces it and the shortcuts work at once.
 */
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { PendingRequest } from '../../../shared/types.js';
import { formatTime } from '../lib/format.js';
import { Countdown } from './Countdown.js';
import { TrustBadge } from './TrustBadge.js';

export function DialogHead({ request, title, session = true, countdown = true }: { request: PendingRequest; title: ReactNode; session?: boolean; countdown?: boolean }): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [request.id]);
  return (
    <header className="dialog-head">
      <div>
        <h2 id={`dialog-title-${request.id}`} ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <div className="dialog-meta">
          <span>
            from <strong className="server-name">{request.server}</strong>
          </span>
          <TrustBadge trust={request.trust} />
          <span className="muted">received {formatTime(request.receivedAt)}</span>
          {session && (
            <span className="muted mono" title="session id">
              session {request.sessionId.slice(0, 8)}
            </span>
          )}
        </div>
      </div>
      {countdown && <Countdown expiresAt={request.expiresAt} />}
    </header>
  );
}
