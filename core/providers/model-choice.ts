/**
 * Which configured model answers a request, by the MCP spec's rules for modelPreferences
 * (https://modelcontextprotocol.io/specification/2025-11-25/client/sampling#model-preferences):
 * hints are tried in order, each a substring of a model name (here: of a configured name or alias);
 * the first hint that matches decides. With no match, the three priorities (0..1) are scored against
 * the models' relative cost, speed and intelligence; with no preferences, the provider's default.
 * Pure: the dialog's "why" comes from here.
 */
import type { ProviderConfig, ProviderModel } from '../../shared/provider-schema.js';
import { defaultModel } from '../../shared/provider-schema.js';

export interface ModelChoice {
  model: ProviderModel;
  why: string;
}

interface Preferences {
  hints?: { name?: unknown }[];
  costPriority?: unknown;
  speedPriority?: unknown;
  intelligencePriority?: unknown;
}

/** A model lacking a rating is taken as middling, so it neither wins nor loses on that axis alone. */
const UNRATED = 0.5;

export function chooseModel(provider: ProviderConfig, modelPreferences: unknown): ModelChoice {
  const prefs = (modelPreferences !== null && typeof modelPreferences === 'object' ? modelPreferences : {}) as Preferences;
  const hints = Array.isArray(prefs.hints) ? prefs.hints : [];
  for (const hint of hints) {
    const name = typeof hint?.name === 'string' ? hint.name.trim() : '';
    if (!name) continue;
    const match = matchHint(provider.models, name);
    if (match) return { model: match.model, why: `hint "${name}" matched ${match.on === match.model.name ? `"${match.on}"` : `alias "${match.on}" of ${match.model.name}`}` };
  }
  const priorities = {
    cost: priority(prefs.costPriority),
    speed: priority(prefs.speedPriority),
    intelligence: priority(prefs.intelligencePriority),
  };
  const anyPriority = priorities.cost + priorities.speed + priorities.intelligence > 0;
  if (anyPriority && provider.models.length > 1) {
    let best = provider.models[0]!;
    let bestScore = -Infinity;
    for (const m of provider.models) {
      const score =
        priorities.cost * (1 - (m.cost ?? UNRATED)) + priorities.speed * (m.speed ?? UNRATED) + priorities.intelligence * (m.intelligence ?? UNRATED);
      if (score > bestScore) {
        best = m;
        bestScore = score;
      }
    }
    const said = Object.entries(priorities)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const unmatched = hints.length ? 'no hint matched; ' : '';
    return { model: best, why: `${unmatched}best score for the priorities (${said})` };
  }
  const model = defaultModel(provider);
  const reason = hints.length ? 'no hint matched a configured model; ' : '';
  return { model, why: `${reason}the provider's default model` };
}

/** Case-insensitive substring of a name first, then of an alias; the first model in config order wins ties. */
function matchHint(models: ProviderModel[], hint: string): { model: ProviderModel; on: string } | undefined {
  const h = hint.toLowerCase();
  for (const m of models) if (m.name.toLowerCase().includes(h)) return { model: m, on: m.name };
  for (const m of models) {
    const alias = m.aliases.find((a) => a.toLowerCase().includes(h));
    if (alias) return { model: m, on: alias };
  }
  return undefined;
}

function priority(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}
