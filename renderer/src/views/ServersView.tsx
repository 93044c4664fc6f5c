/** Configured servers: transport, live sessions, last request, errors, trust, client config. */
import { Fragment, useState } from 'react';
import type { ReactNode } from 'react';
import type { ServerStatus } from '../../../shared/types.js';
import { AuditStatusPanel } from '../components/AuditStatus.js';
import { ClientConfig } from '../components/ClientConfig.js';
import { ServerFormPanel } from '../components/ServerFormPanel.js';
import { TrustToggle } from '../components/TrustToggle.js';
import { useServers, useSetup } from '../context.js';
import { useNow } from '../hooks/use-now.js';
import { relativeTime } from '../lib/format.js';

type Panel = { kind: 'add' } | { kind: 'edit'; id: string } | null;

export function ServersView(): ReactNode {
  const servers = useServers((s) => s.servers);
  const loaded = useServers((s) => s.loaded);
  const error = useServers((s) => s.error);
  const showSetup = useSetup((s) => s.show);
  const [panel, setPanel] = useState<Panel>(null);
  const [expanded, setExpanded] = useState<string | null>(null);

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2>Servers</h2>
          <p className="muted">Each server gets a local proxy; point your MCP client at it with the snippet below.</p>
        </div>
        <div className="button-row">
          <button type="button" className="btn" onClick={showSetup}>
            Import from your MCP clients
          </button>
          <button type="button" className="btn primary" onClick={() => setPanel({ kind: 'add' })}>
            Add server
          </button>
        </div>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <AuditStatusPanel />
      {panel && <ServerFormPanel key={panel.kind === 'edit' ? panel.id : 'add'} editId={panel.kind === 'edit' ? panel.id : null} onDone={() => setPanel(null)} />}
      {loaded && servers.length === 0 ? (
        <div className="empty-state small">
          <h3>No servers configured</h3>
          <p>
            Add one here, or bring in the servers your MCP clients already use with <strong>Import from your MCP clients</strong>.
          </p>
        </div>
      ) : (
        <div className="table-scroll">
          <table className="table servers-table">
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col">Transport</th>
                <th scope="col">Sessions</th>
                <th scope="col">Last request</th>
                <th scope="col">Errors</th>
                <th scope="col">Trust</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {servers.map((s) => (
                <Fragment key={s.id}>
                  <ServerRow server={s} expanded={expanded === s.id} onToggle={() => setExpanded(expanded === s.id ? null : s.id)} onEdit={() => setPanel({ kind: 'edit', id: s.id })} />
                  {expanded === s.id && (
                    <tr className="detail-row">
                      <td colSpan={7}>
                        {s.errors.length > 0 && (
                          <div className="server-errors">
                            <h4>Recent errors</h4>
                            <ul>
                              {s.errors.map((e, i) => (
                                <li key={i} className="mono">
                                  {e}
                                </li>
                              ))}
                            </ul>
                          </div>
                        )}
                        <ClientConfig serverId={s.id} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Why the trust toggle cannot move, naming who set it; null when it can. */
function trustLock(s: ServerStatus): string | null {
  const m = s.managed;
  if (!m) return null;
  if (m.refusal) return `Denied by the managed policy: ${m.refusal}`;
  if (m.locked.includes('trust')) return `Locked by the managed policy (${m.file}: ${m.decided.trust ?? 'trust'})`;
  return null;
}

function ServerRow({ server: s, expanded, onToggle, onEdit }: { server: ServerStatus; expanded: boolean; onToggle(): void; onEdit(): void }): ReactNode {
  const setTrust = useServers((st) => st.setTrust);
  const remove = useServers((st) => st.remove);
  const [confirming, setConfirming] = useState(false);
  const now = useNow(10_000);
  return (
    <tr>
      <th scope="row">
        <div className="server-id">{s.id}</div>
        <div className="mono muted small target" title={s.target}>
          {s.target}
        </div>
        {s.roots && (
          <div className="small server-roots" title={s.roots.uris.join('\n')}>
            Roots given {relativeTime(s.roots.at, now)}: <span className="mono">{s.roots.uris.length === 0 ? 'none' : s.roots.uris.join(', ')}</span>
          </div>
        )}
        <GrantList server={s} now={now} />
      </th>
      <td>
        <span className="badge">{s.transport}</span>
      </td>
      <td>
        <span className={s.sessions > 0 ? 'live-dot on' : 'live-dot'} aria-hidden="true" /> {s.sessions}
      </td>
      <td>{relativeTime(s.lastRequestAt, now)}</td>
      <td>{s.errors.length === 0 ? <span className="muted">none</span> : <span className="sev-badge sev-high">{s.errors.length}</span>}</td>
      <td>
        <TrustToggle serverId={s.id} value={s.trust} onChange={(t) => void setTrust(s.id, t)} locked={trustLock(s)} />
        {s.managed?.refusal && <div className="managed-note">{s.managed.refusal}</div>}
        {!s.managed?.refusal && s.managed?.decided.trust && !s.managed.locked.includes('trust') && (
          <div className="managed-note muted">at most {s.trust}: managed policy ({s.managed.decided.trust})</div>
        )}
      </td>
      <td>
        <div className="row-actions">
        <button type="button" className="btn small" aria-expanded={expanded} onClick={onToggle} aria-label={`Client config for ${s.id}`}>
          Client config
        </button>
        <button type="button" className="btn small" onClick={onEdit} aria-label={`Edit ${s.id}`}>
          Edit
        </button>
        {confirming ? (
          <button type="button" className="btn small danger" onClick={() => void remove(s.id)} onBlur={() => setConfirming(false)} autoFocus>
            Confirm remove
          </button>
        ) : (
          <button type="button" className="btn small" onClick={() => setConfirming(true)} aria-label={`Remove ${s.id}`}>
            Remove
          </button>
        )}
        </div>
      </td>
    </tr>
  );
}

/** The grants in force for a server ("approve for this session / for N minutes"), each revocable. */
function GrantList({ server: s, now }: { server: ServerStatus; now: number }): ReactNode {
  const revoke = useServers((st) => st.revokeGrant);
  // A timed grant past its time is gone, whether or not the gate has said so yet.
  const grants = (s.grants ?? []).filter((g) => g.scope.type === 'session' || Date.parse(g.scope.expiresAt) > now);
  if (grants.length === 0) return null;
  return (
    <ul className="server-grants" aria-label={`Grants for ${s.id}`}>
      {grants.map((g) => (
        <li key={g.id}>
          <span>
            Approving {g.kind} {g.scope.type === 'session' ? `for session ${g.scope.sessionId.slice(0, 8)}` : `for ${Math.max(1, Math.ceil((Date.parse(g.scope.expiresAt) - now) / 60_000))} more min`}
            {g.features.length > 0 && <span className="muted"> (with {g.features.join(', ')})</span>} · used {g.uses}×
          </span>
          <button type="button" className="btn small" onClick={() => void revoke(g.id)} aria-label={`Revoke the ${g.kind} grant for ${s.id}`}>
            Revoke
          </button>
        </li>
      ))}
    </ul>
  );
}
