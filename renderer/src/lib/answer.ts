/**
 * View-model for answers the gate writes with the user's own model (CONTRACT.md section 8): money,
 * the model switch, parameters that will not be applied, and history totals. Pure, tested under node.
 */
import type { AnswerPlan, ModelOption, SamplingEvent, SamplingParams, TokenCount } from '../../../shared/types.js';

/**
 * USD with enough precision for fractions of a cent: two significant digits below a dollar
 * ($0.0042, $0.000015, $0.50), cents above ($12.30). One sampling call often costs less than a cent.
 */
export function formatUsd(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  if (a === 0) return '$0.00';
  if (a >= 1) return `${sign}$${a.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const decimals = Math.min(10, Math.max(2, Math.ceil(-Math.log10(a)) + 1));
  let s = a.toFixed(decimals);
  // Keep at least cents; drop zeros the rounding left behind (0.0500 → 0.05).
  while (s.length > s.indexOf('.') + 3 && s.endsWith('0')) s = s.slice(0, -1);
  return `${sign}$${s}`;
}

/** An estimate or a recorded cost; null means the model has no prices in config.yaml. */
export function formatCost(v: number | null | undefined, none = 'no prices configured'): string {
  return typeof v === 'number' ? formatUsd(v) : none;
}

export function kindLabel(kind: AnswerPlan['kind']): string {
  return kind === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible';
}

/** The option the dialog shows for `chosen`: the plan's own figures for its model, else that model's entry. */
export function chosenOption(plan: AnswerPlan, chosen: string): ModelOption {
  const listed = plan.models.find((m) => m.name === chosen);
  if (chosen === plan.model) {
    return { name: plan.model, aliases: listed?.aliases ?? [], estimatedCostUsd: plan.estimatedCostUsd, notApplied: plan.notApplied, refusals: plan.refusals };
  }
  return listed ?? { name: chosen, aliases: [], estimatedCostUsd: null, notApplied: [], refusals: [`"${chosen}" is not a configured model`] };
}

/** The `model` to put in the decision: only a model the user switched to (recorded as an edit). */
export function decisionModel(plan: AnswerPlan | undefined, chosen: string | null): string | undefined {
  return plan && chosen !== null && chosen !== plan.model ? chosen : undefined;
}

/** One line of the model switch: name, aliases, its own estimate, or why it cannot answer. */
export function modelOptionLabel(o: ModelOption, chosenByGate: boolean): string {
  const aliases = o.aliases.length > 0 ? ` (${o.aliases.join(', ')})` : '';
  const tail = o.refusals.length > 0 ? `cannot answer: ${o.refusals.join('; ')}` : `≈ ${formatCost(o.estimatedCostUsd)}`;
  return `${o.name}${aliases} — ${tail}${chosenByGate ? ' · chosen by the gate' : ''}`;
}

/**
 * A requested parameter the provider's API will not be sent, as a sentence. The gate reports either a
 * bare parameter name (`temperature`, `modelPreferences.hints`) — then the requested value and the
 * API are named here — or a sentence of its own, shown as it is.
 */
export function notAppliedText(entry: string, request: SamplingParams, kind: AnswerPlan['kind']): string {
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(entry)) return entry;
  const value = valueAt(request, entry);
  const shown = value === undefined ? '' : ` ${compactJson(value)}`;
  // temperature is reported because the API version the SDK speaks has no such field; other bare
  // names (metadata, …) are simply not forwarded, so say only that.
  const why = SAMPLING_KNOBS.has(entry) ? `the ${kindLabel(kind)} API does not take it` : `not sent to the ${kindLabel(kind)} API`;
  return `${entry}${shown} — not applied: ${why}`;
}

const SAMPLING_KNOBS = new Set(['temperature', 'topP', 'topK']);

function valueAt(obj: unknown, dotted: string): unknown {
  let at: unknown = obj;
  for (const key of dotted.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function compactJson(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/** `provider:claude` → provider "claude"; `client` stays. */
export function answeredByLabel(answeredBy: string | null | undefined): { kind: 'client' | 'provider' | 'unknown'; label: string } {
  if (!answeredBy) return { kind: 'unknown', label: '—' };
  if (answeredBy.startsWith('provider:')) return { kind: 'provider', label: answeredBy.slice('provider:'.length) };
  return { kind: answeredBy === 'client' ? 'client' : 'unknown', label: answeredBy };
}

export function formatUsage(u: TokenCount | null | undefined): string {
  if (!u) return '—';
  return `${u.inputTokens.toLocaleString('en-US')} in / ${u.outputTokens.toLocaleString('en-US')} out`;
}

/** What the listed rows cost: the sum of recorded costs, and how many rows had one. */
export function costTotal(rows: readonly Pick<SamplingEvent, 'costUsd'>[]): { usd: number; priced: number } {
  let units = 0;
  let priced = 0;
  for (const r of rows) {
    if (typeof r.costUsd === 'number' && Number.isFinite(r.costUsd)) {
      // Summed in 1e-8 USD units so 0.1 + 0.2 style error never shows in the total.
      units += Math.round(r.costUsd * 1e8);
      priced++;
    }
  }
  return { usd: units / 1e8, priced };
}
