/**
 * A URL-mode elicitation's URL as the spec wants it shown: the whole address, as text (never a link,
 * never fetched), with its registrable domain highlighted so a look-alike subdomain cannot hide the
 * real owner; a punycode host shown both ways with a warning; what the server sent, when the
 * address a browser opens differs from it.
 */
import type { ReactNode } from 'react';
import type { UrlView } from '../../../shared/elicitation.js';
import { RichText } from './RichText.js';

export function UrlPanel({ url }: { url: UrlView }): ReactNode {
  const { href, hostSpan, domainSpan } = url;
  const [hostStart, hostEnd] = hostSpan;
  const [domainStart, domainEnd] = domainSpan ?? hostSpan;
  return (
    <section className="section url-panel" aria-label="URL">
      <h3>Opens</h3>
      <p className="url-full mono" data-testid="elicitation-url">
        <span className="url-rest">{href.slice(0, hostStart)}</span>
        <span className="url-subdomain">{href.slice(hostStart, domainStart)}</span>
        <mark className="url-domain">{href.slice(domainStart, domainEnd)}</mark>
        <span className="url-subdomain">{href.slice(domainEnd, hostEnd)}</span>
        <span className="url-rest">{href.slice(hostEnd)}</span>
      </p>
      <dl className="params-grid">
        <dt>Site</dt>
        <dd>
          <strong className="mono">{url.registrableDomain ?? url.asciiHost}</strong>
        </dd>
        {url.punycode && (
          <>
            <dt>Reads as</dt>
            <dd className="mono">
              <RichText text={url.unicodeHost} />
            </dd>
          </>
        )}
        {url.raw !== href && (
          <>
            <dt>As sent</dt>
            <dd className="mono">
              <RichText text={url.raw} />
            </dd>
          </>
        )}
      </dl>
      {url.punycode && (
        <p className="url-warning" role="note">
          This host is written in punycode: <span className="mono">{url.asciiHost}</span> displays as <span className="mono">{url.unicodeHost}</span>, which may imitate another site.
        </p>
      )}
    </section>
  );
}
