/**
 * Verb-and-object pairs, generated: an order is a verb of one class followed, within a few
 * words of the same sentence, by an object of another ("print … the API keys stored in your
 * memory", "turn off … your filters"). Phrase lists catch the wording they were written from;
 * pairs catch the next person's wording. The weights say how rarely each pair appears in
 * ordinary documents: never for "ignore … your guidelines", sometimes for "disable … logging".
 */
import { cue } from '../cue.js';
import type { Cue, Weight } from '../cue.js';
import type { InjectionFamily } from '../../../../shared/flags.js';
import { Ctx } from '../matcher.js';

const any = (words: string): string => `(?:${words.trim().split(/\s+/).join('|')})`;

/** Verbs that only ever mean "stop obeying" or "get around". */
const DEFY = any(`ignore ignoring disregard disregarding forget forgetting override overriding bypass bypassing circumvent
  circumventing supersede supersedes revoke rescind nullify jailbreak neutralize evade sidestep defy violate break`);
/** Verbs that undo a setting, ordinary next to software settings. */
const UNDO = any('disable deactivate turn_off switch_off remove delete erase reset rewrite replace unlock drop discard suspend lift abandon loosen weaken relax strip');
/** What only a model has. */
const OWN_RULES = any(`instructions system_prompt system_message system_instructions guidelines directives guardrails safeguards
  safety_filters safety_rules safety_guidelines safety_protocols safety_settings safety_checks safety_measures safety_training
  content_policy content_policies usage_policy usage_policies ethical_guidelines ethics censorship alignment persona programming
  conditioning moderation_rules hidden_instructions core_instructions base_instructions operating_instructions rules_of_engagement`);
/** Rules in general: only the strong verbs make an attack of them. */
const ANY_RULES = any('rules restrictions constraints limitations limits filters policies protocols boundaries');
/** What the user asked for. */
const TASK = any("task assignment objective mission question summary translation review analysis goal user's_request original_request");
/** Verbs that put something in front of someone. */
// Not "show how …", "tell that …": those introduce an explanation, not an object.
const REVEAL = `${any(`print output reveal show repeat list dump display tell share give return echo leak recite reproduce
  disclose expose paste write_out spell_out quote translate encode summarize summarise transcribe copy export`)}(?!_(?:how|that|why|whether|where|when|which|what)(?![a-z]))`;
/** What the model was told or saw: its prompt, its context. */
const HIDDEN = any(`system_prompt system_message hidden_instructions initial_instructions original_instructions hidden_prompt
  pre-prompt preprompt meta-prompt context_window hidden_messages hidden_text developer_message developer_instructions
  previous_messages earlier_messages prior_messages previous_conversation conversation_history chat_history full_conversation
  entire_conversation whole_conversation tool_results instructions_you_were_given instructions_you_received`);
/** Secrets anywhere. */
const SECRETS = any(`api_keys api_key secret_keys secret_key access_keys access_tokens tokens secrets passwords credentials
  environment_variables env_vars private_keys session_cookies session_tokens cookies connection_strings ssh_keys`);
/** Where a secret comes from when the model is asked for it. */
const FROM_MODEL = any('stored_in_your in_your_memory in_your_context in_your_configuration you_have_access_to you_can_access you_have_seen you_know');
/** Oversight a person relies on. */
const OVERSIGHT = any(`logging monitoring alerts notifications confirmation confirmations confirmation_prompts approval approvals
  review verification validation`);
/** Oversight nobody turns off in a setup guide. */
const CLOSE_OVERSIGHT = any(`audit_logging audit_logs audit_log audit_trail security_alerts security_monitoring human_review
  2fa mfa two-factor two-factor_authentication safety_checks user_confirmation user_approval`);
const SILENCE = any('disable turn_off switch_off stop pause bypass skip suppress delete clear wipe avoid evade');
const RAISE = any('escalate elevate raise');
const PRIVILEGES = any('privileges privilege permissions permission access access_level access_rights role rights');
const GRANT = any('grant give assign add');
const ADMIN = any('admin administrator root superuser owner full elevated unrestricted sudo');

interface Pair {
  family: InjectionFamily;
  weight: Weight;
  verbs: string;
  object: string;
  /** Words allowed between them (the gap stays inside the sentence). */
  gap?: number;
}

const PAIRS: Pair[] = [
  { family: 'role-override', weight: 3, verbs: DEFY, object: `(?:(?:your|all|the|any|of|my|its|previous|prior|above|earlier|original|current|existing|given|default)_){0,4}${OWN_RULES}` },
  { family: 'role-override', weight: 2, verbs: DEFY, object: `(?:(?:your|all|the|previous|prior|above|earlier|original|existing|given)_){1,4}${ANY_RULES}` },
  { family: 'role-override', weight: 2, verbs: UNDO, object: `(?:(?:your|all|the|any|of|my|its|current|existing|safety|content)_){0,3}${OWN_RULES}` },
  { family: 'injection.task-hijack', weight: 2, verbs: any('ignore disregard forget abandon scrap discard'), object: `(?:the|your|this|that|my|user's|the_user's|original|current|assigned|given|previous)_(?:(?:original|current|assigned|given|previous|user's|actual|first|initial)_)?${TASK}` },
  { family: 'system-prompt-probe', weight: 3, verbs: REVEAL, object: `(?:(?:me|us|all|the|your|full|entire|exact|complete|whole|verbatim|of|any)_){0,4}${HIDDEN}` },
  { family: 'system-prompt-probe', weight: 2, verbs: REVEAL, object: `(?:(?:me|us|all|of)_){0,2}your_(?:(?:full|exact|hidden|secret|original|initial|complete|current|internal)_)?${any('instructions prompt rules guidelines directives configuration programming constraints')}` },
  { family: 'exfiltration.directive', weight: 3, verbs: REVEAL, object: `(?:(?:all|the|any|every)_){0,2}${SECRETS}_<w2>${FROM_MODEL}`, gap: 3 },
  { family: 'exfiltration.directive', weight: 1, verbs: REVEAL, object: `(?:(?:all|the|any|every)_){0,2}${SECRETS}` },
  { family: 'covert-action', weight: 1, verbs: SILENCE, object: `(?:(?:the|all|any|your|its)_){0,2}${OVERSIGHT}` },
  { family: 'covert-action', weight: 2, verbs: SILENCE, object: `(?:(?:the|all|any|your|its)_){0,2}${CLOSE_OVERSIGHT}` },
  { family: 'exfiltration.directive', weight: 2, verbs: `(?:${REVEAL}|${any('send forward email mail upload post report relay')})`, object: `(?:everything|all|whatever|anything)_(?:that_)?(?:the_user|the_human|they|he|she|i)_(?:has_|have_)?(?:said|wrote|written|typed|told_you|shared|sent|asked|mentioned)`, gap: 2 },
  { family: 'injection.fake-authority', weight: 2, verbs: RAISE, object: `(?:(?:your|my|its|the|own|account)_){0,2}${PRIVILEGES}` },
  { family: 'injection.fake-authority', weight: 1, verbs: GRANT, object: `(?:(?:me|you|yourself|us|them|the_user|user|the_account|this_account|account)_)?${ADMIN}_${PRIVILEGES}`, gap: 6 },
];

export const PAIR_CUES: Cue[] = PAIRS.map((p) => cue(p.family, p.weight, `${p.verbs}_<w${p.gap ?? 4}>${p.object}`, { negatable: true, near: Ctx.Target }));
