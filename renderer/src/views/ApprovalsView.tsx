/** Pending requests: a visible queue (any order) and the dialog for the one selected. */
import type { ReactNode } from 'react';
import { useApprovals } from '../context.js';
import { ApprovalDialog } from '../components/ApprovalDialog.js';
import { Countdown } from '../components/Countdown.js';
import { FlagCount } from '../components/Flags.js';
import { RichText } from '../components/RichText.js';
import { formatTime } from '../lib/format.js';
import { promptPreview } from '../lib/sampling-view.js';
import { selectedRequest } from '../stores/approvals.js';

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
            <li key={p.id}>
              <button type="button" className={`queue-item ${p.id === selected?.id ? 'selected' : ''}`} aria-current={p.id === selected?.id ? 'true' : undefined} onClick={() => select(p.id)}>
                <span className="queue-row">
                  <span className="queue-pos">#{i + 1}</span>
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
          ))}
        </ol>
      </nav>
      <div className="dialog-pane">{selected ? <ApprovalDialog request={selected} /> : <p className="muted">Loading…</p>}</div>
    </div>
  );
}
