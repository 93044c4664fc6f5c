/**
 * What the gate records and shows about an elicitation besides the request as received (CONTRACT.md
 * section 10): its mode, who answers it, which form fields ask for secrets (their values are never
 * written), how it arrived, and a URL taken apart so a dialog can show it without parsing it.
 * The same shape is a pending request's `elicitation` and a history row's `detail`. Pure data.
 */
export type ElicitationMode = 'form' | 'url';
export type ElicitAction = 'accept' | 'decline' | 'cancel';

/**
 * How a server-initiated request reached the gate: a JSON-RPC request (2025), an entry of an
 * `input_required` result (2026-07-28), the `-32042` URL-elicitation-required error (2025), or a
 * task's input requests.
 */
export type HoldVia = 'request' | 'input-required' | 'url-required-error' | 'task';

/** A URL-mode elicitation's URL, as the dialog must show it (never fetched, never a link). */
export interface UrlView {
  /** As the server sent it. */
  raw: string;
  /** What opening it opens: the parsed URL, its host in ASCII (punycode). */
  href: string;
  /** The host in ASCII and as Unicode: equal unless the host is internationalised. */
  asciiHost: string;
  unicodeHost: string;
  /** The registrable domain (Public Suffix List), ASCII; null for an IP literal or a host without one. */
  registrableDomain: string | null;
  /** [start, end) of the host, and of its registrable domain, within `href`. */
  hostSpan: [number, number];
  domainSpan: [number, number] | null;
  /** The host has a punycode (xn--) label: its Unicode form may imitate another name. */
  punycode: boolean;
}

export interface ElicitationDetail {
  kind: 'elicitation';
  mode: ElicitationMode;
  /** `client`: forwarded to the client, which asks the person; `gate`: the gate's own dialog is the form. */
  answeredBy: 'client' | 'gate' | null;
  /** Form fields flagged as asking for a secret: their values are `[redacted]` wherever the gate writes. */
  secretFields: string[];
  via: HoldVia;
  /** The 2025 era's id of a URL-mode elicitation (notifications/elicitation/complete names it). */
  elicitationId?: string;
  url?: UrlView;
  /** When the server said the out-of-band interaction finished (notifications/elicitation/complete). */
  completedAt?: string;
}
