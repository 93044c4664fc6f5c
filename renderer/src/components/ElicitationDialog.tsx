/**
 * The dialog of an elicitation (CONTRACT.md section 10): which server asks (and its trust), the
 * message verbatim with hidden characters visible, the flags at the top, then
 * - the client answers it: the form (or URL) as the server sent it, and **Forward to client** / **Deny**;
 * - the gate answers it: the form to fill — each field with its type, constraints and default,
 *   nothing sent until valid — and **Submit** / **Decline** / **Cancel**; or the URL, shown whole as
 *   text with its registrable domain highlighted (never a link, never fetched), and **Open in
 *   browser** once the user has said they want to.
 * No <form>: Enter in a field never submits, and the buttons that send are disabled for a moment
 * after the request comes up (useArmed).
 */
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { parseRequestedSchema } from '../../../shared/elicitation-form.js';
import type { ElicitationDetail } from '../../../shared/elicitation.js';
import type { PendingRequest } from '../../../shared/types.js';
import { useApprovals } from '../context.js';
import { useArmed } from '../hooks/use-now.js';
import { flagsForPath } from '../lib/highlight.js';
import { DialogHead } from './DialogHead.js';
import { DenyControl } from './DenyControl.js';
import { GrantChoices } from './GrantChoices.js';
import { ElicitationForm, FormPreview } from './ElicitationForm.js';
import { FlagList } from './Flags.js';
import { TextBlock } from './RichText.js';
import { UrlPanel } from './UrlPanel.js';
import { KeyButton } from './KeyButton.js';
import { leaveFieldOnEscape } from '../hooks/use-shortcut.js';

export function ElicitationDialog({ request }: { request: PendingRequest }): ReactNode {
  const e = request.elicitation!;
  const message = typeof request.request.message === 'string' ? request.request.message : '';
  const form = useMemo(() => (e.mode === 'form' ? parseRequestedSchema(request.request.requestedSchema) : null), [e.mode, request.request.requestedSchema]);
  const fields = form?.ok ? form.fields : [];
  return (
    <section className="dialog elicitation" aria-labelledby={`dialog-title-${request.id}`} onKeyDown={leaveFieldOnEscape}>
      <DialogHead request={request} title={<>Elicitation request <span className="badge kind-badge">{e.mode === 'url' ? 'URL' : 'form'}</span></>} />
      <FlagList flags={request.flags} />
      <div className="dialog-body">
        <p className="who-answers" data-testid="who-answers">
          {whoAnswers(e)}
        </p>
        <section className="section" aria-label="Message">
          <h3>Message</h3>
          <TextBlock text={message} flags={flagsForPath(request.flags, '/message')} />
        </section>
        {e.mode === 'url' && e.url ? (
          <UrlPanel url={e.url} />
        ) : e.answeredBy === 'gate' ? null : (
          <FormPreview fields={fields} secret={e.secretFields} flags={request.flags} />
        )}
      </div>
      {e.answeredBy === 'gate' ? (
        e.mode === 'url' ? (
          <UrlAnswer request={request} />
        ) : (
          <ElicitationForm key={request.id} id={request.id} fields={fields} secret={e.secretFields} flags={request.flags} />
        )
      ) : (
        <ForwardOrDeny request={request} />
      )}
    </section>
  );
}

function whoAnswers(e: ElicitationDetail): string {
  if (e.answeredBy === 'gate') {
    return e.mode === 'url'
      ? 'Your client cannot show this, so the gate does: read the whole address, then open it in your browser — or decline.'
      : 'Your client cannot show this form, so the gate does: what you enter goes to the server when you submit.';
  }
  return e.mode === 'url' ? 'Your client will show this URL to you: forward it, or deny it.' : 'Your client will show this form to you: forward it, or deny it.';
}

/** The client answers: send the request on, or refuse it (the server gets a denial). */
function ForwardOrDeny({ request }: { request: PendingRequest }): ReactNode {
  const decide = useApprovals((s) => s.decide);
  const busy = useApprovals((s) => s.busy.includes(request.id));
  const armed = useArmed(request.id);
  return (
    <>
      <GrantChoices request={request} verb="Forward" disabled={busy || !armed} approve={{ kind: 'approve' }} onDecide={(d) => void decide(request.id, d)} />
      <footer className="action-bar">
        <DenyControl id={request.id} busy={busy} onDeny={(reason) => void decide(request.id, reason ? { kind: 'deny', reason } : { kind: 'deny' })} />
        <div className="spacer" />
        <KeyButton shortcut="a" className="btn primary" disabled={busy || !armed} onClick={() => void decide(request.id, { kind: 'approve' })}>
          Forward to client
        </KeyButton>
      </footer>
    </>
  );
}

/**
 * The gate answers a URL: the user says they want to open it, then opens it — in the desktop app
 * the gate hands it to the OS browser; in the web UI this page opens a new tab that it cannot
 * read (noopener), and offers the address to copy instead.
 */
function UrlAnswer({ request }: { request: PendingRequest }): ReactNode {
  const decide = useApprovals((s) => s.decide);
  const busy = useApprovals((s) => s.busy.includes(request.id));
  const armed = useArmed(request.id);
  const [consent, setConsent] = useState(false);
  const [copied, setCopied] = useState(false);
  const href = request.elicitation!.url!.href;
  const desktop = typeof window !== 'undefined' && 'desktop' in window;
  const open = (): void => {
    if (!desktop) window.open(href, '_blank', 'noopener,noreferrer');
    void decide(request.id, { kind: 'answer', action: 'accept' });
  };
  return (
    <footer className="action-bar">
      <label className="consent">
        <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />I have read the whole address and want to open it
      </label>
      <div className="spacer" />
      {!desktop && (
        <KeyButton
          shortcut="u"
          className="btn"
          onClick={() => void navigator.clipboard?.writeText(href).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? 'Copied' : 'Copy URL'}
        </KeyButton>
      )}
      <KeyButton shortcut="c" className="btn" disabled={busy} onClick={() => void decide(request.id, { kind: 'answer', action: 'cancel' })}>
        Cancel
      </KeyButton>
      <KeyButton shortcut="d" className="btn danger" disabled={busy} onClick={() => void decide(request.id, { kind: 'answer', action: 'decline' })}>
        Decline
      </KeyButton>
      <KeyButton shortcut="a" className="btn primary" disabled={busy || !armed || !consent} onClick={open}>
        Open in browser
      </KeyButton>
    </footer>
  );
}

