/**
 * Who may talk to the gate over TCP (CONTRACT.md section 3): the Host header must name the gate
 * itself (DNS-rebinding defence), a present Origin must be allow-listed (a web page cannot drive the
 * gate), and the bearer token must match (`?token=` for clients that cannot set headers).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type AuthVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

export interface AuthOptions {
  token: string;
  port: () => number;
  allowedOrigins: () => string[];
}

export function checkHostAndOrigin(req: IncomingMessage, opts: AuthOptions): AuthVerdict {
  const port = opts.port();
  const host = req.headers.host;
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return { ok: false, status: 403, message: 'forbidden host' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const own = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    if (!own.includes(origin) && !opts.allowedOrigins().includes(origin)) {
      return { ok: false, status: 403, message: 'forbidden origin' };
    }
  }
  return { ok: true };
}

export function checkToken(req: IncomingMessage, url: URL, token: string): AuthVerdict {
  const header = req.headers.authorization;
  const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : queryToken(url);
  if (!presented || !sameSecret(presented, token)) {
    return { ok: false, status: 401, message: 'missing or wrong token' };
  }
  return { ok: true };
}

export function authorize(req: IncomingMessage, url: URL, opts: AuthOptions): AuthVerdict {
  const place = checkHostAndOrigin(req, opts);
  return place.ok ? checkToken(req, url, opts.token) : place;
}

/**
 * The value of the one query parameter spelled exactly `token`. URLSearchParams would also accept
 * `%74oken=` or `to%6Ben=`; such spellings are not the token parameter (and are redacted from logs
 * all the same, core/log.ts). Two `token` parameters are ambiguous: neither counts.
 */
export function queryToken(url: URL): string | null {
  const values = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair.startsWith('token='))
    .map((pair) => pair.slice('token='.length));
  if (values.length !== 1) return null;
  try {
    return decodeURIComponent(values[0]!);
  } catch {
    return null;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
