/**
 * Add or edit a provider: kind, base URL, where its key comes from, the default model and the models
 * with their prices and capabilities. What is saved is config.yaml's entry — never a key (keys are
 * entered on the provider's card and go to the OS keychain).
 */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { DEFAULT_BASE_URLS, PROVIDER_KINDS } from '../../../shared/provider-schema.js';
import type { ProviderKind } from '../../../shared/provider-schema.js';
import { useProviders } from '../context.js';
import { CAPABILITIES, EMPTY_MODEL_ROW, EMPTY_PROVIDER_FORM, entryToForm, formToEntry } from '../lib/provider-form.js';
import type { ModelRow, NumberField, ProviderForm } from '../lib/provider-form.js';

const KIND_HELP: Record<ProviderKind, string> = {
  anthropic: 'Messages API (Anthropic)',
  openai: 'Chat Completions: OpenAI, OpenRouter, Ollama, LM Studio, vLLM, llama.cpp',
};

const COLUMNS: { field: NumberField; label: string; hint: string }[] = [
  { field: 'cost', label: 'Cost', hint: '0..1' },
  { field: 'speed', label: 'Speed', hint: '0..1' },
  { field: 'intelligence', label: 'Intelligence', hint: '0..1' },
  { field: 'inputPerMTok', label: 'Input $/MTok', hint: 'USD' },
  { field: 'outputPerMTok', label: 'Output $/MTok', hint: 'USD' },
  { field: 'maxOutputTokens', label: 'Max output', hint: 'tokens' },
];

