import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../../core/import/line-diff.js';

const lines = (n: number, prefix = 'line'): string => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';

/** Apply hunks to the old text's lines: must give the new text's lines (the diff is exact). */
function apply(before: string, hunks: ReturnType<typeof lineDiff>): string[] {
  const a = before.split('\n').slice(0, -1);
  const out: string[] = [];
  let at = 0;
  for (const h of hunks) {
    while (at < h.oldStart - 1) out.push(a[at++]!);
    for (const l of h.lines) {
      if (l.op === ' ') expect(a[at++]).toBe(l.text);
      else if (l.op === '-') expect(a[at++]).toBe(l.text);
      if (l.op !== '-') out.push(l.text);
    }
  }
  while (at < a.length) out.push(a[at++]!);
  return out;
}

describe('lineDiff', () => {
  it('no change, no hunks', () => {
    expect(lineDiff('a\nb\n', 'a\nb\n')).toEqual([]);
  });

  it('one replaced line with three lines of context, numbered like diff -u', () => {
    const before = lines(10);
    const after = before.replace('line 5\n', 'five\n');
    expect(lineDiff(before, after)).toEqual([
      {
        oldStart: 2,
        oldLines: 7,
        newStart: 2,
        newLines: 7,
        lines: [
          { op: ' ', text: 'line 2' },
          { op: ' ', text: 'line 3' },
          { op: ' ', text: 'line 4' },
          { op: '-', text: 'line 5' },
          { op: '+', text: 'five' },
          { op: ' ', text: 'line 6' },
          { op: ' ', text: 'line 7' },
          { op: ' ', text: 'line 8' },
        ],
      },
    ]);
  });

  it('far-apart changes are separate hunks, near ones merge, and applying them gives the new text', () => {
    const before = lines(100);
    const after = before.replace('line 10\n', 'ten\nten and a half\n').replace('line 14\n', '').replace('line 90\n', 'ninety\n');
    const hunks = lineDiff(before, after);
    expect(hunks).toHaveLength(2);
    expect(apply(before, hunks)).toEqual(after.split('\n').slice(0, -1));
  });

  it('CRLF files compare by line, a large file with a small change stays a small diff', () => {
    const before = lines(20000).replace(/\n/g, '\r\n');
    const after = before.replace('line 15000\r\n', 'changed\r\n');
    const hunks = lineDiff(before, after);
    expect(hunks).toHaveLength(1);
    expect(hunks[0]!.lines.filter((l) => l.op !== ' ')).toEqual([
      { op: '-', text: 'line 15000' },
      { op: '+', text: 'changed' },
    ]);
  });

  it('from empty and to empty', () => {
    expect(lineDiff('', 'a\n')).toEqual([{ oldStart: 1, oldLines: 0, newStart: 1, newLines: 1, lines: [{ op: '+', text: 'a' }] }]);
    expect(lineDiff('a\n', '')[0]!.lines).toEqual([{ op: '-', text: 'a' }]);
  });
});
