/**
 * First run (config.yaml has no servers), or "Import from your MCP clients" in Servers: the MCP clients
 * on this machine, their servers, exactly what importing with rewire changes in each client's file (a
 * diff), Import, and Undo (the backup put back).
 */
import type { ReactNode } from 'react';
import type { ClientScan, ClientServerPlan } from '../../../shared/client-import.js';
import { FileDiff } from '../components/FileDiff.js';
import { useSetup } from '../context.js';
import { formatTime } from '../lib/format.js';
import type { ClientOutcome } from '../stores/setup.js';
import '../first-run.css';

export function FirstRunView(): ReactNode {
  const clients = useSetup((s) => s.clients);
  const scanning = useSetup((s) => s.scanning);
  const error = useSetup((s) => s.error);
  const close = useSetup((s) => s.close);
  const outcomes = useSetup((s) => s.outcomes);
  const found = clients.filter((c) => c.state !== 'missing');
  const missing = clients.filter((c) => c.state === 'missing');
  const didSomething = Object.values(outcomes).some((o) => o.kind !== 'failed');

  return (
    <div className="page first-run">
      <div className="page-head">
        <div>
          <h2>Bring your MCP clients through the gate</h2>
          <p className="muted">
            These are the MCP clients on this computer. Import copies a client&apos;s servers into the gate and changes the client&apos;s config file so
            each server starts through the gate — nothing else in the file changes. A backup is kept, and Undo puts the file back. Restart the client
            afterwards.
          </p>
        </div>
        <button type="button" className="btn" onClick={close}>
          {didSomething ? 'Done' : 'Skip for now'}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {scanning && clients.length === 0 && <p className="muted">Looking for MCP clients…</p>}
      {!scanning && clients.length > 0 && found.length === 0 && (
        <div className="empty-state small">
          <h3>No MCP client configuration found</h3>
          <p>
            Add a server in <strong>Servers</strong>, or import a project&apos;s file with <code>sampling-gate import &lt;client&gt; --file PATH</code>.
          </p>
        </div>
      )}
      {found.map((c) => (
        <ClientCard key={c.client} scan={c} />
      ))}
      {missing.length > 0 && (
        <div className="not-found muted">
          Not found on this computer:
          <ul>
            {missing.map((c) => (
              <li key={c.client}>
                {c.label} <span className="mono">{c.file}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function ClientCard({ scan: c }: { scan: ClientScan }): ReactNode {
  const busy = useSetup((s) => s.busy);
  const importClient = useSetup((s) => s.importClient);
  const undo = useSetup((s) => s.undo);
  const outcome = useSetup((s) => s.outcomes[c.client]);
  const changes = c.diff.length > 0;
  return (
    <article className="panel client-card" aria-label={c.label}>
      <header className="client-card-head">
        <div>
          <h3>{c.label}</h3>
          <div className="mono muted small">{c.file}</div>
        </div>
        <span className="badge">
          {c.servers.length} server{c.servers.length === 1 ? '' : 's'}
        </span>
      </header>
      {c.state === 'invalid' && <p className="error">{c.problem}</p>}
      {c.servers.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col">Transport</th>
                <th scope="col">Runs</th>
                <th scope="col">On import</th>
              </tr>
            </thead>
            <tbody>
              {c.servers.map((s, i) => (
                <tr key={i}>
                  <th scope="row">
                    <div className="server-id">{s.name}</div>
                    {s.scope && <div className="muted small">{s.scope}</div>}
                  </th>
                  <td>{s.transport && <span className="badge">{s.transport}</span>}</td>
                  <td>
                    <div className="mono small target" title={s.target ?? ''}>
                      {s.target ?? (s.action === 'through-gate' ? `sampling-gate connect ${s.id}` : '')}
                    </div>
                  </td>
                  <td className="what">{whatHappens(s)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c.state === 'found' && (
        <details open={changes}>
          <summary>{changes ? `What changes in ${c.file}` : 'Nothing in this file would change'}</summary>
          {changes && <FileDiff file={c.file} hunks={c.diff} />}
          <details className="in-words">
            <summary>The same in words</summary>
            {/* The CLI's own lines for this import (minus its dry-run note: this screen writes nothing until Import). */}
            <pre className="cli-lines" aria-label={`What the import of ${c.label} does`}>
              {c.lines.filter((l) => l !== 'dry run: nothing written').join('\n')}
            </pre>
          </details>
        </details>
      )}
      {outcome && <Outcome outcome={outcome} label={c.label} />}
      <div className="client-actions">
        {changes && (
          <button type="button" className="btn primary" disabled={busy !== null} onClick={() => void importClient(c.client)}>
            {busy === c.client ? 'Importing…' : `Import and route ${c.label} through the gate`}
          </button>
        )}
        {c.undo && (
          <>
            <button type="button" className="btn" disabled={busy !== null} onClick={() => void undo(c.client)} aria-label={`Undo the import of ${c.label}`}>
              {busy === c.client ? 'Undoing…' : 'Undo'}
            </button>
            <span className="muted small">
              Imported {formatTime(c.undo.at)}; the file before it is kept at <span className="mono">{c.undo.backup}</span>
            </span>
          </>
        )}
      </div>
    </article>
  );
}

function Outcome({ outcome: o, label }: { outcome: ClientOutcome; label: string }): ReactNode {
  if (o.kind === 'failed') {
    return (
      <p className="client-outcome failed" role="alert">
        {o.message}
      </p>
    );
  }
  if (o.kind === 'undone') {
    return (
      <p className="client-outcome ok" role="status">
        {o.result.restored === 'file'
          ? `Put back ${o.result.file} as it was. `
          : `${label} had changed the file since, so only the entries the gate wrote were put back. `}
        Restart {label}. The imported servers stay in the gate.
      </p>
    );
  }
  const n = o.result.imported.length;
  return (
    <p className="client-outcome ok" role="status">
      Imported {n} server{n === 1 ? '' : 's'}
      {o.result.backup ? `; ${label} now starts them through the gate. Restart ${label} to use it.` : '.'}
    </p>
  );
}

function whatHappens(s: ClientServerPlan): string {
  switch (s.action) {
    case 'import':
      return s.rewired ? `added as "${s.id}", then started through the gate` : `added as "${s.id}"; ${s.why ?? 'not rewired'}`;
    case 'same':
      return s.rewired ? `already in the gate as "${s.id}"; started through it` : `already in the gate as "${s.id}"; ${s.why ?? 'not rewired'}`;
    case 'duplicate':
      return `the same server as above ("${s.id}")`;
    case 'through-gate':
      return `already goes through the gate ("${s.id}")`;
    case 'conflict':
    case 'unsupported':
      return `left as it is: ${s.why ?? ''}`;
  }
}
