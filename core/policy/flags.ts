/**
 * Risk flags: computed for every request (whatever the verdict) so the dialog, the CLI and the
 * history can show why a request looks risky. Catalog and severities: shared/flags.ts.
 */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import { FLAG_CATALOG, severityRank } from '../../shared/flags.js';
import type { FlagId } from '../../shared/flags.js';
import type { RiskFlag, UsageSnapshot } from '../../shared/types.js';
import { DETECTORS, decodeTagCharacters } from './detectors.js';
import type { Detector } from './detectors.js';
import { excerpt, visible } from './excerpt.js';
import { analyzeTextCached } from './injection/analysis-cache.js';
import { FAMILY_MESSAGES } from './injection/messages.js';
import type { TextField } from './walk.js';

/** A 1 MB request full of URLs must not become 20,000 flags; one per detector and field is plenty. */
export const MAX_FLAGS = 200;

export const LARGE_MAX_TOKENS = { fractionOfCap: 0.75, absolute: 16_384 } as const;
export const NEAR_LIMIT_FRACTION = 0.8;

export function flag(id: FlagId, message: string, where?: Partial<Pick<RiskFlag, 'path' | 'start' | 'end' | 'excerpt'>>): RiskFlag {
  return { id, severity: FLAG_CATALOG[id].severity, message, ...where };
}

/**
 * Flags found in text. Regex detectors (secrets, hidden Unicode, URLs, tool-description orders):
 * one per (detector, field), at the first match, with the count of matches. Phrase families
 * (injection/): one per (family, field), at the place that scored highest, its severity set by
 * context (see core/policy/injection/context.ts).
 */
export function textFlags(texts: readonly TextField[]): RiskFlag[] {
  const out = detectorFlags(texts);
  for (const field of texts) out.push(...familyFlags(field));
  return out;
}

/** The regex detectors alone (secrets, hidden Unicode, URLs, tool-description orders), without the phrase families and the model. */
export function detectorFlags(texts: readonly TextField[]): RiskFlag[] {
  const out: RiskFlag[] = [];
  for (const detector of DETECTORS) {
    for (const field of texts) {
      if (detector.toolsOnly && field.segments[0] !== 'tools') continue;
      const found = detectorFlag(detector, field);
      if (found) out.push(found);
    }
  }
  return out;
}

function detectorFlag(detector: Detector, field: TextField): RiskFlag | null {
  const re = detector.pattern;
  re.lastIndex = 0;
  let first: RegExpExecArray | null = null;
  let count = 0;
  let m: RegExpExecArray | null;
  // Count the rest cheaply; stop counting at 100, the number is only for the message.
  while (count < 100 && (m = re.exec(field.text)) !== null) {
    if (detector.benign?.(field.text, m.index, m.index + m[0].length)) continue;
    first ??= m;
    count++;
  }
  re.lastIndex = 0;
  if (first === null) return null;
  const start = first.index;
  const end = start + first[0].length;
  let message = detector.message + (count > 1 ? ` (${count >= 100 ? '100+' : count} times in this field)` : '');
  if (detector.id === 'hidden-unicode.tag') {
    const hidden = decodeTagCharacters(first[0]);
    if (hidden) message += `; the hidden text reads: "${hidden.slice(0, 120)}"`;
  }
  const lowered = detector.lowered?.(first[0]) ?? null;
  const f = flag(detector.id, lowered ? `${message} — ${lowered}` : message, { path: field.path, start, end, excerpt: excerpt(field.text, start, end) });
  return lowered ? { ...f, severity: 'low' } : f;
}

function familyFlags(field: TextField): RiskFlag[] {
  const out: RiskFlag[] = [];
  const { findings, encoded } = analyzeTextCached(field.text);
  for (const f of findings) {
    const where = f.notes.length > 0 ? ` (${f.notes.join('; ')})` : '';
    const times = f.count > 1 ? ` (${f.count >= 100 ? '100+' : f.count} places in this field)` : '';
    out.push({
      id: f.family,
      severity: f.severity,
      message: FAMILY_MESSAGES[f.family] + where + times,
      path: field.path,
      start: f.start,
      end: f.end,
      excerpt: excerpt(field.text, f.start, f.end),
    });
  }
  const shown = encoded.find((e) => e.suspicious) ?? encoded[0];
  if (shown) {
    const more = encoded.length > 1 ? ` (${encoded.length} encoded runs in this field)` : '';
    out.push(
      flag('obfuscation.encoded', `text hidden in ${shown.kind} reads: "${visible(shown.text.slice(0, 160))}"${more}`, {
        path: field.path,
        start: shown.start,
        end: shown.end,
        excerpt: excerpt(field.text, shown.start, shown.end),
      }),
    );
  }
  return out;
}

/** Flags from the request's shape rather than its text. */
export function shapeFlags(params: Record<string, unknown>, policy: EffectivePolicy): RiskFlag[] {
  const out: RiskFlag[] = [];
  const includeContext = params['includeContext'];
  if (includeContext === 'thisServer' || includeContext === 'allServers') {
    out.push(flag('include-context', `asks the client to include context from ${includeContext === 'allServers' ? 'all servers' : 'this server'}`, { path: '/includeContext' }));
  }
  const tools = params['tools'];
  if (Array.isArray(tools) && tools.length > 0) {
    const names = tools.map((t: unknown) => (t !== null && typeof t === 'object' ? String((t as Record<string, unknown>)['name']) : '?'));
    out.push(flag('tools-embedded', `embeds ${tools.length} tool${tools.length > 1 ? 's' : ''}: ${names.slice(0, 10).join(', ')}`, { path: '/tools' }));
  }
  const maxTokens = params['maxTokens'];
  if (typeof maxTokens === 'number' && (maxTokens >= LARGE_MAX_TOKENS.fractionOfCap * policy.maxTokensCap || maxTokens >= LARGE_MAX_TOKENS.absolute)) {
    out.push(flag('large-max-tokens', `asks for up to ${maxTokens} tokens (cap ${policy.maxTokensCap})`, { path: '/maxTokens' }));
  }
  return out;
}

/**
 * One flag naming every limit this request brings to 80% or more. Request windows already count
 * the request (limits.ts); the token budget adds what this request would charge.
 */
export function usageFlags(usage: UsageSnapshot, charge: number): RiskFlag[] {
  const near: string[] = [];
  const windows = [['minute', usage.minute, 0], ['hour', usage.hour, 0], ['day', usage.day, 0], ['session', usage.session, 0], ['tokens today', usage.tokensToday, charge]] as const;
  for (const [name, { used, limit }, add] of windows) {
    if (limit !== null && used + add >= NEAR_LIMIT_FRACTION * limit) near.push(`${name} ${used + add}/${limit}`);
  }
  return near.length > 0 ? [flag('rate-near-limit', `near a limit: ${near.join(', ')}`)] : [];
}

/** Most severe first (stable within a severity), capped at MAX_FLAGS. */
export function finishFlags(flags: RiskFlag[]): RiskFlag[] {
  return flags
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity) || a.i - b.i)
    .slice(0, MAX_FLAGS)
    .map(({ f }) => f);
}
