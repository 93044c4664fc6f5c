/**
 * One configured provider: kind, base URL, default model, where its key comes from and whether one is
 * present, the servers it answers for, its models with prices and capabilities; key entry and Test.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ProviderStatus } from '../../../shared/api.js';
import { useProviders } from '../context.js';
import { formatUsd, kindLabel } from '../lib/answer.js';
import { keyState } from '../lib/provider-view.js';
import { RichText } from './RichText.js';

export function ProviderCard({ provider: p, onEdit }: { provider: ProviderStatus; onEdit(): void }): ReactNode {
  const remove = useProviders((s) => s.remove);
  const [confirming, setConfirming] = useState(false);
  return (
    <article className="panel provider-card" aria-label={`Provider ${p.id}`}>
      <header className="provider-head">
        <div>
          <h3 className="provider-id">
            {p.id} <span className="badge">{p.kind}</span>
          </h3>
          <div className="mono muted small">
            {kindLabel(p.kind)} · {p.baseUrl}
          </div>
        </div>
        <div className="row-actions">
          <button type="button" className="btn small" onClick={onEdit} aria-label={`Edit ${p.id}`}>
            Edit
          </button>
          {confirming ? (
            <button type="button" className="btn small danger" onClick={() => void remove(p.id)} onBlur={() => setConfirming(false)} autoFocus>
              Confirm remove
            </button>
          ) : (
            <button type="button" className="btn small" onClick={() => setConfirming(true)} aria-label={`Remove ${p.id}`}>
              Remove
            </button>
          )}
        </div>
      </header>
      <dl className="params-grid">
        <dt>Default model</dt>
        <dd className="mono">{p.default}</dd>
        <dt>Answers for</dt>
        <dd>
          {p.servers.length === 0 ? (
            <span className="muted">no server yet (answerWith: provider or auto, provider: {p.id})</span>
          ) : (
            <ul className="chips">
              {p.servers.map((s) => (
                <li key={s} className="chip mono">
                  {s}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>API key</dt>
        <dd>
          <KeyEntry provider={p} />
        </dd>
      </dl>
      <ModelsTable provider={p} />
      <TestControl provider={p} />
    </article>
  );
}

function ModelsTable({ provider: p }: { provider: ProviderStatus }): ReactNode {
  const price = (v: number | undefined): string => (v === undefined ? '—' : formatUsd(v));
  const unit = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(2));
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={`Models of ${p.id}, scrollable`}>
      <table className="table models-table" aria-label={`Models of ${p.id}`}>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Aliases</th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col" className="num">
              Speed
            </th>
            <th scope="col" className="num">
              Intelligence
            </th>
            <th scope="col" className="num">
              Input $/MTok
            </th>
            <th scope="col" className="num">
              Output $/MTok
            </th>
            <th scope="col">Takes</th>
          </tr>
        </thead>
        <tbody>
          {p.models.map((m) => (
            <tr key={m.name}>
              <th scope="row" className="mono">
                {m.name} {(m.name === p.default || m.aliases.includes(p.default)) && <span className="badge">default</span>}
              </th>
              <td>{m.aliases.length === 0 ? <span className="muted">—</span> : m.aliases.map((a) => <span key={a} className="chip mono">{a}</span>)}</td>
              <td className="num mono">{unit(m.cost)}</td>
              <td className="num mono">{unit(m.speed)}</td>
              <td className="num mono">{unit(m.intelligence)}</td>
              <td className="num mono">{price(m.inputPerMTok)}</td>
              <td className="num mono">{price(m.outputPerMTok)}</td>
              <td>
                <span className="chip">text</span>
                {m.vision && <span className="chip">images</span>}
                {m.audio && <span className="chip">audio</span>}
                {m.tools && <span className="chip">tools</span>}
                {m.maxOutputTokens !== undefined && <span className="muted small"> ≤ {m.maxOutputTokens.toLocaleString('en-US')} out</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Write-only key entry: the field is sent with providers.setKey and emptied; the gate answers only
 * whether a key is present, so nothing here can show a stored key.
 */
function KeyEntry({ provider: p }: { provider: ProviderStatus }): ReactNode {
  const setKey = useProviders((s) => s.setKey);
  const [key, setKeyText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const state = keyState(p);
  const send = async (value: string | null): Promise<void> => {
    setBusy(true);
    const r = await setKey(p.id, value);
    setBusy(false);
    setError(r.ok ? null : r.error.message);
    if (r.ok) setKeyText('');
  };
  return (
    <div className="key-entry">
      <p className={`key-status ${state.ok ? 'ok' : 'missing'}`} data-testid={`key-status-${p.id}`}>
        {state.text}
      </p>
      {state.canEnter && (
        <div className="key-form">
          <input
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            aria-label={`API key for ${p.id}`}
            placeholder={p.keyPresent ? 'Replace the stored key' : 'Paste the API key'}
            value={key}
            maxLength={4096}
            onChange={(e) => setKeyText(e.target.value)}
          />
          <button type="button" className="btn small primary" disabled={busy || key.trim() === ''} onClick={() => void send(key.trim())}>
            Save key
          </button>
          {p.keyPresent && (
            <button type="button" className="btn small" disabled={busy} onClick={() => void send(null)}>
              Forget key
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function TestControl({ provider: p }: { provider: ProviderStatus }): ReactNode {
  const test = useProviders((s) => s.test);
  const result = useProviders((s) => s.tests[p.id]);
  const [model, setModel] = useState('');
  return (
    <div className="provider-test">
      <label>
        Test with
        <select value={model} onChange={(e) => setModel(e.target.value)}>
          <option value="">the default ({p.default})</option>
          {p.models.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn small" aria-label={`Test ${p.id}`} disabled={result?.state === 'running'} onClick={() => void test(p.id, model || undefined)}>
        Test
      </button>
      <div className="test-result" role="status" aria-label={`Test result for ${p.id}`}>
        {result?.state === 'running' && <span className="muted">Testing…</span>}
        {result?.state === 'ok' && (
          <span className="ok">
            ✓ {result.result.latencyMs.toLocaleString('en-US')} ms · model <span className="mono">{result.result.model}</span>
            {result.result.text && (
              <>
                {' '}
                · “<RichText text={result.result.text} />”
              </>
            )}
          </span>
        )}
        {result?.state === 'failed' && (
          <span className="error">
            ✗ <RichText text={result.message} />
          </span>
        )}
      </div>
    </div>
  );
}
