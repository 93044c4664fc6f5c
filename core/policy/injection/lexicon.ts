/**
 * Every cue, indexed for the matcher: keyed cues by their first words, the rest as whole-text
 * regexes. Built once, on first use.
 */
import type { Cue } from './cue.js';
import { CONTEXT_WORDS } from './context-words.js';
import type { CueIndex, KeyTable } from './matcher.js';
import { APPENDED_TASK } from './cues/appended-task.js';
import { COVERT, COVERT_UNSPACED } from './cues/covert.js';
import { CREDENTIAL_HARVEST } from './cues/credential-harvest.js';
import { EXFILTRATION, EXFILTRATION_SYMBOLS } from './cues/exfiltration.js';
import { FAKE_AUTHORITY, FAKE_AUTHORITY_SYMBOLS, FAKE_AUTHORITY_UNSPACED } from './cues/fake-authority.js';
import { FAKE_ERROR } from './cues/fake-error.js';
import { PAIR_CUES } from './cues/pairs.js';
import { PERSISTENCE } from './cues/persistence.js';
import { PROMPT_PROBE, PROMPT_PROBE_UNSPACED } from './cues/prompt-probe.js';
import { ROLE_OVERRIDE, ROLE_OVERRIDE_UNSPACED } from './cues/role-override.js';
import { TASK_HIJACK, TASK_HIJACK_UNSPACED } from './cues/task-hijack.js';
import { TEMPLATES, TOOL_POISON_MARKERS, TURN_HEADERS } from './cues/templates.js';
import { STRUCTURE, STRUCTURE_UNSPACED } from './cues/structure.js';
import { TOOL_COERCION, TOOL_COERCION_SYMBOLS, TOOL_COERCION_UNSPACED } from './cues/tool-coercion.js';

export const KEYED_CUES: readonly Cue[] = [
  ...ROLE_OVERRIDE,
  ...TASK_HIJACK,
  ...FAKE_AUTHORITY,
  ...FAKE_ERROR,
  ...EXFILTRATION,
  ...COVERT,
  ...TOOL_COERCION,
  ...CREDENTIAL_HARVEST,
  ...PERSISTENCE,
  ...PROMPT_PROBE,
  ...APPENDED_TASK,
  ...PAIR_CUES,
  ...STRUCTURE,
  ...TURN_HEADERS,
  ...TOOL_POISON_MARKERS.filter((c) => c.keys.length > 0),
];
export const SYMBOL_CUES: readonly Cue[] = [...TEMPLATES, ...TOOL_POISON_MARKERS.filter((c) => c.keys.length === 0), ...FAKE_AUTHORITY_SYMBOLS, ...EXFILTRATION_SYMBOLS, ...TOOL_COERCION_SYMBOLS];
export const UNSPACED_CUES: readonly Cue[] = [...ROLE_OVERRIDE_UNSPACED, ...TASK_HIJACK_UNSPACED, ...FAKE_AUTHORITY_UNSPACED, ...COVERT_UNSPACED, ...PROMPT_PROBE_UNSPACED, ...TOOL_COERCION_UNSPACED, ...STRUCTURE_UNSPACED];

let index: CueIndex | null = null;

export function cueIndex(): CueIndex {
  if (index !== null) return index;
  const keys: KeyTable = { words: new Map(), prefixes: new Map() };
  const pairs = new Map<string, KeyTable>();
  const add = (map: Map<string, Cue[]>, key: string, cue: Cue): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [cue]);
    else if (!list.includes(cue)) list.push(cue);
  };
  for (const cue of KEYED_CUES) {
    for (const key of cue.keys) {
      let table = keys;
      if (key.after !== undefined) {
        table = pairs.get(key.after) ?? { words: new Map(), prefixes: new Map() };
        pairs.set(key.after, table);
      }
      add(key.kind === 'word' ? table.words : table.prefixes, key.text, cue);
    }
  }
  index = {
    keys,
    pairs,
    symbols: SYMBOL_CUES.map((cue) => ({ cue, re: cue.re })),
    unspaced: UNSPACED_CUES.map((cue) => ({ cue, re: cue.re })),
    context: CONTEXT_WORDS,
  };
  return index;
}
