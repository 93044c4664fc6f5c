/**
 * An elicitation's form: filled in the gate's dialog when the gate answers (ElicitationForm), or
 * shown as it will reach the client when the client answers (FormPreview). Every field with its
 * label, description, type, constraints and default; fields that ask for a secret marked as such
 * (and typed like a password: their values are never recorded anywhere).
 */
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { FormField } from '../../../shared/elicitation-form.js';
import type { RiskFlag } from '../../../shared/types.js';
import { useApprovals } from '../context.js';
import { useArmed } from '../hooks/use-now.js';
import { checkDraft, initialDraft, inputType, type Draft } from '../lib/elicitation-form.js';
import { RichText } from './RichText.js';
import { KeyButton } from './KeyButton.js';

const at = (name: string): string => `/requestedSchema/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;

export function ElicitationForm({ id, fields, secret, flags }: { id: string; fields: readonly FormField[]; secret: readonly string[]; flags: readonly RiskFlag[] }): ReactNode {
  const decide = useApprovals((s) => s.decide);
  const busy = useApprovals((s) => s.busy.includes(id));
  const armed = useArmed(id);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(fields));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [tried, setTried] = useState(false);
  const checked = useMemo(() => checkDraft(fields, draft), [fields, draft]);
  const set = (name: string, value: Draft[string]): void => {
    setDraft((d) => ({ ...d, [name]: value }));
    setTouched((t) => new Set(t).add(name));
  };
  const submit = (): void => {
    setTried(true);
    if (checked.content) void decide(id, { kind: 'answer', action: 'accept', content: checked.content });
  };
  return (
    <>
      <div className="dialog-body form-body">
        <section className="section elicitation-form" aria-label="Form">
          <h3>
            Your answer <span className="count">{fields.length}</span>
          </h3>
          {fields.length === 0 && <p className="muted">The form has no fields: Submit only says yes.</p>}
          {fields.map((f) => (
            <FieldInput
              key={f.name}
              field={f}
              value={draft[f.name] ?? null}
              secret={secret.includes(f.name)}
              flags={flags.filter((x) => x.path?.startsWith(at(f.name)))}
              error={tried || touched.has(f.name) ? checked.errors[f.name] : undefined}
              onChange={(v) => set(f.name, v)}
            />
          ))}
        </section>
      </div>
      <footer className="action-bar">
        <div className="spacer" />
        <KeyButton shortcut="c" className="btn" disabled={busy} onClick={() => void decide(id, { kind: 'answer', action: 'cancel' })}>
          Cancel
        </KeyButton>
        <KeyButton shortcut="d" className="btn danger" disabled={busy} onClick={() => void decide(id, { kind: 'answer', action: 'decline' })}>
          Decline
        </KeyButton>
        <KeyButton shortcut="a" className="btn primary" disabled={busy || !armed || checked.content === null} onClick={submit}>
          Submit
        </KeyButton>
      </footer>
    </>
  );
}

function FieldInput({
  field: f,
  value,
  secret,
  flags,
  error,
  onChange,
}: {
  field: FormField;
  value: Draft[string];
  secret: boolean;
  flags: readonly RiskFlag[];
  error: string | undefined;
  onChange: (v: Draft[string]) => void;
}): ReactNode {
  const inputId = `field-${f.name}`;
  const hint = constraints(f);
  const describedBy = [f.description ? `${inputId}-desc` : '', hint ? `${inputId}-hint` : '', error ? `${inputId}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id: inputId, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined, 'aria-required': f.required || undefined } as const;
  let input: ReactNode;
  if (f.kind === 'boolean') {
    input = f.required || typeof value === 'boolean' ? (
      <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
    ) : (
      <select {...common} value="" onChange={(e) => onChange(e.target.value === 'yes')}>
        <option value="">— not answered —</option>
        <option value="yes">Yes</option>
        <option value="no">No</option>
      </select>
    );
  } else if (f.kind === 'enum') {
    input = (
      <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">{f.required ? '— choose —' : '— none —'}</option>
        {f.options!.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (f.kind === 'multi-enum') {
    const chosen = Array.isArray(value) ? value : [];
    input = (
      <div className="options" role="group" aria-labelledby={`${inputId}-label`} aria-describedby={describedBy}>
        {f.options!.map((o) => (
          <label key={o.value} className="inline">
            <input type="checkbox" checked={chosen.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((x) => x !== o.value))} />
            <RichText text={o.label} />
          </label>
        ))}
      </div>
    );
  } else if (f.kind === 'number' || f.kind === 'integer') {
    input = <input {...common} type="number" inputMode={f.kind === 'integer' ? 'numeric' : 'decimal'} step={f.kind === 'integer' ? 1 : 'any'} min={f.minimum} max={f.maximum} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
  } else {
    input = (
      <input
        {...common}
        type={secret ? 'password' : inputType(f)}
        autoComplete="off"
        minLength={f.minLength}
        maxLength={f.maxLength}
        placeholder={f.format === 'date-time' ? '2026-12-07T10:00:00Z' : undefined}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={`form-field${secret ? ' secret' : ''}${error ? ' invalid' : ''}`}>
      <label id={`${inputId}-label`} htmlFor={f.kind === 'multi-enum' ? undefined : inputId} className="field-label">
        <RichText text={f.title ?? f.name} flags={flags.filter((x) => x.path?.endsWith('/title'))} />
        {f.required && <span aria-hidden="true"> *</span>}
        {f.title && f.title !== f.name && <span className="muted mono field-name"> {f.name}</span>}
      </label>
      {f.description && (
        <p id={`${inputId}-desc`} className="field-description">
          <RichText text={f.description} flags={flags.filter((x) => x.path?.endsWith('/description'))} />
        </p>
      )}
      {input}
      {hint && (
        <p id={`${inputId}-hint`} className="muted field-hint">
          {hint}
        </p>
      )}
      {secret && <p className="field-secret" role="note">This field asks for a secret. Servers must not ask for these in a form; its value is never recorded.</p>}
      {error && (
        <p id={`${inputId}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The form as the client will show it, read-only. */
export function FormPreview({ fields, secret, flags }: { fields: readonly FormField[]; secret: readonly string[]; flags: readonly RiskFlag[] }): ReactNode {
  return (
    <section className="section" aria-label="Form">
      <h3>
        Form <span className="count">{fields.length}</span>
      </h3>
      <dl className="form-preview">
        {fields.map((f) => (
          <div key={f.name} className={secret.includes(f.name) ? 'secret' : undefined}>
            <dt>
              <RichText text={f.title ?? f.name} flags={flags.filter((x) => x.path === `${at(f.name)}/title`)} />
              {f.required && <span aria-hidden="true"> *</span>} <span className="muted mono">{f.name}</span>
            </dt>
            <dd>
              <span className="mono">{typeLabel(f)}</span>
              {constraints(f) && <span className="muted"> · {constraints(f)}</span>}
              {f.description && (
                <div className="field-description">
                  <RichText text={f.description} flags={flags.filter((x) => x.path === `${at(f.name)}/description`)} />
                </div>
              )}
              {secret.includes(f.name) && <div className="field-secret">Asks for a secret: its value will never be recorded.</div>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function typeLabel(f: FormField): string {
  if (f.kind === 'enum') return 'one of';
  if (f.kind === 'multi-enum') return 'any of';
  return f.format ? `${f.kind} (${f.format})` : f.kind;
}

/** What the field allows, in words: lengths, bounds, options, default. */
function constraints(f: FormField): string {
  const parts: string[] = [];
  if (f.minLength !== undefined || f.maxLength !== undefined) parts.push(`${f.minLength ?? 0}–${f.maxLength ?? '∞'} characters`);
  if (f.minimum !== undefined || f.maximum !== undefined) parts.push(`from ${f.minimum ?? '−∞'} to ${f.maximum ?? '∞'}`);
  if (f.minItems !== undefined || f.maxItems !== undefined) parts.push(`choose ${f.minItems ?? 0}–${f.maxItems ?? 'any'}`);
  if (f.options && f.kind === 'enum') parts.push(f.options.map((o) => o.label).join(', '));
  if (f.default !== undefined) {
    const label = (v: unknown): string => f.options?.find((o) => o.value === v)?.label ?? String(v);
    parts.push(`default ${Array.isArray(f.default) ? f.default.map(label).join(', ') : label(f.default)}`);
  }
  return parts.join(' · ');
}
