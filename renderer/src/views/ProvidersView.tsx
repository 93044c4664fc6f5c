/** The user's own models that answer sampling for clients that cannot (CONTRACT.md section 8). */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { ProviderCard } from '../components/ProviderCard.js';
import { ProviderFormPanel } from '../components/ProviderFormPanel.js';
import { useProviders } from '../context.js';

type Panel = { kind: 'add' } | { kind: 'edit'; id: string } | null;

export function ProvidersView(): ReactNode {
  const providers = useProviders((s) => s.providers);
  const loaded = useProviders((s) => s.loaded);
  const error = useProviders((s) => s.error);
  const [panel, setPanel] = useState<Panel>(null);

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2>Providers</h2>
          <p className="muted">
            Your own models answer sampling for clients that cannot (Claude Desktop, Cursor, …) — after the same policy, approval and history.
          </p>
        </div>
        <button type="button" className="btn primary" onClick={() => setPanel({ kind: 'add' })}>
          Add provider
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {panel && <ProviderFormPanel key={panel.kind === 'edit' ? panel.id : 'add'} editId={panel.kind === 'edit' ? panel.id : null} onDone={() => setPanel(null)} />}
      {loaded && providers.length === 0 && !panel ? (
        <div className="empty-state small">
          <h3>No providers configured</h3>
          <p>
            Add one here (Anthropic, OpenAI, or a local server such as Ollama), or under <code>providers:</code> in config.yaml.
          </p>
        </div>
      ) : (
        <div className="provider-list">
          {providers.map((p) => (
            <ProviderCard key={p.id} provider={p} onEdit={() => setPanel({ kind: 'edit', id: p.id })} />
          ))}
        </div>
      )}
    </div>
  );
}
