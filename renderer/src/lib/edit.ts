/**
 * Edit mode: a draft of the fields the user may change, and how it folds back into the params the
 * server sent. Only narrowing edits for context (includeContext can go down, never up) and tools
 * (remove, never add) — an edit should make a request safer, not broader.
 */
import type { SamplingParams } from '../../../shared/types.js';
import { isRecord, samplingView } from './sampling-view.js';

export const INCLUDE_CONTEXT_LEVELS = ['none', 'thisServer', 'allServers'] as const;
export type IncludeContext = (typeof INCLUDE_CONTEXT_LEVELS)[number];

export interface EditDraft {
  /** null: the request had no system prompt and none was added. */
  systemPrompt: string | null;
  /** Text blocks by JSON-pointer path (e.g. `/messages/0/content/text`). */
  texts: Record<string, string>;
  maxTokens: string;
  temperature: string;
  /** One stop sequence per line. */
  stopSequences: string;
  /** Indices into `tools` the user removed. */
  removedTools: number[];
  includeContext: IncludeContext | null;
}

export function draftFrom(params: SamplingParams): EditDraft {
  const view = samplingView(params);
  const texts: Record<string, string> = {};
  for (const m of view.messages) for (const b of m.blocks) if (b.kind === 'text') texts[b.path] = b.text;
  return {
    systemPrompt: view.systemPrompt,
    texts,
    maxTokens: typeof params.maxTokens === 'number' ? String(params.maxTokens) : '',
    temperature: typeof params.temperature === 'number' ? String(params.temperature) : '',
    stopSequences: view.stopSequences.join('\n'),
    removedTools: [],
    includeContext: isIncludeContext(view.includeContext) ? view.includeContext : null,
  };
}

/** The includeContext values the user may pick: the current one and anything narrower. */
export function includeContextChoices(current: string | null): IncludeContext[] {
  const i = INCLUDE_CONTEXT_LEVELS.indexOf((current ?? 'none') as IncludeContext);
  return INCLUDE_CONTEXT_LEVELS.slice(0, i < 0 ? 1 : i + 1);
}

export type ApplyResult = { ok: true; params: SamplingParams } | { ok: false; errors: Record<string, string> };

export function applyDraft(original: SamplingParams, draft: EditDraft): ApplyResult {
  const errors: Record<string, string> = {};
  const next = structuredClone(original) as SamplingParams;

  if (draft.systemPrompt !== null) next.systemPrompt = draft.systemPrompt;

  for (const [path, text] of Object.entries(draft.texts)) {
    if (!setTextAt(next, path, text)) errors[path] = 'this block changed shape';
  }

  const maxTokens = Number(draft.maxTokens.trim());
  if (!/^\d+$/.test(draft.maxTokens.trim()) || !Number.isSafeInteger(maxTokens) || maxTokens < 1) {
    errors.maxTokens = 'a whole number of at least 1';
  } else next.maxTokens = maxTokens;

  const t = draft.temperature.trim();
  if (t === '') delete next.temperature;
  else if (!Number.isFinite(Number(t)) || Number(t) < 0 || Number(t) > 2) errors.temperature = 'a number from 0 to 2';
  else next.temperature = Number(t);

  const stops = draft.stopSequences.split('\n').filter((s) => s.length > 0);
  if (stops.length > 0) next.stopSequences = stops;
  else delete next.stopSequences;

  if (Array.isArray(original.tools) && draft.removedTools.length > 0) {
    const kept = original.tools.filter((_, i) => !draft.removedTools.includes(i));
    if (kept.length > 0) next.tools = kept;
    else {
      // With no tools left a toolChoice is meaningless and some clients reject it.
      delete next.tools;
      delete next.toolChoice;
    }
  }

  if (draft.includeContext !== null) {
    const allowed = includeContextChoices(typeof original.includeContext === 'string' ? original.includeContext : null);
    if (!allowed.includes(draft.includeContext)) errors.includeContext = 'can only be narrowed';
    else if (draft.includeContext !== original.includeContext || original.includeContext !== undefined) {
      next.includeContext = draft.includeContext;
    }
  }

  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, params: next };
}

/** Set the string at a `…/content[/j]/text` path; false if the path does not lead to a text block. */
export function setTextAt(root: Record<string, unknown>, path: string, text: string): boolean {
  const parts = path.split('/').slice(1);
  if (parts.at(-1) !== 'text') return false;
  let node: unknown = root;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isRecord(node)) node = node[part];
    else return false;
  }
  if (!isRecord(node) || node.type !== 'text') return false;
  node.text = text;
  return true;
}

function isIncludeContext(v: unknown): v is IncludeContext {
  return typeof v === 'string' && (INCLUDE_CONTEXT_LEVELS as readonly string[]).includes(v);
}

/** Texts of a completion (CreateMessageResult) by path, for the response review's edit mode. */
export function responseTexts(response: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(response)) return out;
  const blocks = Array.isArray(response.content) ? response.content : [response.content];
  blocks.forEach((b, j) => {
    if (isRecord(b) && b.type === 'text' && typeof b.text === 'string') {
      out[Array.isArray(response.content) ? `/content/${j}/text` : '/content/text'] = b.text;
    }
  });
  return out;
}

export function applyResponseTexts(response: unknown, texts: Record<string, string>): Record<string, unknown> | null {
  if (!isRecord(response)) return null;
  const next = structuredClone(response);
  for (const [path, text] of Object.entries(texts)) if (!setTextAt(next, path, text)) return null;
  return next;
}
