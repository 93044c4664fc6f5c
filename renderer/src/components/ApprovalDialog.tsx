/**
 * The approval dialog for one pending sampling request (CONTRACT.md section 9). No <form> and no
 * default button: Enter in a field never submits, and Approve is disabled for a moment after a
 * request comes up (useArmed) so a keystroke or click meant for something else cannot approve it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { PendingRequest } from '../../../shared/types.js';
import { useApprovals } from '../context.js';
import { useArmed } from '../hooks/use-now.js';
import { applyDraft, draftFrom } from '../lib/edit.js';
import type { EditDraft } from '../lib/edit.js';
import { formatTime } from '../lib/format.js';
import { ChangeList } from './Changes.js';
import { DenyControl } from './DenyControl.js';
import { Countdown } from './Countdown.js';
import { EditForm } from './EditForm.js';
import { FlagList } from './Flags.js';
import { ResponseReview } from './ResponseReview.js';
import { SamplingParamsView } from './SamplingParamsView.js';
import { TrustBadge } from './TrustBadge.js';
import { UsageView } from './Usage.js';

export function ApprovalDialog({ request }: { request: PendingRequest }): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [request.id]);
  return (
    <section className="dialog" aria-labelledby={`dialog-title-${request.id}`}>
      <header className="dialog-head">
        <div>
          <h2 id={`dialog-title-${request.id}`} ref={heading} tabIndex={-1}>
            {request.stage === 'response' ? 'Review completion' : 'Sampling request'}
          </h2>
          <div className="dialog-meta">
            <span>
              from <strong className="server-name">{request.server}</strong>
            </span>
            <TrustBadge trust={request.trust} />
            <span className="muted">received {formatTime(request.receivedAt)}</span>
            <span className="muted mono" title="session id">
              session {request.sessionId.slice(0, 8)}
            </span>
          </div>
        </div>
        <Countdown expiresAt={request.expiresAt} />
      </header>
      <FlagList flags={request.flags} />
      {request.stage === 'response' ? <ResponseReview key={request.id} request={request} /> : <RequestDecision key={request.id} request={request} />}
    </section>
  );
}

function RequestDecision({ request }: { request: PendingRequest }): ReactNode {
  const decide = useApprovals((s) => s.decide);
  const busy = useApprovals((s) => s.busy.includes(request.id));
  const armed = useArmed(request.id);
  const [draft, setDraft] = useState<EditDraft | null>(null);
  const applied = useMemo(() => (draft ? applyDraft(request.request, draft) : null), [draft, request.request]);

  return (
    <>
      <div className="dialog-body">
        {draft ? (
          <>
            <EditForm params={request.request} draft={draft} errors={applied && !applied.ok ? applied.errors : {}} onChange={setDraft} />
            {applied?.ok && <ChangeList before={request.request} after={applied.params} title="Your changes" />}
          </>
        ) : (
          <SamplingParamsView params={request.request} flags={request.flags} />
        )}
        <UsageView usage={request.usage} />
      </div>
      <footer className="action-bar">
        <DenyControl id={request.id} busy={busy} onDeny={(reason) => void decide(request.id, reason ? { kind: 'deny', reason } : { kind: 'deny' })} />
        <div className="spacer" />
        {draft ? (
          <>
            <button type="button" className="btn" onClick={() => setDraft(null)} disabled={busy}>
              Cancel editing
            </button>
            <button
              type="button"
              className="btn primary"
              disabled={busy || !armed || !applied?.ok}
              onClick={() => applied?.ok && void decide(request.id, { kind: 'approve-edited', request: applied.params })}
            >
              Approve edited
            </button>
          </>
        ) : (
          <>
            <button type="button" className="btn" onClick={() => setDraft(draftFrom(request.request))} disabled={busy}>
              Edit
            </button>
            <button type="button" className="btn primary" disabled={busy || !armed} onClick={() => void decide(request.id, { kind: 'approve' })}>
              Approve
            </button>
          </>
        )}
      </footer>
    </>
  );
}
