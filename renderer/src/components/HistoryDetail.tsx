/** One history event in full: what was asked, what was changed, what came back. */
import type { ReactNode } from 'react';
import type { SamplingEvent } from '../../../shared/types.js';
import { useHistory } from '../context.js';
import { answeredByLabel, formatUsage, formatUsd } from '../lib/answer.js';
import { formatTime } from '../lib/format.js';
import { blockView, isRecord } from '../lib/sampling-view.js';
import { ContentBlock } from './ContentBlock.js';
import { AnswerPlanView } from './AnswerPlan.js';
import { ChangeList } from './Changes.js';
import { FlagList } from './Flags.js';
import { OutcomeBadge } from './OutcomeBadge.js';
import { JsonView, RichText, TextBlock } from './RichText.js';
import { FormPreview } from './ElicitationForm.js';
import { UrlPanel } from './UrlPanel.js';
import { parseRequestedSchema } from '../../../shared/elicitation-form.js';
import type { ElicitationDetail } from '../../../shared/elicitation.js';
import { SamplingParamsView } from './SamplingParamsView.js';

export function HistoryDetail({ event: e }: { event: SamplingEvent }): ReactNode {
  const close = useHistory((s) => s.close);
  return (
    <aside className="detail" aria-label="Event detail">
      <div className="detail-head">
        <h3>
          {e.server} {e.kind !== 'sampling' && <span className="badge kind-badge">{e.kind}</span>} <OutcomeBadge outcome={e.outcome} />
        </h3>
        <button type="button" className="btn small" onClick={close}>
          Close
        </button>
      </div>
      <dl className="params-grid">
        <dt>id</dt>
        <dd className="mono">{e.id}</dd>
        <dt>session</dt>
        <dd className="mono">{e.sessionId}</dd>
        <dt>protocol</dt>
        <dd className="mono">{e.era}</dd>
        <dt>received</dt>
        <dd>{formatTime(e.receivedAt)}</dd>
        <dt>decided</dt>
        <dd>
          {formatTime(e.decidedAt)} {e.decidedBy && <span className="muted">by {e.decidedBy}</span>}
        </dd>
        <dt>completed</dt>
        <dd>{formatTime(e.completedAt)}</dd>
        {e.rule && (
          <>
            <dt>rule</dt>
            <dd className="mono">{e.rule}</dd>
          </>
        )}
        {e.reason && (
          <>
            <dt>reason</dt>
            <dd>
              <RichText text={e.reason} />
            </dd>
          </>
        )}
        <dt>answered by</dt>
        <dd>{answeredByText(e.answeredBy)}</dd>
      </dl>
      {e.kind === 'elicitation' ? <ElicitationDetailView event={e} /> : <SamplingDetail event={e} />}
    </aside>
  );
}

/** What a sampling row adds: the model, tokens and cost, the provider plan, edits, the completion. */
function SamplingDetail({ event: e }: { event: SamplingEvent }): ReactNode {
  return (
    <>
      <dl className="params-grid">
        <dt>model</dt>
        <dd className="mono">{e.model ?? '—'}</dd>
        <dt>tokens</dt>
        <dd className="mono">
          {e.usage ? formatUsage(e.usage) : (e.tokens ?? '—')}
          {e.usage && e.tokens !== null && <span className="muted small"> · {e.tokens} charged against the budget</span>}
        </dd>
        <dt>cost</dt>
        <dd className="mono">{typeof e.costUsd === 'number' ? formatUsd(e.costUsd) : <span className="muted">{noCost(e)}</span>}</dd>
      </dl>
      {e.answer && isRecord(e.request) && <AnswerPlanView plan={e.answer} request={e.request} />}
      <FlagList flags={e.flags} />
      {e.finalRequest !== null && <ChangeList before={e.request} after={e.finalRequest} title="Edits (request → approved)" />}
      <h3 className="detail-section">Request</h3>
      {isRecord(e.request) ? <SamplingParamsView params={e.request} flags={e.flags} /> : <JsonView value={e.request} />}
      <h3 className="detail-section">Response</h3>
      {e.response === null ? <p className="muted">No response recorded.</p> : <ResponseView response={e.response} />}
    </>
  );
}

/** What an elicitation row adds: its mode and way in, the message, the form or URL, and the answer (secrets redacted). */
function ElicitationDetailView({ event: e }: { event: SamplingEvent }): ReactNode {
  const d = e.detail as ElicitationDetail | null;
  const request = isRecord(e.request) ? e.request : {};
  const form = d?.mode === 'form' ? parseRequestedSchema(request.requestedSchema) : null;
  return (
    <>
      <dl className="params-grid">
        <dt>mode</dt>
        <dd className="mono">{d?.mode ?? '—'}</dd>
        <dt>arrived as</dt>
        <dd className="mono">{d?.via ?? '—'}</dd>
        {d?.completedAt && (
          <>
            <dt>server said done</dt>
            <dd>{formatTime(d.completedAt)}</dd>
          </>
        )}
      </dl>
      <FlagList flags={e.flags} />
      <h3 className="detail-section">Message</h3>
      <TextBlock text={typeof request.message === 'string' ? request.message : ''} />
      {d?.url && <UrlPanel url={d.url} />}
      {form?.ok && <FormPreview fields={form.fields} secret={d?.secretFields ?? []} flags={e.flags} />}
      <h3 className="detail-section">Answer</h3>
      {e.response === null ? <p className="muted">No answer recorded.</p> : <JsonView value={e.response} label="answer" />}
    </>
  );
}

/** A CreateMessageResult: its content blocks as in the dialog, and the raw JSON one click away. */
function ResponseView({ response }: { response: unknown }): ReactNode {
  if (!isRecord(response) || response.content === undefined) return <JsonView value={response} label="response" />;
  const blocks = Array.isArray(response.content) ? response.content.map((c, j) => blockView(c, `/content/${j}`)) : [blockView(response.content, '/content')];
  return (
    <div className="response-view">
      <p className="muted small">
        <span className="mono">{String(response.model ?? 'unknown model')}</span> · stopReason <span className="mono">{String(response.stopReason ?? '—')}</span>
      </p>
      <article className="message role-assistant" aria-label="Response">
        <header className="message-role">{String(response.role ?? 'assistant')}</header>
        {blocks.map((b, i) => (
          <ContentBlock key={i} block={b} flags={[]} />
        ))}
      </article>
      <details>
        <summary className="muted small">Raw JSON</summary>
        <JsonView value={response} label="response" />
      </details>
    </div>
  );
}

function answeredByText(answeredBy: string | null | undefined): string {
  const by = answeredByLabel(answeredBy);
  return by.kind === 'provider' ? `provider ${by.label}` : by.label;
}

/** Why a row has no cost: a failed call is never charged; a model without prices cannot be. */
function noCost(e: SamplingEvent): string {
  if (answeredByLabel(e.answeredBy).kind !== 'provider') return '—';
  if (e.outcome === 'failed') return 'none (a failed call is not charged)';
  return e.usage ? 'no prices configured' : '—';
}
