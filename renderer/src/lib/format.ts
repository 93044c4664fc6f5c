/** Small display helpers shared by the views. Pure, so they are tested under node. */

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "in 1:45", or "expired" once the approval timeout has passed. */
export function countdown(expiresAt: string, now: number): { label: string; secondsLeft: number } {
  const left = Math.max(0, Math.floor((new Date(expiresAt).getTime() - now) / 1000));
  if (!Number.isFinite(left)) return { label: '—', secondsLeft: 0 };
  const m = Math.floor(left / 60);
  const s = left % 60;
  return { label: left === 0 ? 'expired' : `${m}:${String(s).padStart(2, '0')}`, secondsLeft: left };
}

export function relativeTime(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return String(iso);
  const s = Math.round((now - t) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return formatTime(iso);
}

export function formatNumber(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-US') : v === undefined ? '—' : JSON.stringify(v);
}

/** JSON for display: stable indentation; undefined shown as a dash rather than nothing. */
export function prettyJson(v: unknown): string {
  if (v === undefined) return '—';
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A local date input (YYYY-MM-DD) as the ISO instant at the start (or end) of that day. */
export function dateInputToIso(value: string, endOfDay = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
