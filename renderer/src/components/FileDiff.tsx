/** A unified diff of a client's file, as `diff -u` shows it: hunks with removed and added lines. Text only. */
import { Fragment } from 'react';
import type { ReactNode } from 'react';
import type { DiffHunk } from '../../../shared/client-import.js';

const CLASS = { ' ': 'diff-ctx', '-': 'diff-del', '+': 'diff-add' } as const;

export function FileDiff({ file, hunks }: { file: string; hunks: DiffHunk[] }): ReactNode {
  return (
    <pre className="file-diff" aria-label={`Changes to ${file}`}>
      {hunks.map((h, i) => (
        <Fragment key={i}>
          <span className="diff-hunk">{`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`}</span>
          {h.lines.map((l, j) => (
            <span key={j} className={`diff-line ${CLASS[l.op]}`}>
              <span className="diff-op" aria-hidden="true">
                {l.op}
              </span>
              {l.text}
              {'\n'}
            </span>
          ))}
        </Fragment>
      ))}
    </pre>
  );
}
