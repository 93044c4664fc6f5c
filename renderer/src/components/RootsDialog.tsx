/**
 * A roots list to review (roots.trust: ask): the exact directories the server would be told about,
 * and what was removed before (not a file URI, a `..` segment, outside the allow-list). Approve
 * gives the server this list; Deny gives it an empty one. Asked once per session, and again when
 * the list changes.
 */
import type { ReactNode } from 'react';
import type { PendingRequest } from '../../../shared/types.js';
import { useApprovals } from '../context.js';
import { useArmed } from '../hooks/use-now.js';
import { DialogHead } from './DialogHead.js';
import { RichText } from './RichText.js';
import { KeyButton } from './KeyButton.js';

export function RootsDialog({ request }: { request: PendingRequest }): ReactNode {
  const review = useApprovals((s) => s.review);
  const busy = useApprovals((s) => s.busy.includes(request.id));
  const armed = useArmed(request.id);
  const response = (request.response ?? {}) as { roots?: { uri?: unknown; name?: unknown }[] };
  const roots = Array.isArray(response.roots) ? response.roots : [];
  const removed = request.roots?.removed ?? [];
  return (
    <section className="dialog roots" aria-labelledby={`dialog-title-${request.id}`}>
      <DialogHead request={request} title="Roots request" session={false} />
      <div className="dialog-body">
        <p className="who-answers">The server asks which directories you work in. It gets exactly this list if you approve it, and an empty one if you deny.</p>
        <section className="section" aria-label="Roots the server would get">
          <h3>
            Roots <span className="count">{roots.length}</span>
          </h3>
          {roots.length === 0 && <p className="muted">None.</p>}
          <ul className="roots-list">
            {roots.map((r, i) => (
              <li key={i}>
                <span className="mono">
                  <RichText text={String(r.uri)} />
                </span>
                {typeof r.name === 'string' && (
                  <span className="muted">
                    {' '}
                    — <RichText text={r.name} />
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
        {removed.length > 0 && (
          <section className="section" aria-label="Removed">
            <h3>
              Removed <span className="count">{removed.length}</span>
            </h3>
            <ul className="roots-list">
              {removed.map((r, i) => (
                <li key={i}>
                  <span className="mono">
                    <RichText text={r.uri} />
                  </span>
                  <span className="muted"> — {r.why}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <footer className="action-bar">
        <KeyButton shortcut="d" className="btn danger" disabled={busy} onClick={() => void review(request.id, { kind: 'deny' })}>
          Deny
        </KeyButton>
        <div className="spacer" />
        <KeyButton shortcut="a" className="btn primary" disabled={busy || !armed} onClick={() => void review(request.id, { kind: 'approve' })}>
          Approve
        </KeyButton>
      </footer>
    </section>
  );
}
