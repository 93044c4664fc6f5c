/**
 * Tolerant JSON(C) reading and in-place editing of client files with Microsoft's jsonc-parser (the one
 * VS Code uses for mcp.json): comments and trailing commas parse, and an edit replaces one value while
 * every other byte of the file — other keys, comments, layout — stays as it was.
 */
import { applyEdits, findNodeAtLocation, modify, parse, parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import type { FormattingOptions, ParseError } from 'jsonc-parser';
import type { JsonPath } from './types.js';

export type JsoncResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

const BOM = '\ufeff';

export function parseJsonc(text: string): JsoncResult {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const errors: ParseError[] = [];
  const value: unknown = parse(body, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const { line, column } = lineColumn(body, first.offset);
    return { ok: false, error: `line ${line}, column ${column}: ${printParseErrorCode(first.error)}` };
  }
  if (!isObject(value)) return { ok: false, error: 'expected a JSON object at the top' };
  return { ok: true, value };
}

export interface Replacement {
  path: JsonPath;
  value: unknown;
}

/**
 * Replace the value at each path. `droppedComments`: a replaced value had comments inside it, which go
 * with it (the caller says so; the backup keeps them).
 */
export function replaceValues(text: string, replacements: Replacement[]): { text: string; droppedComments: boolean } {
  const bom = text.startsWith(BOM) ? BOM : '';
  let body = bom ? text.slice(1) : text;
  const formattingOptions = detectFormatting(body);
  let droppedComments = false;
  for (const r of replacements) {
    const node = findNodeAtLocation(parseTree(body, [], { allowTrailingComma: true })!, r.path);
    if (node && commentOffsets(body).some((o) => o >= node.offset && o < node.offset + node.length)) droppedComments = true;
    body = applyEdits(body, modify(body, r.path, r.value, { formattingOptions }));
  }
  return { text: bom + body, droppedComments };
}

/** Indent like the file does (first indented line), and keep its line endings. */
function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

function commentOffsets(text: string): number[] {
  const offsets: number[] = [];
  visit(text, { onComment: (offset) => offsets.push(offset) }, { allowTrailingComma: true, disallowComments: false });
  return offsets;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
