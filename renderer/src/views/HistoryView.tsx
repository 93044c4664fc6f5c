/** Every held event (sampling, elicitation): filters, full-text search, export, retention, and the detail view. */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { HOLD_KINDS, OUTCOMES } from '../../../shared/types.js';
import type { HoldKind, Outcome } from '../../../shared/types.js';
import { AuditStatusPanel } from '../components/AuditStatus.js';
import { FlagCount } from '../components/Flags.js';
import { HistoryCharts } from '../components/HistoryCharts.js';
import { HistoryDetail } from '../components/HistoryDetail.js';
import { OutcomeBadge } from '../components/OutcomeBadge.js';
import { RichText } from '../components/RichText.js';
import { useHistory, useServers } from '../context.js';
import { answeredByLabel, costTotal, formatUsage, formatUsd } from '../lib/answer.js';
import { downloadText } from '../lib/download.js';
import { formatNumber, formatTime } from '../lib/format.js';
import { PAGE_SIZE } from '../stores/history.js';

export function HistoryView(): ReactNode {
  const rows = useHistory((s) => s.rows);
  const selected = useHistory((s) => s.selected);
  const open = useHistory((s) => s.open);
  const error = useHistory((s) => s.error);
  const loaded = useHistory((s) => s.loaded);
  const total = costTotal(rows);

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2>History</h2>
          <p className="muted">Every request a server made of your side — sampling, elicitation — with what was decided and what came back.</p>
        </div>
        <ExportButtons />
      </div>
      <Filters />
      <HistoryCharts />
      <AuditStatusPanel />
      {error && <p className="error" role="alert">{error}</p>}
      <div className={selected ? 'history-split' : ''}>
        <div className="history-list">
          <table className="table history-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Server</th>
                <th scope="col" className="col-prompt">
                  Prompt
                </th>
                <th scope="col">Outcome</th>
                <th scope="col" className="col-decided">
                  Decided by
                </th>
                <th scope="col" className="col-flags">
                  Flags
                </th>
                <th scope="col" className="col-answered">
                  Answered by
                </th>
                <th scope="col">Model</th>
                <th scope="col" className="num col-tokens" title="input / output tokens the provider reported, else tokens charged against the budget">
                  Tokens
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} className={`clickable ${selected?.id === e.id ? 'selected' : ''}`} onClick={() => void open(e.id)}>
                  <td className="nowrap">
                    {/* The name starts with the words on screen (WCAG 2.5.3: a voice user says what they see). */}
                    <button type="button" className="link-button" onClick={(ev) => (ev.stopPropagation(), void open(e.id))}>
                      {formatTime(e.receivedAt)}
                      <span className="sr-only"> — open event {e.id}</span>
                    </button>
                  </td>
                  <td>
                    {e.server}
                    {e.kind !== 'sampling' && <span className="badge kind-badge">{e.kind}</span>}
                  </td>
                  <td className="prompt-cell col-prompt">
                    <RichText text={cut(e.preview, 80)} />
                  </td>
                  <td>
                    <OutcomeBadge outcome={e.outcome} />
                  </td>
                  <td className="col-decided">{e.decidedBy ?? '—'}</td>
                  <td className="col-flags">
                    <FlagCount flags={e.flags} />
                  </td>
                  <td className="col-answered">
                    <AnsweredBy value={e.answeredBy} />
                  </td>
                  <td className="mono model-cell" title={e.model ?? undefined}>
                    {e.model ?? '—'}
                    {e.switchedFrom !== null && <span className="muted small"> (switched)</span>}
                  </td>
                  <td className="num mono nowrap col-tokens">{e.usage ? <span title="input / output tokens">{formatUsage(e.usage)}</span> : e.tokens === null ? '—' : formatNumber(e.tokens)}</td>
                  <td className="num mono">{typeof e.costUsd === 'number' ? formatUsd(e.costUsd) : '—'}</td>
                </tr>
              ))}
              {loaded && rows.length === 0 && (
                <tr>
                  <td colSpan={COLUMNS} className="muted center">
                    No events match this filter.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          {total.priced > 0 && (
            // Under the table rather than a footer row, so it survives the columns the split view hides.
            <p className="history-total">
              Total cost of the {rows.length === 1 ? 'listed row' : `${rows.length.toLocaleString('en-US')} listed rows`}:{' '}
              <strong className="mono" data-testid="history-total-cost">
                {formatUsd(total.usd)}
              </strong>
              {total.priced < rows.length && <span className="muted small"> ({total.priced.toLocaleString('en-US')} with a cost)</span>}
            </p>
          )}
        </div>
        {selected && <HistoryDetail event={selected} />}
      </div>
      {rows.length >= PAGE_SIZE && <p className="muted small">Showing the newest {PAGE_SIZE} matches — narrow the filter, or export to get them all.</p>}
      <Retention />
    </div>
  );
}

