/** Add or edit a server: command (stdio) or URL (Streamable HTTP), with its trust level. */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { TRUST_LEVELS } from '../../../shared/types.js';
import type { Trust } from '../../../shared/types.js';
import { useServers } from '../context.js';
import { EMPTY_SERVER_FORM, entryToForm, formToEntry } from '../lib/server-form.js';
import type { ServerForm } from '../lib/server-form.js';

export function ServerFormPanel({ editId, onDone }: { editId: string | null; onDone(): void }): ReactNode {
  const get = useServers((s) => s.get);
  const upsert = useServers((s) => s.upsert);
  const [form, setForm] = useState<ServerForm>(EMPTY_SERVER_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (editId === null) return;
    void get(editId).then((r) => (r.ok ? setForm(entryToForm(r.value)) : setErrors({ form: r.error.message })));
  }, [editId, get]);

  const set = (patch: Partial<ServerForm>): void => setForm({ ...form, ...patch });
  const save = async (): Promise<void> => {
    const parsed = formToEntry(form);
    if (!parsed.ok) return setErrors(parsed.errors);
    setSaving(true);
    const r = await upsert(parsed.entry);
    setSaving(false);
    if (r.ok) onDone();
    else setErrors({ form: r.error.message });
  };

  return (
    <section className="panel" aria-label={editId ? `Edit server ${editId}` : 'Add server'}>
      <h3>{editId ? `Edit ${editId}` : 'Add a server'}</h3>
      {errors.form && <p className="error">{errors.form}</p>}
      <div className="form-grid">
        <label>
          Server id
          <input value={form.id} disabled={editId !== null} onChange={(e) => set({ id: e.target.value })} placeholder="e.g. everything" />
          {errors.id && <span className="field-error">{errors.id}</span>}
        </label>
        <label>
          Trust
          <select value={form.trust} onChange={(e) => set({ trust: e.target.value as Trust })}>
            {TRUST_LEVELS.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <fieldset className="wide kind">
          <legend>Transport</legend>
          <label className="inline">
            <input type="radio" name="kind" checked={form.kind === 'command'} onChange={() => set({ kind: 'command' })} /> Command (stdio)
          </label>
          <label className="inline">
            <input type="radio" name="kind" checked={form.kind === 'url'} onChange={() => set({ kind: 'url' })} /> URL (Streamable HTTP)
          </label>
        </fieldset>
        {form.kind === 'command' ? (
          <>
            <label className="wide">
              Command
              <input className="mono" value={form.command} onChange={(e) => set({ command: e.target.value })} placeholder="npx" />
              {errors.command && <span className="field-error">{errors.command}</span>}
            </label>
            <label>
              Arguments (one per line)
              <textarea className="mono" rows={3} value={form.args} onChange={(e) => set({ args: e.target.value })} />
            </label>
            <label>
              Environment (KEY=value per line)
              <textarea className="mono" rows={3} value={form.env} onChange={(e) => set({ env: e.target.value })} />
              {errors.env && <span className="field-error">{errors.env}</span>}
            </label>
          </>
        ) : (
          <>
            <label className="wide">
              URL
              <input className="mono" value={form.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://example.com/mcp" />
              {errors.url && <span className="field-error">{errors.url}</span>}
            </label>
            <label className="wide">
              Headers (Name: value per line)
              <textarea className="mono" rows={3} value={form.headers} onChange={(e) => set({ headers: e.target.value })} />
              {errors.headers && <span className="field-error">{errors.headers}</span>}
            </label>
          </>
        )}
      </div>
      <div className="panel-actions">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="button" className="btn primary" disabled={saving} onClick={() => void save()}>
          Save server
        </button>
      </div>
    </section>
  );
}
