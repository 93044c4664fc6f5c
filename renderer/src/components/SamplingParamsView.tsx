/**
 * A sampling request laid out for a human: system prompt apart from the messages, every message and
 * block, model preferences, the generation parameters, embedded tools and anything unknown.
 * Shared by the approval dialog and the history detail.
 */
import type { ReactNode } from 'react';
import type { RiskFlag, SamplingParams } from '../../../shared/types.js';
import { flagsForPath } from '../lib/highlight.js';
import { formatNumber } from '../lib/format.js';
import { samplingView } from '../lib/sampling-view.js';
import type { ModelPreferencesView, ToolView } from '../lib/sampling-view.js';
import { ContentBlock } from './ContentBlock.js';
import { JsonView, RichText, TextBlock } from './RichText.js';

export function SamplingParamsView({ params, flags = [] }: { params: SamplingParams; flags?: readonly RiskFlag[] }): ReactNode {
  const v = samplingView(params);
  return (
    <div className="sampling-view">
      <section className="section" aria-label="System prompt">
        <h3>System prompt</h3>
        {v.systemPrompt === null ? (
          <p className="muted">None</p>
        ) : (
          <TextBlock text={v.systemPrompt} flags={flagsForPath(flags, '/systemPrompt')} />
        )}
      </section>

      <section className="section" aria-label="Messages">
        <h3>
          Messages <span className="count">{v.messages.length}</span>
        </h3>
        {v.messages.map((m) => (
          <article key={m.index} className={`message role-${m.role === 'assistant' ? 'assistant' : 'user'}`} aria-label={`Message ${m.index + 1} (${m.role})`}>
            <header className="message-role">{m.role}</header>
            {m.blocks.map((b, j) => (
              <ContentBlock key={j} block={b} flags={flags} />
            ))}
          </article>
        ))}
      </section>

      <section className="section" aria-label="Parameters">
        <h3>Model and parameters</h3>
        <dl className="params-grid">
          <dt>Model preferences</dt>
          <dd>
            <ModelPreferences prefs={v.modelPreferences} />
          </dd>
          <dt>maxTokens</dt>
          <dd className="mono" data-testid="max-tokens">
            {formatNumber(v.maxTokens)}
          </dd>
          <dt>temperature</dt>
          <dd className="mono">{v.temperature === undefined ? <span className="muted">default</span> : formatNumber(v.temperature)}</dd>
          <dt>stopSequences</dt>
          <dd>
            {v.stopSequences.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <ul className="chips">
                {v.stopSequences.map((s, i) => (
                  <li key={i} className="chip mono">
                    <RichText text={JSON.stringify(s)} />
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>includeContext</dt>
          <dd className={v.includeContext && v.includeContext !== 'none' ? 'mono warn' : 'mono'}>{v.includeContext ?? 'none (default)'}</dd>
          <dt>metadata</dt>
          <dd>{v.metadata === undefined ? <span className="muted">none</span> : <JsonView value={v.metadata} label="metadata" />}</dd>
        </dl>
      </section>

      <section className="section" aria-label="Tools">
        <h3>
          Tools <span className="count">{v.tools.length}</span>
        </h3>
        {v.tools.length === 0 ? (
          <p className="muted">No tools embedded.</p>
        ) : (
          <>
            {v.tools.map((t) => (
              <ToolCard key={t.index} tool={t} flags={flags} />
            ))}
            <p>
              toolChoice: <span className="mono">{v.toolChoice === undefined ? 'auto (default)' : JSON.stringify(v.toolChoice)}</span>
            </p>
          </>
        )}
      </section>

      {Object.keys(v.extra).length > 0 && (
        <section className="section" aria-label="Other fields">
          <h3>Other fields</h3>
          <JsonView value={v.extra} label="other fields" />
        </section>
      )}
    </div>
  );
}

function ModelPreferences({ prefs }: { prefs: ModelPreferencesView | null }): ReactNode {
  if (!prefs) return <span className="muted">none specified</span>;
  const bars: [string, number | null][] = [
    ['cost', prefs.costPriority],
    ['speed', prefs.speedPriority],
    ['intelligence', prefs.intelligencePriority],
  ];
  return (
    <div className="model-prefs">
      <div>
        hints:{' '}
        {prefs.hints.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          prefs.hints.map((h, i) => (
            <span key={i} className="chip mono">
              <RichText text={h} />
            </span>
          ))
        )}
      </div>
      {bars.map(([label, value]) => (
        <div key={label} className="priority">
          <span className="priority-label">{label}</span>
          {value === null ? (
            <span className="muted">—</span>
          ) : (
            <>
              <meter min={0} max={1} value={value} aria-label={`${label} priority`} />
              <span className="mono">{value.toFixed(2)}</span>
            </>
          )}
        </div>
      ))}
    </div>
  );
}

function ToolCard({ tool, flags }: { tool: ToolView; flags: readonly RiskFlag[] }): ReactNode {
  return (
    <article className="tool" aria-label={`Tool ${tool.name}`}>
      <header className="mono tool-name">
        <RichText text={tool.name} />
        {tool.title && (
          <span className="muted">
            {' '}
            — <RichText text={tool.title} />
          </span>
        )}
      </header>
      {tool.description ? <TextBlock text={tool.description} flags={flagsForPath(flags, `/tools/${tool.index}/description`)} /> : <p className="muted">No description.</p>}
      <div className="block-label">input schema</div>
      <JsonView value={tool.inputSchema} label={`${tool.name} input schema`} />
      {Object.keys(tool.rest).length > 0 && <JsonView value={tool.rest} label={`${tool.name} other fields`} />}
    </article>
  );
}
