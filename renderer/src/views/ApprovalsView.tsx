/** Pending requests: a visible queue (any order) and the dialog for the one selected. */
import { memo } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useApprovals } from '../context.js';
import { ApprovalDialog } from '../components/ApprovalDialog.js';
import { Countdown } from '../components/Countdown.js';
import { FlagCount } from '../components/Flags.js';
import { RichText } from '../components/RichText.js';
import { formatTime } from '../lib/format.js';
import { queueTarget } from '../lib/queue-nav.js';
import { promptPreview } from '../lib/sampling-view.js';
import { promptPreview as summaryPreview } from '../../../shared/history-summary.js';
import { selectedRequest } from '../stores/approvals.js';
import type { PendingRequest } from '../../../shared/types.js';

export function ApprovalsView(): ReactNode {
  const pending = useApprovals((s) => s.pending);
  const selected = useApprovals(selectedRequest);
  const select = useApprovals((s) => s.select);
  const loaded = useApprovals((s) => s.loaded);
  const checked = useApprovals((s) => s.checked);
  const toggle = useApprovals((s) => s.toggleChecked);

  if (loaded && pending.length === 0) {
    return (
      <div className="empty-state">
        <div className="empty-icon" aria-hidden="true">
          ✓
        </div>
        <h2>No requests waiting</h2>
        <p>When a server asks your client to sample, or asks you for input, the request is held here until you decide.</p>
      </div>
    );
  }

  return (
    <div className="approvals-layout">
      <nav className="queue" aria-label="Pending requests">
        <h2 className="queue-title">
          Queue <span className="count">{pending.length}</span>
        </h2>
        <BulkBar />
        <p className="queue-help" id="queue-help">
          <kbd>↑</kbd> <kbd>↓</kbd> or <kbd>j</kbd> <kbd>k</kbd> move, <kbd>Enter</kbd> opens
        </p>
        <ol aria-describedby="queue-help" onKeyDown={onQueueKey}>
          {pending.map((p, i) => (
            <QueueItem key={p.id} request={p} position={i + 1} selected={p.id === selected?.id} checked={checked.includes(p.id)} onSelect={select} onToggle={toggle} />
          ))}
        </ol>
      </nav>
      <div className="dialog-pane">{selected ? <ApprovalDialog request={selected} /> : <p className="muted">Loading…</p>}</div>
    </div>
  );
}

/**
 * Arrow keys and j/k between the queue's requests (lib/queue-nav.ts); from an entry's tick box too,
 * so the keyboard never has to tab through every box and button to reach the next request.
 */
function onQueueKey(e: KeyboardEvent<HTMLOListElement>): void {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const items = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.queue-item')];
  const entry = (e.target as HTMLElement).closest('li');
  const index = items.findIndex((b) => b.closest('li') === entry);
  if (index < 0) return;
  const to = queueTarget(e.key, index, items.length);
  if (to === null) return;
  e.preventDefault();
  items[to]?.focus();
}

/**
 * One queued request. Memoised: a delta from the gate leaves the other requests' objects as they
 * were, so a burst of arrivals renders each request once, not the whole queue each time.
 */
const QueueItem = memo(function QueueItem({
  request: p,
  position,
  selected,
  checked,
  onSelect,
  onToggle,
}: {
  request: PendingRequest;
  position: number;
  selected: boolean;
  checked: boolean;
  onSelect: (id: string) => void;
  onToggle: (id: string) => void;
}): ReactNode {
  return (
    <li className="queue-entry">
      <input type="checkbox" className="queue-check" checked={checked} onChange={() => onToggle(p.id)} aria-label={`Select request #${position} from ${p.server}`} />
      <button type="button" className={`queue-item ${selected ? 'selected' : ''}`} aria-current={selected ? 'true' : undefined} onClick={() => onSelect(p.id)}>
        <span className="queue-row">
          <span className="queue-pos">#{position}</span>
          <strong>{p.server}</strong>
          {p.kind !== 'sampling' && <span className="badge kind-badge">{p.kind === 'elicitation' ? (p.elicitation?.mode === 'url' ? 'URL' : 'form') : p.kind}</span>}
          {p.stage === 'answering' && <span className="badge stage answering">answering</span>}
          {p.stage === 'response' && p.kind === 'sampling' && <span className="badge stage">completion</span>}
          {p.stage !== 'answering' && <Countdown expiresAt={p.expiresAt} compact />}
        </span>
        <span className="queue-preview">
          <RichText text={queuePreview(p) || '(no text)'} />
        </span>
        <span className="queue-row small">
          <span className="muted">{formatTime(p.receivedAt).slice(11)}</span>
          <FlagCount flags={p.flags} empty="" />
        </span>
      </button>
    </li>
  );
});

/**
 * Decide many at once (issue 10): tick requests, or all of them, then approve or deny them in one
 * call. Nothing is ticked by default, and ticking is a separate click from opening a request.
 */
function BulkBar(): ReactNode {
  const count = useApprovals((s) => s.pending.length);
  const checked = useApprovals((s) => s.checked.length);
  const checkAll = useApprovals((s) => s.checkAll);
  const decideChecked = useApprovals((s) => s.decideChecked);
  const busy = useApprovals((s) => s.busy.length > 0);
  return (
    <div className="bulk-bar">
      <label className="bulk-all">
        <input
          type="checkbox"
          checked={count > 0 && checked === count}
          ref={(el) => {
            if (el) el.indeterminate = checked > 0 && checked < count;
          }}
          onChange={(e) => checkAll(e.target.checked)}
        />
        Select all
      </label>
      {checked > 0 && (
        <span className="bulk-actions">
          <button type="button" className="btn small primary" disabled={busy} onClick={() => void decideChecked('approve')}>
            Approve selected <span className="count">{checked}</span>
          </button>
          <button type="button" className="btn small danger" disabled={busy} onClick={() => void decideChecked('deny')}>
            Deny selected <span className="count">{checked}</span>
          </button>
        </span>
      )}
    </div>
  );
}

/** One line for a queue entry: the prompt, the elicitation's message, or the roots the server would get. */
function queuePreview(p: PendingRequest): string {
  if (p.kind === 'elicitation') return summaryPreview(p.request, 90, 'elicitation');
  if (p.kind === 'roots') {
    const uris = p.roots?.given ?? [];
    return uris.length === 0 ? 'no roots' : `${uris.length} root${uris.length === 1 ? '' : 's'}: ${uris.join(', ')}`.slice(0, 90);
  }
  return promptPreview(p.request, 90);
}
