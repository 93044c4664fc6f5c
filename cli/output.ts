/** Terminal output helpers: JSON for scripts, aligned columns for people. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const fmt = (cells: string[]): string =>
    cells.map((c, i) => (c.length > widths[i]! ? c.slice(0, widths[i]! - 1) + '…' : c.padEnd(widths[i]!))).join('  ').trimEnd();
  process.stdout.write([fmt(headers), ...rows.map(fmt)].join('\n') + '\n');
}

/** One line of a prompt for a table cell: control and invisible characters made visible. */
export function oneLine(s: string, max = 60): string {
  const flat = s.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/** The first text of a request, for listings: a sampling request's first message, an elicitation's message (and URL). */
export function promptPreview(request: unknown, kind: string = 'sampling'): string {
  if (kind === 'elicitation') {
    const p = (request ?? {}) as { message?: unknown; url?: unknown };
    const message = typeof p.message === 'string' ? p.message : '';
    return oneLine(typeof p.url === 'string' ? `${p.url} — ${message}` : message);
  }
  const messages = (request as { messages?: { content?: unknown }[] } | null)?.messages;
  if (!Array.isArray(messages)) return '';
  for (const m of messages) {
    const blocks = Array.isArray(m?.content) ? m.content : [m?.content];
    for (const b of blocks as { type?: string; text?: string }[]) if (b?.type === 'text' && typeof b.text === 'string') return oneLine(b.text);
  }
  return '';
}
