/**
 * Chat-template tokens and turn markers forged into text, so the model reads a new system or
 * assistant turn: `<|im_start|>system`, `[INST]`, `<<SYS>>`, "### System:", a line "System:".
 * LLM libraries show them in code blocks, where context.ts lowers them.
 */
import { cue, globalCue } from '../cue.js';
import type { Cue } from '../cue.js';

const F = 'role-override';

export const TEMPLATES: Cue[] = [
  globalCue(F, 3, String.raw`<\|(?:im_start|im_end|system|user|assistant|endoftext|start_header_id|end_header_id|eot_id|begin_of_text|end_of_turn|start_of_turn|channel|message|end|start)\|>`),
  globalCue(F, 3, String.raw`\[\/?inst\]|<<\/?sys>>|<\/?(?:start|end)_of_turn>|<\|?(?:system|developer)(?:_prompt)?\|?>`, { needs: ['inst]', 'sys>>', 'turn>', '<system', '<developer', '<|system', '<|developer'] }),
  // Not </article> or </page>: fetched HTML closes them at its end.
  globalCue(F, 2, String.raw`<\/(?:document|context|user_input|user|data|email|tool_output|tool_result|search_results?|untrusted(?:_\w{1,20})?|input|instructions|system|function_results?|result|results|output|content|webpage|text|query)>`),
];

/** Forged turn headers at the start of a line, tried where their word starts (with a lookbehind for the line start). */
const LINE = String.raw`(?<=(?:^|\n)[ \t]{0,8}(?:#{1,4}[ \t]{0,3})?\[?)`;
export const TURN_HEADERS: Cue[] = [
  // "System: Linux and macOS are supported" is a README line; "System: you are now …" is a forged turn.
  cue(F, 3, LINE + String.raw`(?:system|system_prompt|system_message|new_system_prompt)\]?[ \t]{0,3}:[^\n]{0,80}\b(?:you|your|ignore|disregard|assistant|must|always|never|rules|instructions|override|disable|mode|unrestricted|forget|new_task)\b`),
  cue(F, 1, LINE + String.raw`(?:system|system_prompt|system_message|new_system_prompt)\]?[ \t]{0,3}:[ \t]{0,3}\S`),
  cue(F, 1, LINE + String.raw`(?:assistant|developer|admin|orchestrator)[ \t]{0,3}:[ \t]{0,3}\S`),
  cue(F, 2, String.raw`(?<=(?:^|\n)[ \t]{0,8}#{2,4}[ \t]{0,3})(?:instruction|instructions|new_instructions|system)[ \t]{0,3}:`),
  cue(F, 2, String.raw`(?<=(?:^|\n)[ \t]{0,4})(?:human|user|h)[ \t]{0,2}:[^\n]{1,300}\n[ \t]{0,4}(?:assistant|ai|a|model|gpt|claude)[ \t]{0,2}:`),
];

export const TOOL_POISON_MARKERS: Cue[] = [
  globalCue('tool-coercion', 2, String.raw`<\s{0,3}\/?\s{0,3}(?:important|critical|urgent|instructions?|secret|hidden|note_to_(?:ai|assistant|model|llm|agent)|ai_instructions?|assistant_instructions?|system_(?:note|instruction))\s{0,3}>`),
];
