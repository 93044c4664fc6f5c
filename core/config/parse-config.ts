/**
 * config.yaml text → validated config, or every problem with its file, line, column and field.
 * YAML syntax errors come from the yaml parser; shape errors from zod, mapped back to the node
 * they are about through the document's source ranges.
 */
import { LineCounter, isNode, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Document } from 'yaml';
import { ConfigSchema } from '../../shared/config-schema.js';
import type { RawConfig } from '../../shared/config-schema.js';
import type { ConfigProblem } from '../../shared/types.js';

export type ParsedConfig = { ok: true; config: RawConfig } | { ok: false; problems: ConfigProblem[] };

export function parseConfig(text: string, file: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: firstLine(e.message) };
      }),
    };
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = ConfigSchema.safeParse(data);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.flatMap(unwrapUnion).map((issue) => {
      const path = issue.path.map(String);
      const where = locate(doc, lineCounter, issue.path as (string | number)[], issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.[0] : undefined);
      return {
        file,
        line: where?.line ?? null,
        column: where?.col ?? null,
        path: [...path, ...(issue.code === 'unrecognized_keys' ? [(issue as { keys?: string[] }).keys?.join(', ') ?? ''] : [])]
          .filter(Boolean)
          .join('.'),
        message: issue.message,
      };
    }),
  };
}

/** The line of the deepest node that exists on `path` (a missing field points at its parent). */
function locate(
  doc: Document,
  lines: LineCounter,
  path: (string | number)[],
  extraKey?: string,
): { line: number; col: number } | null {
  const full = extraKey !== undefined ? [...path, extraKey] : path;
  for (let n = full.length; n >= 0; n--) {
    const sub = full.slice(0, n);
    // For a key that exists, point at the key itself (its line), not only its value.
    const parent = n > 0 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
    const pair = parent && isNode(parent) && 'items' in parent
      ? (parent.items as { key?: { value?: unknown; range?: [number, number, number] } }[]).find(
          (it) => it && typeof it === 'object' && 'key' in it && (it.key?.value === sub[sub.length - 1]),
        )
      : undefined;
    const keyRange = pair?.key?.range;
    if (n > 0 && keyRange) return lines.linePos(keyRange[0]);
    const node = n === 0 ? doc.contents : doc.getIn(sub, true);
    if (node && isNode(node) && node.range) return lines.linePos(node.range[0]);
  }
  return null;
}

type Issue = z.core.$ZodIssue;

/**
 * A server entry is a union (command or url); zod reports a failed union as one "Invalid input" on
 * the entry. Report instead the branch the user most likely meant — the one with fewest problems —
 * so the message names the field and its line.
 */
function unwrapUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const best = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
  return best.flatMap((inner) => unwrapUnion({ ...inner, path: [...issue.path, ...inner.path] } as Issue));
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

export function formatProblem(p: ConfigProblem): string {
  const at = p.line !== null ? `${p.file}:${p.line}${p.column !== null ? `:${p.column}` : ''}` : p.file;
  return `${at}: ${p.path ? p.path + ': ' : ''}${p.message}`;
}
