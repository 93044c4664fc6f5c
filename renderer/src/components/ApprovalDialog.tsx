/**
 * The approval dialog for one pending request: sampling's (CONTRACT.md section 9) here, an
 * elicitation's in ElicitationDialog (section 10). No <form> and no
 * default button: Enter in a field never submits, and Approve is disabled for a moment after a
 * request comes up (useArmed) so a keystroke or click meant for something else cannot approve it.
 */
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { PendingRequest } from '../../../shared/types.js';
import { useApprovals } from '../context.js';
import { useArmed } from '../hooks/use-now.js';
import { applyDraft, draftFrom } from '../lib/edit.js';
import type { EditDraft } from '../lib/edit.js';
import { chosenOption, decisionModel } from '../lib/answer.js';
import { AnswerPlanView } from './AnswerPlan.js';
import { AnswerStream } from './AnswerStream.js';
import { ChangeList } from './Changes.js';
import { DenyControl } from './DenyControl.js';
import { ElicitationDialog } from './ElicitationDialog.js';
import { RootsDialog } from './RootsDialog.js';
import { DialogHead } from './DialogHead.js';
import { EditForm } from './EditForm.js';
import { FlagList } from './Flags.js';
import { GrantChoices } from './GrantChoices.js';
import { ResponseReview } from './ResponseReview.js';
import { SamplingParamsView } from './SamplingParamsView.js';
import { UsageView } from './Usage.js';
import { KeyButton } from './KeyButton.js';
import { leaveFieldOnEscape } from '../hooks/use-shortcut.js';

const HEADINGS: Record<PendingRequest['stage'], string> = {
  request: 'Sampling request',
  answering: 'Writing completion',
  response: 'Review completion',
};

export function ApprovalDialog({ request }: { request: PendingRequest }): ReactNode {
  // Each kind of request has its own dialog; they share the queue, flags, trust and countdown.
  if (request.kind === 'elicitation') return <ElicitationDialog request={request} />;
  if (request.kind === 'roots') return <RootsDialog request={request} />;
  return <SamplingDialog request={request} />;
}

function SamplingDialog({ request }: { request: PendingRequest }): ReactNode {
  return (
    <section className="dialog" aria-labelledby={`dialog-title-${request.id}`} onKeyDown={leaveFieldOnEscape}>
      {/* Once approved, nothing is denied by the clock: the provider's own timeout bounds the call. */}
      <DialogHead request={request} title={HEADINGS[request.stage]} countdown={request.stage !== 'answering'} />
      <FlagList flags={request.flags} />
      {request.stage === 'response' ? (
        <ResponseReview key={request.id} request={request} />
      ) : request.stage === 'answering' ? (
        <AnswerStream key={request.id} request={request} />
      ) : (
        <RequestDecision key={request.id} request={request} />
      )}
    </section>
  );
}

function RequestDecision({ request }: { request: PendingRequest }): ReactNode {
  const decide = useApprovals((s) => s.decide);
  const busy = useApprovals((s) => s.busy.includes(request.id));
  const armed = useArmed(request.id);
  const [draft, setDraft] = useState<EditDraft | null>(null);
  const applied = useMemo(() => (draft ? applyDraft(request.request, draft) : null), [draft, request.request]);
  // The gate's provider answers (the client cannot): which configured model, switchable before approval.
  const plan = request.answer;
  const [chosen, setChosen] = useState<string | null>(plan?.model ?? null);
  const model = decisionModel(plan, chosen);
  const withModel = model === undefined ? {} : { model };
  // A model that cannot take the request (e.g. audio it does not hear) must not be called.
  const refused = plan !== undefined && chosenOption(plan, chosen ?? plan.model).refusals.length > 0;

  return (
    <>
      <div className="dialog-body">
        {/* First, next to the flags: who gets the prompt and what it costs is part of what is approved. */}
        {plan && <AnswerPlanView plan={plan} request={request.request} chosen={chosen ?? plan.model} onChoose={setChosen} disabled={busy} edited={draft !== null} />}
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
      {!draft && (
        <GrantChoices request={request} verb="Approve" disabled={busy || !armed || refused} approve={{ kind: 'approve', ...withModel }} onDecide={(d) => void decide(request.id, d)} />
      )}
      <footer className="action-bar">
        <DenyControl id={request.id} busy={busy} onDeny={(reason) => void decide(request.id, reason ? { kind: 'deny', reason } : { kind: 'deny' })} />
        <div className="spacer" />
        {draft ? (
          <>
            <KeyButton shortcut="c" className="btn" onClick={() => setDraft(null)} disabled={busy}>
              Cancel editing
            </KeyButton>
            <KeyButton
              shortcut="a"
              className="btn primary"
              disabled={busy || !armed || !applied?.ok || refused}
              onClick={() => applied?.ok && void decide(request.id, { kind: 'approve-edited', request: applied.params, ...withModel })}
            >
              Approve edited
            </KeyButton>
          </>
        ) : (
          <>
            <KeyButton shortcut="e" className="btn" onClick={() => setDraft(draftFrom(request.request))} disabled={busy}>
              Edit
            </KeyButton>
            <KeyButton shortcut="a" className="btn primary" disabled={busy || !armed || refused} onClick={() => void decide(request.id, { kind: 'approve', ...withModel })}>
              Approve
            </KeyButton>
          </>
        )}
      </footer>
    </>
  );
}
