/** Review of a completion before it reaches the server (reviewResponses): Approve, Edit, Deny. */
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { PendingRequest } from '../../../shared/types.js';
import { useApprovals } from '../context.js';
import { useArmed } from '../hooks/use-now.js';
import { applyResponseTexts, responseTexts } from '../lib/edit.js';
import { promptPreview, blockView, isRecord } from '../lib/sampling-view.js';
import { AnswerPlanView } from './AnswerPlan.js';
import { ChangeList } from './Changes.js';
import { ContentBlock } from './ContentBlock.js';
import { DenyControl } from './DenyControl.js';
import { JsonView } from './RichText.js';
import { KeyButton } from './KeyButton.js';

export function ResponseReview({ request }: { request: PendingRequest }): ReactNode {
  const review = useApprovals((s) => s.review);
  const busy = useApprovals((s) => s.busy.includes(request.id));
  const armed = useArmed(request.id);
  const [texts, setTexts] = useState<Record<string, string> | null>(null);
  const edited = useMemo(() => (texts ? applyResponseTexts(request.response, texts) : null), [texts, request.response]);
  const r = isRecord(request.response) ? request.response : {};
  const blocks = Array.isArray(r.content) ? r.content.map((c, j) => blockView(c, `/content/${j}`)) : [blockView(r.content, '/content')];

  return (
    <>
      <div className="dialog-body">
        <section className="section">
          <h3>Prompt</h3>
          <p className="verbatim muted">{promptPreview(request.request, 400)}</p>
        </section>
        {request.answer && <AnswerPlanView plan={request.answer} request={request.request} />}
        <section className="section" aria-label="Completion">
          <h3>Completion</h3>
          <dl className="params-grid">
            <dt>model</dt>
            <dd className="mono">{String(r.model ?? '—')}</dd>
            <dt>stopReason</dt>
            <dd className="mono">{String(r.stopReason ?? '—')}</dd>
            <dt>role</dt>
            <dd className="mono">{String(r.role ?? '—')}</dd>
          </dl>
          {texts
            ? Object.entries(texts).map(([path, text]) => (
                <textarea
                  key={path}
                  aria-label="Edit completion text"
                  rows={8}
                  value={text}
                  onChange={(e) => setTexts({ ...texts, [path]: e.target.value })}
                />
              ))
            : blocks.map((b, i) => <ContentBlock key={i} block={b} flags={[]} />)}
          {!isRecord(request.response) && <JsonView value={request.response} />}
        </section>
        {edited && <ChangeList before={request.response} after={edited} title="Your changes" />}
      </div>
      <footer className="action-bar">
        <DenyControl id={request.id} busy={busy} onDeny={(reason) => void review(request.id, reason ? { kind: 'deny', reason } : { kind: 'deny' })} />
        <div className="spacer" />
        {texts ? (
          <>
            <KeyButton shortcut="c" className="btn" onClick={() => setTexts(null)} disabled={busy}>
              Cancel editing
            </KeyButton>
            <KeyButton
              shortcut="a"
              className="btn primary"
              disabled={busy || !armed || !edited}
              onClick={() => edited && void review(request.id, { kind: 'approve-edited', response: edited })}
            >
              Approve edited
            </KeyButton>
          </>
        ) : (
          <>
            <KeyButton shortcut="e" className="btn" disabled={busy || Object.keys(responseTexts(request.response)).length === 0} onClick={() => setTexts(responseTexts(request.response))}>
              Edit
            </KeyButton>
            <KeyButton shortcut="a" className="btn primary" disabled={busy || !armed} onClick={() => void review(request.id, { kind: 'approve' })}>
              Approve
            </KeyButton>
          </>
        )}
      </footer>
    </>
  );
}
