/**
 * A root as a server is told about it: a `file://` URI naming a directory on this machine
 * (MCP client/roots). Checked and normalised before any server sees it — a URI with a `..`
 * segment (however encoded), another host, or not a file URI at all is removed — and matched
 * against the user's allow-list path-wise: `/projects/a` allows `/projects/a/b`, not
 * `/projects/a-private`.
 */
export const MAX_ROOT_URI = 4096;

export type RootCheck = { ok: true; uri: string; path: string } | { ok: false; reason: string };

export function checkRootUri(uri: unknown): RootCheck {
  if (typeof uri !== 'string' || uri.length === 0) return { ok: false, reason: 'not a URI' };
  if (uri.length > MAX_ROOT_URI) return { ok: false, reason: `longer than ${MAX_ROOT_URI} characters` };
  if (!/^file:\/\//i.test(uri)) return { ok: false, reason: 'not a file:// URI' };
  if (/[\u0000-\u001f\u007f\\]/.test(uri)) return { ok: false, reason: 'control characters or backslashes' };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { ok: false, reason: 'not a valid URI' };
  }
  if (url.hostname !== '' && url.hostname !== 'localhost') return { ok: false, reason: `a root on another host (${url.hostname})` };
  if (url.search !== '' || url.hash !== '') return { ok: false, reason: 'a query or fragment' };
  // The URL parser resolves `..` silently; a root that climbs is refused, not resolved.
  const rawPath = uri.slice(uri.indexOf('/', 'file://'.length));
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, reason: 'a broken percent-encoding' };
  }
  if (decoded.split('/').some((segment) => segment === '..')) return { ok: false, reason: 'a ".." segment (path traversal)' };
  if (decoded.includes('\u0000')) return { ok: false, reason: 'a NUL character' };
  const path = trimSlash(decodeURIComponent(url.pathname));
  return { ok: true, uri: `file://${trimSlash(url.pathname) || '/'}`, path: path || '/' };
}

/** Whether `path` is one of `dirs` or lies under one, segment by segment. */
export function under(path: string, dirs: readonly string[]): boolean {
  return dirs.some((d) => {
    const dir = dirPath(d);
    if (dir === null) return false;
    if (dir === '/') return true;
    const [p, q] = caseless(dir) ? [path.toLowerCase(), dir.toLowerCase()] : [path, dir];
    return p === q || p.startsWith(`${q}/`);
  });
}

/** An allow-list entry as a path: a plain path, or a file:// URI. */
function dirPath(entry: string): string | null {
  if (/^file:\/\//i.test(entry)) {
    const c = checkRootUri(entry);
    return c.ok ? c.path : null;
  }
  const p = trimSlash(entry.replace(/\\/g, '/'));
  if (p.split('/').includes('..')) return null;
  // A Windows drive path (C:/Users) is written /C:/Users in a file URI's path.
  return /^[A-Za-z]:/.test(p) ? `/${p}` : p || '/';
}

/** Windows drive paths compare without case. */
function caseless(path: string): boolean {
  return /^\/[A-Za-z]:(\/|$)/.test(path);
}

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}
