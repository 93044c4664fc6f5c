/** Edit mode of the approval dialog: the fields a user may change before approving. */
import type { ReactNode } from 'react';
import type { SamplingParams } from '../../../shared/types.js';
import { includeContextChoices } from '../lib/edit.js';
import type { EditDraft, IncludeContext } from '../lib/edit.js';
import { samplingView } from '../lib/sampling-view.js';
import { ContentBlock } from './ContentBlock.js';

interface Props {
  params: SamplingParams;
  draft: EditDraft;
  errors: Record<string, string>;
  onChange(draft: EditDraft): void;
}

export function EditForm({ params, draft, errors, onChange }: Props): ReactNode {
  const v = samplingView(params);
  const set = (patch: Partial<EditDraft>): void => onChange({ ...draft, ...patch });
  return (
    <div className="edit-form">
      <section className="section">
        <h3>System prompt</h3>
        <textarea
          aria-label="Edit system prompt"
          value={draft.systemPrompt ?? ''}
          rows={3}
          onChange={(e) => set({ systemPrompt: e.target.value })}
          placeholder="No system prompt"
        />
      </section>

      <section className="section">
        <h3>Messages</h3>
        {v.messages.map((m) => (
          <article key={m.index} className={`message role-${m.role === 'assistant' ? 'assistant' : 'user'}`}>
            <header className="message-role">{m.role}</header>
            {m.blocks.map((b, j) =>
              b.kind === 'text' ? (
                <div key={j} className="field">
                  <textarea
                    aria-label={`Edit message ${m.index + 1} text${m.blocks.length > 1 ? ` ${j + 1}` : ''}`}
                    value={draft.texts[b.path] ?? ''}
                    rows={Math.min(12, Math.max(3, (draft.texts[b.path] ?? '').split('\n').length + 1))}
                    onChange={(e) => set({ texts: { ...draft.texts, [b.path]: e.target.value } })}
                  />
                  {errors[b.path] && <p className="field-error">{errors[b.path]}</p>}
                </div>
              ) : (
                <ContentBlock key={j} block={b} flags={[]} />
              ),
            )}
          </article>
        ))}
      </section>

      <section className="section">
        <h3>Parameters</h3>
        <div className="form-grid">
          <label>
            maxTokens
            <input inputMode="numeric" value={draft.maxTokens} onChange={(e) => set({ maxTokens: e.target.value })} aria-invalid={!!errors.maxTokens} />
            {errors.maxTokens && <span className="field-error">{errors.maxTokens}</span>}
          </label>
          <label>
            temperature
            <input inputMode="decimal" value={draft.temperature} placeholder="default" onChange={(e) => set({ temperature: e.target.value })} aria-invalid={!!errors.temperature} />
            {errors.temperature && <span className="field-error">{errors.temperature}</span>}
          </label>
          <label>
            includeContext
            <select
              value={draft.includeContext ?? 'none'}
              onChange={(e) => set({ includeContext: e.target.value as IncludeContext })}
              disabled={includeContextChoices(v.includeContext).length < 2}
            >
              {includeContextChoices(v.includeContext).map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label className="wide">
            stopSequences (one per line)
            <textarea rows={2} value={draft.stopSequences} onChange={(e) => set({ stopSequences: e.target.value })} />
          </label>
        </div>
      </section>

      {v.tools.length > 0 && (
        <section className="section">
          <h3>Tools</h3>
          <ul className="tool-toggles">
            {v.tools.map((t) => {
              const removed = draft.removedTools.includes(t.index);
              return (
                <li key={t.index}>
                  <label className={removed ? 'removed' : ''}>
                    <input
                      type="checkbox"
                      checked={!removed}
                      onChange={() =>
                        set({ removedTools: removed ? draft.removedTools.filter((i) => i !== t.index) : [...draft.removedTools, t.index] })
                      }
                    />
                    <span className="mono">{t.name}</span> {removed ? '(removed)' : ''}
                  </label>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
