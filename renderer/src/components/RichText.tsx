/**
 * Untrusted text, shown verbatim: risk-flag spans highlighted, hidden characters as ⟨U+XXXX⟩ markers.
 * Everything becomes React text nodes — never HTML — so `<img onerror=…>` in a prompt stays text
 * and URLs stay plain text (nothing here creates a link).
 */
import { Fragment } from 'react';
import type { ReactNode } from 'react';
import type { RiskFlag } from '../../../shared/types.js';
import { countHidden, markerText, revealHidden } from '../lib/hidden-chars.js';
import { highestSeverity, highlightRuns } from '../lib/highlight.js';

export function RichText({ text, flags = [] }: { text: string; flags?: readonly RiskFlag[] }): ReactNode {
  return highlightRuns(text, flags).map((run, i) =>
    run.flags.length > 0 ? (
      <mark key={i} className={`flag-mark sev-${highestSeverity(run.flags) ?? 'info'}`} title={run.flags.map((f) => f.message).join('\n')}>
        <Revealed text={run.text} />
      </mark>
    ) : (
      <Revealed key={i} text={run.text} />
    ),
  );
}

function Revealed({ text }: { text: string }): ReactNode {
  return revealHidden(text).map((s, i) =>
    s.kind === 'text' ? (
      <Fragment key={i}>{s.text}</Fragment>
    ) : (
      <span key={i} className="hidden-char" title={s.name}>
        {markerText(s.code)}
      </span>
    ),
  );
}

/** A block of untrusted text with a note when it hides characters. */
export function TextBlock({ text, flags = [] }: { text: string; flags?: readonly RiskFlag[] }): ReactNode {
  const hidden = countHidden(text);
  return (
    <div className="text-block">
      {hidden > 0 && (
        <p className="hidden-note" role="note">
          {hidden} hidden character{hidden === 1 ? '' : 's'} made visible as ⟨U+…⟩
        </p>
      )}
      <div className="verbatim">
        <RichText text={text} flags={flags} />
      </div>
    </div>
  );
}

export function JsonView({ value, label }: { value: unknown; label?: string }): ReactNode {
  let text: string;
  try {
    text = value === undefined ? '—' : (JSON.stringify(value, null, 2) ?? String(value));
  } catch {
    text = String(value);
  }
  return (
    <pre className="json" aria-label={label}>
      <RichText text={text} />
    </pre>
  );
}
