/**
 * Fake errors and retries: a tool result that "failed" and tells the model how to recover —
 * by switching mode, calling another tool or sending something. An error message alone is
 * everyday text (READMEs have troubleshooting sections), so the error frame is weak and counts
 * only next to what it asks for.
 */
import { cue } from '../cue.js';
import type { Cue } from '../cue.js';

const F = 'injection.fake-error';
const RECOVER = String.raw`(?:retry|try_again|fallback|fall_back|to_continue|to_proceed|to_recover|to_fix_this|to_resolve_this|workaround|recovery|required_action|next_step|resolution|remediation|action_required)`;
/** What a fake error asks for that no real error would: a mode without rules, skipped checks. */
const EVIL = String.raw`(?:unrestricted|unfiltered|uncensored|developer_mode|admin_mode|god_mode|dan_mode|jailbreak|safe_mode_off|safety_off|without_(?:restrictions|filters|safety|guardrails|confirmation|user_(?:approval|confirmation))|disable_(?:safety|filters|guardrails|confirmation|content_filter)|ignore_(?:previous|prior|all|your|safety|the_(?:previous|system|safety))|bypass_(?:safety|filters|restrictions|guardrails|approval|confirmation|the_user)|elevated_(?:privileges|permissions|access)|admin_privileges|full_access|skip_(?:user_)?(?:confirmation|approval|review)|no_(?:confirmation|approval|restrictions|safety)|reveal_(?:the|your)_(?:system|hidden|api)|(?:print|output|include|send|share)_(?:the|your|all)_(?:system_prompt|api_keys?|credentials|secrets|env|environment|passwords?|tokens?|conversation|chat_history))`;
/** Weaker asks: acting somewhere else, which real errors also suggest sometimes. */
const ACT = String.raw`(?:send|forward|upload|post|email|execute|call_(?:the_)?[a-z0-9\x5f.-]{2,40}_tool|run_(?:the_following|this_command))`;

export const FAKE_ERROR: Cue[] = [
  cue(F, 1, String.raw`(?:error|failed|failure|exception|fatal|denied|unauthorized|forbidden|timeout|timed_out|rate_limited|unavailable|invalid|status_?:_?(?:error|failed|failure|denied|\d{3}))_?(?::|!|\.|-|,)?_<w8>${RECOVER}`),
  cue(F, 3, String.raw`(?:retry|try_again|fallback|fall_back|to_recover|recovery|workaround|retrying|re-run|rerun)_?(?::|-|=|>)?_?(?:with_|using_|via_|by_|in_|is_to_|mode_?:_?)?<w3>${EVIL}`),
  cue(F, 2, String.raw`(?:retry|try_again|fallback|fall_back|to_recover|recovery|workaround|retrying)(?:_(?:plan|mode|procedure|step|option|route|path|action))?_?(?::|-|=|>)?_?(?:with_|using_|via_|by_|is_to_)?<w2>${ACT}`),
  cue(F, 3, String.raw`(?:the_)?(?:tool|function|call|request|operation|action|task|api|query|search)_(?:failed|errored|returned_an_error|did_not_succeed|was_denied|was_blocked|could_not_complete)_<w8>(?:you_(?:must|need_to|should|have_to)|please|now|instead|so|therefore)_<w4>(?:${EVIL}|${ACT})`),
  cue(F, 2, String.raw`(?:to_(?:fix|resolve|avoid|prevent|recover_from|work_around)_this(?:_error|_issue|_problem)?|the_only_way_to_(?:continue|proceed|fix_this|complete))_?,?_<w4>(?:you_must|you_need_to|you_should|the_(?:assistant|ai|model|agent)_(?:must|should|needs_to)|please|now|first)`),
  cue(F, 2, String.raw`(?:to_(?:proceed|continue|recover|fix_(?:this|it)|resolve_(?:this|it))|in_order_to_(?:proceed|continue))_?,?_(?:you_(?:must|need_to|have_to|should)_|please_|the_(?:assistant|ai|model|agent)_(?:must|should)_)(?:temporarily_|now_|first_)?(?:disable|bypass|skip|ignore|turn_off|grant|share|send|reveal|remove|deactivate|override)`),
  cue(F, 2, String.raw`(?:to_(?:proceed|continue|recover)|in_order_to_(?:proceed|continue))_?,?_(?:temporarily_|now_|first_)?(?:disable|bypass|turn_off|deactivate|override|ignore)_(?:the_|your_|all_)?(?:filter|filters|safety|guardrails|restrictions|checks|confirmation|approval|content_filter|validation)`),
  cue(F, 1, String.raw`(?:false_positive|filter_(?:failure|error|malfunction)|safety_(?:module|system|filter|check)_(?:crashed|failed|errored|is_down|unavailable|malfunctioned))`),
  cue(F, 1, String.raw`(?:service|server|tool|api|module|system|filter)_(?:is|was|went)_(?:down|offline|unavailable|broken|failing)`),
  // German, French, Spanish
  cue(F, 1, String.raw`(?:fehler|fehlgeschlagen|erreur|echec|echoue|error|fallo|fallido)_?(?::|!|\.|-|,)?_<w8>(?:erneut_versuchen|versuche_es_erneut|wiederholen|ersatzweise|reessayer|reessayez|reessaie|solution_de_repli|reintentar|reintenta|reintente|alternativa)`),
  cue(F, 1, String.raw`(?:sicherheitsfilter|filter|sicherheitsmodul|schutz)_(?:ist|wurde)_(?:ausgefallen|deaktiviert|abgesturzt|defekt)`),
  cue(F, 2, String.raw`(?:antworte|antworten_sie|reagiere)_<w4>ohne_(?:jegliche_|alle_)?(?:einschrankungen|beschrankungen|filter|zensur|regeln)`),
  cue(F, 3, String.raw`(?:erneut_versuchen|versuche_es_erneut|wiederholen|reessayer|reessayez|reessaie|reintentar|reintenta|reintente)_<w4>(?:mit|im|avec|en|con|en_el)_<w2>(?:uneingeschrankten|uneingeschrankt|ohne_einschrankungen|entwicklermodus|admin|mode_sans_restrictions|sans_restrictions|mode_developpeur|modo_sin_restricciones|sin_restricciones|modo_desarrollador)`),
];
