/** The shell: header with the views, a connection banner for the web UI. */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useApprovals, useServers, useSetup } from './context.js';
import type { DesktopBridge } from '../../shared/desktop.js';
import type { ConnectionStatus } from './gate/ws-client.js';
import type { ConfigProblem } from '../../shared/types.js';
import { ApprovalsView } from './views/ApprovalsView.js';
import { FirstRunView } from './views/FirstRunView.js';
import { HistoryView } from './views/HistoryView.js';
import { ProvidersView } from './views/ProvidersView.js';
import { ServersView } from './views/ServersView.js';

export type View = 'approvals' | 'servers' | 'providers' | 'history';

const TABS: { id: View; label: string }[] = [
  { id: 'approvals', label: 'Approvals' },
  { id: 'servers', label: 'Servers' },
  { id: 'providers', label: 'Providers' },
  { id: 'history', label: 'History' },
];

export function App({ connection }: { connection: ConnectionStatus | null }): ReactNode {
  const [view, setView] = useState<View>('approvals');
  const pendingCount = useApprovals((s) => s.pending.length);
  const error = useApprovals((s) => s.error);
  const dismiss = useApprovals((s) => s.dismissError);
  const problems = useServers((s) => s.problems);
  // The managed policy's problems (issue 12) are not config.yaml's: a broken managed file denies
  // everything; a setting it overrides is only informative.
  const managedBroken = problems.filter((p) => p.kind === 'managed');
  const overridden = problems.filter((p) => p.kind === 'locked');
  const invalid = problems.filter((p) => p.kind === undefined || p.kind === 'invalid');

  useEffect(() => {
    document.title = pendingCount > 0 ? `(${pendingCount}) Sampling Gate` : 'Sampling Gate';
  }, [pendingCount]);

  // First run: config.yaml has no servers → the MCP clients found on this machine, offered for import
  // (also opened from Servers). Leaving it for any view closes it for this session.
  const serversLoaded = useServers((s) => s.loaded && s.error === null);
  const serverCount = useServers((s) => s.servers.length);
  const firstRun = useSetup((s) => s.open);
  const setupDismissed = useSetup((s) => s.dismissed);
  const offerSetup = useSetup((s) => s.offer);
  const closeSetup = useSetup((s) => s.close);
  useEffect(() => {
    if (serversLoaded && serverCount === 0 && invalid.length === 0 && !setupDismissed) void offerSetup();
  }, [serversLoaded, serverCount, invalid.length, setupDismissed, offerSetup]);
  const go = (v: View): void => {
    if (firstRun) closeSetup();
    setView(v);
  };

  // The desktop app: a click on a request's notification shows that request, once it is listed.
  const pending = useApprovals((s) => s.pending);
  const select = useApprovals((s) => s.select);
  const [wanted, setWanted] = useState<string | null>(null);
  useEffect(
    () =>
      (window as { desktop?: DesktopBridge }).desktop?.onOpenRequest((id) => {
        closeSetup();
        setView('approvals');
        setWanted(id);
      }),
    [closeSetup],
  );
  useEffect(() => {
    if (wanted !== null && pending.some((p) => p.id === wanted)) {
      select(wanted);
      setWanted(null);
    }
  }, [wanted, pending, select]);

  // A request arriving while another view is open is announced, not forced: switching views would
  // throw away a half-filled server form. The tab badge and the window title carry the count too.
  const [lastCount, setLastCount] = useState(pendingCount);
  const [announce, setAnnounce] = useState(false);
  useEffect(() => {
    if (pendingCount > lastCount && view !== 'approvals') setAnnounce(true);
    if (pendingCount === 0 || view === 'approvals') setAnnounce(false);
    setLastCount(pendingCount);
  }, [pendingCount, lastCount, view]);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <img src="./icon.svg" alt="" width={22} height={22} />
          <span>Sampling Gate</span>
        </div>
        <nav className="tabs" aria-label="Views">
          {TABS.map((t) => (
            <button key={t.id} type="button" className={`tab ${view === t.id && !firstRun ? 'active' : ''}`} aria-current={view === t.id && !firstRun ? 'page' : undefined} onClick={() => go(t.id)}>
              {t.label}
              {t.id === 'approvals' && pendingCount > 0 && (
                <span className="tab-count" aria-label={`${pendingCount} pending`}>
                  {pendingCount}
                </span>
              )}
            </button>
          ))}
        </nav>
        <ConnectionPill status={connection} />
      </header>
      {connection === 'unauthorized' && (
        <div className="banner error" role="alert">
          The gate refused this page's token. Open the URL printed by <code>sampling-gate serve --ui</code> again.
        </div>
      )}
      {connection === 'reconnecting' && (
        <div className="banner warn" role="status">
          Lost the connection to the gate — reconnecting…
        </div>
      )}
      {managedBroken.length > 0 && (
        <div className="banner error" role="alert">
          <strong>The managed policy is invalid</strong> — every sampling request is denied until your administrator fixes it.
          <ProblemList problems={managedBroken} />
        </div>
      )}
      {invalid.length > 0 && (
        <div className="banner warn" role="alert">
          <strong>config.yaml has {invalid.length === 1 ? 'a problem' : `${invalid.length} problems`}</strong> — the gate keeps running the last
          good configuration until it is fixed.
          <ProblemList problems={invalid} />
        </div>
      )}
      {overridden.length > 0 && (
        <div className="banner managed" role="status">
          <strong>The managed policy overrides {overridden.length === 1 ? 'a setting' : `${overridden.length} settings`} in config.yaml</strong> — those
          settings have no effect.
          <ProblemList problems={overridden} />
        </div>
      )}
      {announce && (
        <div className="banner info" role="status">
          A new sampling request is waiting for you.{' '}
          <button type="button" className="btn small primary" onClick={() => go('approvals')}>
            Review requests
          </button>
        </div>
      )}
      {error && (
        <div className="banner error" role="alert">
          {error}{' '}
          <button type="button" className="btn small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
      <main className="content">
        {firstRun && <FirstRunView />}
        {!firstRun && view === 'approvals' && <ApprovalsView />}
        {!firstRun && view === 'servers' && <ServersView />}
        {!firstRun && view === 'providers' && <ProvidersView />}
        {!firstRun && view === 'history' && <HistoryView />}
      </main>
    </div>
  );
}

function ProblemList({ problems }: { problems: ConfigProblem[] }): ReactNode {
  return (
    <ul className="problems">
      {problems.map((p, i) => (
        <li key={i} className="mono">
          {p.file}
          {p.line !== null ? `:${p.line}${p.column !== null ? `:${p.column}` : ''}` : ''} {p.path && `${p.path}: `}
          {p.message}
        </li>
      ))}
    </ul>
  );
}

function ConnectionPill({ status }: { status: ConnectionStatus | null }): ReactNode {
  if (status === null) return <span className="conn on">desktop</span>;
  const label = status === 'open' ? 'connected' : status;
  return (
    <span className={`conn ${status === 'open' ? 'on' : 'off'}`} role="status">
      {label}
    </span>
  );
}
