/**
 * Surgical edits of config.yaml text: change one scalar, or add one key to a block mapping, touching
 * nothing else — not the alignment of comments, not `{ a: 1 }` spacing, not quoting. Re-rendering
 * the whole document (the yaml library's toString) keeps comments but normalises all of that, so it
 * is only the fallback for structural edits. Returns null when a surgical edit is not possible.
 */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

/** Plain YAML scalars that need no quoting: what the gate writes (trust levels, numbers). */
const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function setScalarInPlace(text: string, path: string[], value: string | number): string | null {
  const rendered = String(value);
  if (!PLAIN.test(rendered) || path.length === 0) return null;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) return null;

  const node = doc.getIn(path, true);
  if (node !== undefined) {
    if (!isScalar(node) || !node.range) return null;
    return text.slice(0, node.range[0]) + rendered + text.slice(node.range[1]);
  }

  // A new key: append it to its block mapping, after the line where the last entry ends.
  const parent = doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent) || parent.flow || parent.items.length === 0) return null;
  const first = parent.items[0]!.key;
  const last = parent.items[parent.items.length - 1]!;
  const firstRange = (first as { range?: [number, number, number] } | null)?.range;
  const lastEnd = ((last.value ?? last.key) as { range?: [number, number, number] } | null)?.range?.[1];
  if (!firstRange || lastEnd === undefined) return null;
  const indent = lines.linePos(firstRange[0]).col - 1;
  const lastLine = lines.linePos(Math.max(0, lastEnd - 1)).line; // 1-based
  const nextLineStart = lines.lineStarts[lastLine];
  const at = nextLineStart === undefined ? text.length : nextLineStart - 1; // the newline ending that line
  const key = path[path.length - 1]!;
  if (!PLAIN.test(key)) return null;
  const insertion = `\n${' '.repeat(indent)}${key}: ${rendered}`;
  return at >= text.length ? `${text.replace(/\n?$/, '')}${insertion}\n` : text.slice(0, at) + insertion + text.slice(at);
}
