/** "What changed": the edits between two versions of a request or completion. */
import type { ReactNode } from 'react';
import { diffJson, pathLabel, wordDiff } from '../lib/diff.js';
import type { Change } from '../lib/diff.js';
import { JsonView, RichText } from './RichText.js';

export function ChangeList({ before, after, title = 'Changes' }: { before: unknown; after: unknown; title?: string }): ReactNode {
  const changes = diffJson(before, after);
  return (
    <section className="section changes" aria-label={title}>
      <h3>
        {title} <span className="count">{changes.length}</span>
      </h3>
      {changes.length === 0 ? (
        <p className="muted">No changes.</p>
      ) : (
        <ul className="change-list">
          {changes.map((c, i) => (
            <li key={i} className={`change change-${c.kind}`}>
              <div className="change-head">
                <span className="change-kind">{c.kind}</span> <span className="mono">{pathLabel(c.path)}</span>
              </div>
              <ChangeBody change={c} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ChangeBody({ change }: { change: Change }): ReactNode {
  switch (change.kind) {
    case 'added':
      return <JsonView value={change.after} />;
    case 'removed':
      return <JsonView value={change.before} />;
    case 'changed':
      if (typeof change.before === 'string' && typeof change.after === 'string') {
        return (
          <div className="word-diff verbatim">
            {wordDiff(change.before, change.after).map((p, i) =>
              p.op === 'same' ? (
                <RichText key={i} text={p.text} />
              ) : p.op === 'del' ? (
                <del key={i}>
                  <RichText text={p.text} />
                </del>
              ) : (
                <ins key={i}>
                  <RichText text={p.text} />
                </ins>
              ),
            )}
          </div>
        );
      }
      return (
        <div className="value-diff mono">
          <del>{JSON.stringify(change.before)}</del> → <ins>{JSON.stringify(change.after)}</ins>
        </div>
      );
  }
}
