/**
 * Stage `answering`: the gate's provider is writing the completion. Its text is shown as it arrives
 * (`pending.partial`, verbatim, hidden characters made visible — never HTML), with Stop.
 */
import type { ReactNode } from 'react';
import type { PendingRequest } from '../../../shared/types.js';
import { useApprovals } from '../context.js';
import { promptPreview } from '../lib/sampling-view.js';
import { AnswerPlanView } from './AnswerPlan.js';
import { RichText, TextBlock } from './RichText.js';
import { KeyButton } from './KeyButton.js';

export function AnswerStream({ request }: { request: PendingRequest }): ReactNode {
  const stop = useApprovals((s) => s.stop);
  const busy = useApprovals((s) => s.busy.includes(request.id));
  const text = request.partial ?? '';
  return (
    <>
      <div className="dialog-body">
        <section className="section">
          <h3>Prompt</h3>
          <p className="verbatim muted">
            <RichText text={promptPreview(request.request, 400)} />
          </p>
        </section>
        {request.answer && <AnswerPlanView plan={request.answer} request={request.request} />}
        <section className="section" aria-label="Completion so far" aria-busy="true">
          <h3>
            Completion so far <span className="live-dot on" aria-hidden="true" /> <span className="muted small">{text.length.toLocaleString('en-US')} characters</span>
          </h3>
          {text === '' ? <p className="muted">Waiting for the first words…</p> : <TextBlock text={text} />}
        </section>
      </div>
      <footer className="action-bar">
        <span className="muted small">The provider is writing. Stop ends the call.</span>
        <div className="spacer" />
        <KeyButton shortcut="c" className="btn danger" disabled={busy} onClick={() => void stop(request.id)}>
          Stop
        </KeyButton>
      </footer>
    </>
  );
}