export function ProviderFormPanel({ editId, onDone }: { editId: string | null; onDone(): void }): ReactNode {
  const get = useProviders((s) => s.get);
  const upsert = useProviders((s) => s.upsert);
  const [form, setForm] = useState<ProviderForm>(EMPTY_PROVIDER_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (editId === null) return;
    void get(editId).then((r) => (r.ok ? setForm(entryToForm(editId, r.value)) : setErrors({ form: r.error.message })));
  }, [editId, get]);

  const set = (patch: Partial<ProviderForm>): void => setForm({ ...form, ...patch });
  const setRow = (i: number, patch: Partial<ModelRow>): void => set({ models: form.models.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const save = async (): Promise<void> => {
    const parsed = formToEntry(form);
    if (!parsed.ok) return setErrors(parsed.errors);
    setSaving(true);
    const r = await upsert(parsed.id, parsed.provider);
    setSaving(false);
    if (r.ok) onDone();
    else setErrors({ form: r.error.message });
  };
  const names = form.models.map((m) => m.name.trim()).filter((n) => n.length > 0);
  const title = editId ? `Edit provider ${editId}` : 'Add provider';

  return (
    <section className="panel provider-form" aria-label={title}>
      <h3>{editId ? `Edit ${editId}` : 'Add a provider'}</h3>
      {errors.form && <p className="error">{errors.form}</p>}
      <div className="form-grid">
        <label>
          Provider id
          <input value={form.id} disabled={editId !== null} onChange={(e) => set({ id: e.target.value })} placeholder="e.g. claude" />
          {errors.id && <span className="field-error">{errors.id}</span>}
        </label>
        <label>
          Kind
          <select value={form.kind} onChange={(e) => set({ kind: e.target.value as ProviderKind })}>
            {PROVIDER_KINDS.map((k) => (
              <option key={k} value={k}>
                {k} — {KIND_HELP[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Base URL
          <input className="mono" value={form.baseUrl} onChange={(e) => set({ baseUrl: e.target.value })} placeholder={DEFAULT_BASE_URLS[form.kind]} />
          <span className="muted small">Empty: {DEFAULT_BASE_URLS[form.kind]}. Ollama: http://127.0.0.1:11434/v1</span>
          {errors.baseUrl && <span className="field-error">{errors.baseUrl}</span>}
        </label>
        <fieldset className="wide kind">
          <legend>API key</legend>
          <label className="inline">
            <input type="radio" name="key-source" checked={form.keySource === 'keychain'} onChange={() => set({ keySource: 'keychain' })} /> OS keychain (enter it on the provider after saving)
          </label>
          <label className="inline">
            <input type="radio" name="key-source" checked={form.keySource === 'env'} onChange={() => set({ keySource: 'env' })} /> Environment variable
          </label>
        </fieldset>
        {form.keySource === 'env' && (
          <>
            <label>
              Variable name
              <input className="mono" value={form.keyEnv} onChange={(e) => set({ keyEnv: e.target.value })} placeholder="ANTHROPIC_API_KEY" />
              {errors.keyEnv && <span className="field-error">{errors.keyEnv}</span>}
            </label>
            <label className="inline">
              <input type="checkbox" checked={form.keyOptional} onChange={(e) => set({ keyOptional: e.target.checked })} /> optional (a local server that needs no key)
            </label>
          </>
        )}
        <label>
          Default model
          <select value={form.default} onChange={(e) => set({ default: e.target.value })}>
            <option value="">the first model</option>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
            {form.default !== '' && !names.includes(form.default) && <option value={form.default}>{form.default}</option>}
          </select>
          {errors.default && <span className="field-error">{errors.default}</span>}
        </label>
        <div className="form-pair">
          <label>
            Timeout (s)
            <input inputMode="numeric" value={form.timeoutSeconds} placeholder="120" onChange={(e) => set({ timeoutSeconds: e.target.value })} />
            {errors.timeoutSeconds && <span className="field-error">{errors.timeoutSeconds}</span>}
          </label>
          <label>
            Retries
            <input inputMode="numeric" value={form.maxRetries} placeholder="2" onChange={(e) => set({ maxRetries: e.target.value })} />
            {errors.maxRetries && <span className="field-error">{errors.maxRetries}</span>}
          </label>
        </div>
      </div>

      <h4 className="form-sub">Models</h4>
      {errors.models && <p className="field-error">{errors.models}</p>}
      <div className="table-scroll">
        <table className="table models-edit">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Aliases</th>
              {COLUMNS.map((c) => (
                <th key={c.field} scope="col" title={c.hint}>
                  {c.label}
                </th>
              ))}
              {CAPABILITIES.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {form.models.map((m, i) => (
              <tr key={i}>
                <td>
                  <input className="mono" aria-label={`Model ${i + 1} name`} value={m.name} onChange={(e) => setRow(i, { name: e.target.value })} placeholder="claude-sonnet-4-5" />
                  <FieldError errors={errors} name={`models.${i}.name`} />
                </td>
                <td>
                  <input aria-label={`Model ${i + 1} aliases`} value={m.aliases} onChange={(e) => setRow(i, { aliases: e.target.value })} placeholder="sonnet, claude" />
                </td>
                {COLUMNS.map((c) => (
                  <td key={c.field}>
                    <input
                      className="num-input"
                      inputMode="decimal"
                      aria-label={`Model ${i + 1} ${c.label}`}
                      value={m[c.field]}
                      placeholder={c.hint}
                      onChange={(e) => setRow(i, { [c.field]: e.target.value })}
                      aria-invalid={!!errors[`models.${i}.${c.field}`]}
                    />
                    <FieldError errors={errors} name={`models.${i}.${c.field}`} />
                  </td>
                ))}
                {CAPABILITIES.map((c) => (
                  <td key={c} className="center">
                    <input type="checkbox" aria-label={`Model ${i + 1} ${c}`} checked={m[c]} onChange={(e) => setRow(i, { [c]: e.target.checked })} />
                  </td>
                ))}
                <td>
                  <button type="button" className="btn small" aria-label={`Remove model ${i + 1}`} disabled={form.models.length === 1} onClick={() => set({ models: form.models.filter((_, j) => j !== i) })}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="panel-actions">
        <button type="button" className="btn small" onClick={() => set({ models: [...form.models, { ...EMPTY_MODEL_ROW }] })}>
          Add model
        </button>
        <div className="spacer" />
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="button" className="btn primary" disabled={saving} onClick={() => void save()}>
          Save provider
        </button>
      </div>
    </section>
  );
}

function FieldError({ errors, name }: { errors: Record<string, string>; name: string }): ReactNode {
  return errors[name] ? <span className="field-error">{errors[name]}</span> : null;
}
