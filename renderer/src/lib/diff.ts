/**
 * What an edit changed: a structural diff of two JSON values (the request as received vs the one
 * approved, or a completion vs its replacement), with a word diff for changed strings.
 */
import { isRecord } from './sampling-view.js';

export type Change =
  | { kind: 'added'; path: string; after: unknown }
  | { kind: 'removed'; path: string; before: unknown }
  | { kind: 'changed'; path: string; before: unknown; after: unknown };

export function diffJson(before: unknown, after: unknown, path = ''): Change[] {
  if (Object.is(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: Change[] = [];
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}/${i}`;
      if (i >= after.length) out.push({ kind: 'removed', path: p, before: before[i] });
      else if (i >= before.length) out.push({ kind: 'added', path: p, after: after[i] });
      else out.push(...diffJson(before[i], after[i], p));
    }
    return out;
  }
  if (isRecord(before) && isRecord(after)) {
    const out: Change[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of keys) {
      const p = `${path}/${escapePointer(k)}`;
      if (!(k in after)) out.push({ kind: 'removed', path: p, before: before[k] });
      else if (!(k in before)) out.push({ kind: 'added', path: p, after: after[k] });
      else out.push(...diffJson(before[k], after[k], p));
    }
    return out;
  }
  return [{ kind: 'changed', path: path || '/', before, after }];
}

export type WordDiffPart = { op: 'same' | 'del' | 'ins'; text: string };

/** Word-level diff (LCS over whitespace-separated tokens); falls back to replace-all on long texts. */
export function wordDiff(before: string, after: string, maxTokens = 1500): WordDiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  if (a.length * b.length > maxTokens * maxTokens) {
    return [
      { op: 'del', text: before },
      { op: 'ins', text: after },
    ];
  }
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lcs = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] =
        a[i] === b[j] ? (lcs[(i + 1) * cols + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * cols + j] ?? 0, lcs[i * cols + j + 1] ?? 0);
    }
  }
  const parts: WordDiffPart[] = [];
  const push = (op: WordDiffPart['op'], text: string): void => {
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i] as string);
      i++;
      j++;
    } else if ((lcs[(i + 1) * cols + j] ?? 0) >= (lcs[i * cols + j + 1] ?? 0)) push('del', a[i++] as string);
    else push('ins', b[j++] as string);
  }
  while (i < a.length) push('del', a[i++] as string);
  while (j < b.length) push('ins', b[j++] as string);
  return parts;
}

/** A short human label for a JSON pointer: `/messages/0/content/text` → `messages[0].content.text`. */
export function pathLabel(path: string): string {
  if (path === '/' || path === '') return '(whole value)';
  return path
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function tokenize(s: string): string[] {
  return s.match(/\s+|[^\s]+/g) ?? [];
}

function escapePointer(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}
