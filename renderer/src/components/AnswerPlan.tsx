/**
 * Who will answer a request the client cannot (CONTRACT.md section 8): the provider and model, why
 * that model, the estimated cost, what of the request its API will not apply, and — in the dialog —
 * a switch to another configured model. Strings that may carry request text (a matched hint in
 * `why`, a parameter's value) go through RichText like every other prompt text.
 */
import type { ReactNode } from 'react';
import type { AnswerPlan, SamplingParams } from '../../../shared/types.js';
import { chosenOption, formatCost, kindLabel, modelOptionLabel, notAppliedText } from '../lib/answer.js';
import { RichText } from './RichText.js';

interface Props {
  plan: AnswerPlan;
  request: SamplingParams;
  /** The model the user picked (the dialog); absent: the plan as recorded (history, review). */
  chosen?: string;
  onChoose?(model: string): void;
  disabled?: boolean;
  /** Edit mode: the estimate was made for the request as received. */
  edited?: boolean;
}

export function AnswerPlanView({ plan, request, chosen = plan.model, onChoose, disabled = false, edited = false }: Props): ReactNode {
  const option = chosenOption(plan, chosen);
  const switchedFrom = chosen !== plan.model ? plan.model : plan.switchedFrom;
  const notApplied = option.notApplied.map((n) => notAppliedText(n, request, plan.kind));
  return (
    <section className="section answer-plan" aria-label="Answered by provider">
      <h3>Who answers</h3>
      <p className="answer-line">
        Answered by provider <strong className="mono">{plan.providerId}</strong> ({kindLabel(plan.kind)}) with model{' '}
        <strong className="mono" data-testid="answer-model">
          {option.name}
        </strong>
        {switchedFrom !== undefined && <span className="badge switched">switched from {switchedFrom}</span>}
      </p>
      <dl className="params-grid">
        <dt>Why this model</dt>
        <dd>
          {chosen !== plan.model ? (
            <>
              your choice <span className="muted">(the gate chose {plan.model}: </span>
              <RichText text={plan.why} />
              <span className="muted">)</span>
            </>
          ) : (
            <RichText text={plan.why} />
          )}
        </dd>
        <dt>Estimated cost</dt>
        <dd data-testid="answer-estimate">
          {option.estimatedCostUsd === null ? <span className="muted">no prices configured</span> : <span className="mono">≈ {formatCost(option.estimatedCostUsd)}</span>}
          {edited && <span className="muted small"> (for the request as received)</span>}
        </dd>
        <dt>Not applied</dt>
        <dd>
          {notApplied.length === 0 ? (
            <span className="muted">nothing — every requested parameter is sent</span>
          ) : (
            <ul className="not-applied" aria-label="Parameters not applied">
              {notApplied.map((t, i) => (
                <li key={i} className="warn">
                  <RichText text={t} />
                </li>
              ))}
            </ul>
          )}
        </dd>
        {option.refusals.length > 0 && (
          <>
            <dt>Cannot answer</dt>
            <dd>
              <ul className="refusals" aria-label="Why this model cannot answer">
                {option.refusals.map((r, i) => (
                  <li key={i} className="error">
                    <RichText text={r} />
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {onChoose && plan.models.length > 1 && (
          <>
            <dt>
              <label htmlFor="answer-model-switch">Answer with</label>
            </dt>
            <dd>
              <select id="answer-model-switch" value={chosen} disabled={disabled} onChange={(e) => onChoose(e.target.value)}>
                {plan.models.map((m) => (
                  // A model that cannot take the request is listed, with why, but cannot be chosen.
                  <option key={m.name} value={m.name} disabled={m.refusals.length > 0}>
                    {modelOptionLabel(m.name === plan.model ? chosenOption(plan, m.name) : m, m.name === plan.model)}
                  </option>
                ))}
              </select>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