const COLUMNS = 10;

/** The list's preview, cut to fit the column (the gate sends up to 120 characters). */
function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `client`, or the provider that answered (the user's own model). */
function AnsweredBy({ value }: { value: string | null | undefined }): ReactNode {
  const by = answeredByLabel(value);
  if (by.kind === 'provider')
    return (
      <span className="badge provider">
        <span className="sr-only">provider </span>
        {by.label}
      </span>
    );
  return <span className={by.kind === 'client' ? '' : 'muted'}>{by.label}</span>;
}

function Filters(): ReactNode {
  const filter = useHistory((s) => s.filter);
  const setFilter = useHistory((s) => s.setFilter);
  const servers = useServers((s) => s.servers);
  return (
    <div className="filters" role="search">
      <label className="grow">
        <span className="sr-only">Search history</span>
        <input type="search" placeholder="Search prompts, responses, reasons…" aria-label="Search history" value={filter.search} onChange={(e) => setFilter({ search: e.target.value })} />
      </label>
      <label>
        Kind
        <select value={filter.kind} onChange={(e) => setFilter({ kind: e.target.value as HoldKind | '' })}>
          <option value="">All</option>
          {HOLD_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        Server
        <select value={filter.server} onChange={(e) => setFilter({ server: e.target.value })}>
          <option value="">All</option>
          {servers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Outcome
        <select value={filter.outcome} onChange={(e) => setFilter({ outcome: e.target.value as Outcome | '' })}>
          <option value="">All</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <input type="text" className="model-filter" placeholder="any" value={filter.model} onChange={(e) => setFilter({ model: e.target.value })} />
      </label>
      <label>
        From
        <input type="date" value={filter.since} onChange={(e) => setFilter({ since: e.target.value })} />
      </label>
      <label>
        To
        <input type="date" value={filter.until} onChange={(e) => setFilter({ until: e.target.value })} />
      </label>
    </div>
  );
}

function ExportButtons(): ReactNode {
  const exportCurrent = useHistory((s) => s.exportCurrent);
  const [error, setError] = useState<string | null>(null);
  const run = async (format: 'json' | 'csv'): Promise<void> => {
    const r = await exportCurrent(format);
    if (r.ok) downloadText(r.value.filename, r.value.mimeType, r.value.content);
    setError(r.ok ? null : r.error.message);
  };
  return (
    <div className="button-row">
      {error && <span className="error">{error}</span>}
      <button type="button" className="btn" onClick={() => void run('json')}>
        Export JSON
      </button>
      <button type="button" className="btn" onClick={() => void run('csv')}>
        Export CSV
      </button>
    </div>
  );
}

const RETENTION_CHOICES: (number | null)[] = [null, 7, 30, 90, 365];

function Retention(): ReactNode {
  const days = useHistory((s) => s.retentionDays);
  const setRetention = useHistory((s) => s.setRetention);
  const loadRetention = useHistory((s) => s.loadRetention);
  useEffect(() => void loadRetention(), [loadRetention]);
  const choices = days === null || RETENTION_CHOICES.includes(days) ? RETENTION_CHOICES : [...RETENTION_CHOICES, days];
  return (
    <div className="retention">
      <label>
        Keep history
        <select value={days === null ? 'forever' : String(days)} onChange={(e) => void setRetention(e.target.value === 'forever' ? null : Number(e.target.value))}>
          {choices.map((d) => (
            <option key={String(d)} value={d === null ? 'forever' : String(d)}>
              {d === null ? 'forever' : `${d} days`}
            </option>
          ))}
        </select>
      </label>
      <span className="muted small">Older events are deleted from history.db.</span>
    </div>
  );
}
