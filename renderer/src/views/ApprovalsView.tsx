/** Pending requests: a visible queue (any order) and the dialog for the one selected. */
import { memo } from 'react';
import type { ReactNode } from 'react';
import { useApprovals } from '../context.js';
import { ApprovalDialog } from '../components/ApprovalDialog.js';
import { Countdown } from '../components/Countdown.js';
import { FlagCount } from '../components/Flags.js';
import { RichText } from '../components/RichText.js';
import { formatTime } from '../lib/format.js';
import { promptPreview } from '../lib/sampling-view.js';
import { selectedRequest } from '../stores/approvals.js';
import type { PendingRequest } from '../../../shared/types.js';

export function ApprovalsView(): ReactNode {
  const pending = useApprovals((s) => s.pending);
  const selected = useApprovals(selectedRequest);
  const select = useApprovals((s) => s.select);
  const loaded = useApprovals((s) => s.loaded);

  if (loaded && pending.length === 0) {
    return (
      <div className="empty-state">
        <div className="empty-icon" aria-hidden="true">
          ✓
        </div>
        <h2>No requests waiting</h2>
        <p>When a server asks your client to sample, the request is held here until you approve, edit or deny it.</p>
      </div>
    );
  }

  return (
    <div className="approvals-layout">
      <nav className="queue" aria-label="Pending requests">
        <h2 className="queue-title">
          Queue <span className="count">{pending.length}</span>
        </h2>
        <ol>
          {pending.map((p, i) => (
            <QueueItem key={p.id} request={p} position={i + 1} selected={p.id === selected?.id} onSelect={select} />
          ))}
        </ol>
      </nav>
      <div className="dialog-pane">{selected ? <ApprovalDialog request={selected} /> : <p className="muted">Loading…</p>}</div>
    </div>
  );
}

/**
 * One queued request. Memoised: a delta from the gate leaves the other requests' objects as they
 * were, so a burst of arrivals renders each request once, not the whole queue each time.
 */
const QueueItem = memo(function QueueItem({ request: p, position, selected, onSelect }: { request: PendingRequest; position: number; selected: boolean; onSelect: (id: string) => void }): ReactNode {
  return (
    <li>
      <button type="button" className={`queue-item ${selected ? 'selected' : ''}`} aria-current={selected ? 'true' : undefined} onClick={() => onSelect(p.id)}>
        <span className="queue-row">
          <span className="queue-pos">#{position}</span>
          <strong>{p.server}</strong>
          {p.stage === 'answering' && <span className="badge stage answering">answering</span>}
          {p.stage === 'response' && <span className="badge stage">completion</span>}
          {p.stage !== 'answering' && <Countdown expiresAt={p.expiresAt} compact />}
        </span>
        <span className="queue-preview">
          <RichText text={promptPreview(p.request, 90) || '(no text)'} />
        </span>
        <span className="queue-row small">
          <span className="muted">{formatTime(p.receivedAt).slice(11)}</span>
          <FlagCount flags={p.flags} empty="" />
        </span>
      </button>
    </li>
  );
});
