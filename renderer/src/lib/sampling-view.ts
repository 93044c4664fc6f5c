/**
 * Read the sampling params a server sent (untrusted, validated by the core but shown defensively)
 * into a view model for the dialog. Every block keeps its JSON-pointer path so risk flags
 * (RiskFlag.path) and edits can find it. Unknown fields are kept and shown as JSON, never dropped.
 */
import type { SamplingParams } from '../../../shared/types.js';

export type BlockView =
  | { kind: 'text'; path: string; text: string }
  | { kind: 'image' | 'audio'; path: string; mimeType: unknown; data: unknown }
  | { kind: 'json'; path: string; label: string; value: unknown };

export interface MessageView {
  index: number;
  role: string;
  blocks: BlockView[];
}

export interface ToolView {
  index: number;
  name: string;
  title: string | null;
  description: string | null;
  inputSchema: unknown;
  /** Everything else the tool entry carries (annotations, outputSchema, …). */
  rest: Record<string, unknown>;
}

export interface ModelPreferencesView {
  hints: string[];
  costPriority: number | null;
  speedPriority: number | null;
  intelligencePriority: number | null;
}

export interface SamplingView {
  systemPrompt: string | null;
  messages: MessageView[];
  modelPreferences: ModelPreferencesView | null;
  maxTokens: unknown;
  temperature: unknown;
  stopSequences: string[];
  includeContext: string | null;
  metadata: unknown;
  tools: ToolView[];
  toolChoice: unknown;
  /** Fields the view does not know (e.g. `_meta`, `task`), shown as JSON. */
  extra: Record<string, unknown>;
}

const KNOWN = new Set([
  'messages',
  'systemPrompt',
  'modelPreferences',
  'maxTokens',
  'temperature',
  'stopSequences',
  'includeContext',
  'metadata',
  'tools',
  'toolChoice',
]);

export function samplingView(params: SamplingParams): SamplingView {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (!KNOWN.has(k)) extra[k] = v;
  return {
    systemPrompt: typeof params.systemPrompt === 'string' ? params.systemPrompt : null,
    messages: asArray(params.messages).map((m, i) => messageView(m, i)),
    modelPreferences: modelPreferencesView(params.modelPreferences),
    maxTokens: params.maxTokens,
    temperature: params.temperature,
    stopSequences: asArray(params.stopSequences).map((s) => String(s)),
    includeContext: typeof params.includeContext === 'string' ? params.includeContext : null,
    metadata: params.metadata,
    tools: asArray(params.tools).map((t, i) => toolView(t, i)),
    toolChoice: params.toolChoice,
    extra,
  };
}

function messageView(raw: unknown, index: number): MessageView {
  const m = isRecord(raw) ? raw : {};
  const role = typeof m.role === 'string' ? m.role : 'unknown';
  const base = `/messages/${index}/content`;
  const blocks = Array.isArray(m.content)
    ? m.content.map((c, j) => blockView(c, `${base}/${j}`))
    : [blockView(m.content, base)];
  return { index, role, blocks };
}

/** One content block; anything that is not text/image/audio is shown as JSON (tool_use, tool_result, …). */
export function blockView(raw: unknown, path: string): BlockView {
  if (!isRecord(raw)) return { kind: 'json', path, label: 'content', value: raw };
  switch (raw.type) {
    case 'text':
      return typeof raw.text === 'string'
        ? { kind: 'text', path: `${path}/text`, text: raw.text }
        : { kind: 'json', path, label: 'text (malformed)', value: raw };
    case 'image':
    case 'audio':
      return { kind: raw.type, path, mimeType: raw.mimeType, data: raw.data };
    case 'tool_use':
      return { kind: 'json', path, label: `tool_use · ${String(raw.name ?? '?')}`, value: raw };
    case 'tool_result':
      return { kind: 'json', path, label: `tool_result · ${String(raw.toolUseId ?? '?')}`, value: raw };
    default:
      return { kind: 'json', path, label: typeof raw.type === 'string' ? raw.type : 'content', value: raw };
  }
}

function modelPreferencesView(raw: unknown): ModelPreferencesView | null {
  if (!isRecord(raw)) return null;
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    hints: asArray(raw.hints)
      .map((h) => (isRecord(h) && typeof h.name === 'string' ? h.name : JSON.stringify(h)))
      .filter((h): h is string => typeof h === 'string'),
    costPriority: num(raw.costPriority),
    speedPriority: num(raw.speedPriority),
    intelligencePriority: num(raw.intelligencePriority),
  };
}

function toolView(raw: unknown, index: number): ToolView {
  const t = isRecord(raw) ? raw : {};
  const { name, title, description, inputSchema, ...rest } = t;
  return {
    index,
    name: typeof name === 'string' ? name : `tool ${index + 1}`,
    title: typeof title === 'string' ? title : null,
    description: typeof description === 'string' ? description : null,
    inputSchema,
    rest,
  };
}

/** The first text of the last user message, for queue rows and history. */
export function promptPreview(params: unknown, max = 120): string {
  if (!isRecord(params)) return '';
  const view = samplingView(params);
  const texts = view.messages.flatMap((m) => m.blocks.filter((b) => b.kind === 'text').map((b) => b.text));
  const text = (texts[texts.length - 1] ?? '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
