/**
 * A line diff in unified-diff hunks (Myers' O(ND) algorithm), for showing what an import would change
 * in a client's file. Rewiring touches a few entries of a file that may be megabytes long (Claude
 * Code's ~/.claude.json), so the cost follows the number of changed lines, not the file's size.
 */
import type { DiffHunk, DiffLine } from '../../shared/client-import.js';

export function lineDiff(before: string, after: string, context = 3): DiffHunk[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // Common head and tail first: the search below then only sees the changed middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const script: DiffLine[] = [
    ...a.slice(0, head).map((text): DiffLine => ({ op: ' ', text })),
    ...myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...a.slice(a.length - tail).map((text): DiffLine => ({ op: ' ', text })),
  ];
  return hunks(script, context);
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The shortest edit script from a to b, as kept/removed/added lines in order. */
function myers(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset, d);
    }
  }
  return [];
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number, last: number): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = last; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      out.push({ op: ' ', text: a[x]! });
    }
    if (x === prevX) out.push({ op: '+', text: b[--y]! });
    else out.push({ op: '-', text: a[--x]! });
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    out.push({ op: ' ', text: a[x]! });
  }
  return out.reverse();
}

/** Group changes with `context` unchanged lines around them; numbers are 1-based as in `diff -u`. */
function hunks(script: DiffLine[], context: number): DiffHunk[] {
  const out: DiffHunk[] = [];
  let oldLine = 1;
  let newLine = 1;
  const positions = script.map((l) => {
    const at = { old: oldLine, new: newLine };
    if (l.op !== '+') oldLine++;
    if (l.op !== '-') newLine++;
    return at;
  });
  let i = 0;
  while (i < script.length) {
    if (script[i]!.op === ' ') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2×context unchanged lines (hunks would touch).
    for (;;) {
      while (end < script.length && script[end]!.op !== ' ') end++;
      let gap = end;
      while (gap < script.length && script[gap]!.op === ' ') gap++;
      if (gap < script.length && gap - end <= 2 * context) end = gap;
      else break;
    }
    const stop = Math.min(script.length, end + context);
    const lines = script.slice(start, stop);
    out.push({
      oldStart: positions[start]!.old,
      oldLines: lines.filter((l) => l.op !== '+').length,
      newStart: positions[start]!.new,
      newLines: lines.filter((l) => l.op !== '-').length,
      lines,
    });
    i = stop;
  }
  return out;
}
