/**
 * Making the model act: "also call the send_email tool", "use the shell tool to run …",
 * "curl … | sh". Documentation says "call the `parse` function" all day long, so a call alone is
 * weak; a call that writes, deletes, sends or runs, or a call slipped in before or after the
 * real task, is the sign.
 */
import { cue, globalCue } from '../cue.js';
import type { Cue } from '../cue.js';

const F = 'tool-coercion';
const TOOLISH = String.raw`(?:(?:the|a|your|this|that|my)_)?(?:[a-z0-9\x5f.:\/-]{2,50}_)?(?:tool|tools|function|plugin|action|skill|connector|integration|mcp_server|server_tool|capability)`;
const DANGEROUS_NAME = String.raw`(?:send_?(?:email|mail|message|sms|money|payment|funds|file|data)|delete_?(?:file|files|repo|repository|user|account|database|records?|all|branch)|remove_?(?:file|files|user|account)|write_?(?:file|files|to_file)|create_?(?:user|admin|token|key|webhook)|execute_?(?:command|code|shell|script|sql|query)|exec_?(?:command|shell|cmd)?|run_?(?:command|shell|script|code|terminal|bash|cmd|sql)|transfer_?(?:funds|money|tokens|crypto)|make_?payment|wire_?transfer|post_?(?:tweet|message|to_slack|comment)|upload_?(?:file|files|data)|git_?push|push_?(?:code|changes)|grant_?(?:access|permission|role|admin)|add_?(?:admin|collaborator|user|member|ssh_key)|invite_?(?:user|member)|share_?(?:file|document|folder)|http_?(?:request|post)|fetch_?url|modify_?(?:permissions|settings|config)|update_?(?:password|permissions)|drop_?(?:table|database))`;
// Single words name programs as often as tools ("use PowerShell", "use eval"): only with "tool" after them.
const RISKY_WORD = String.raw`(?:shell|bash|terminal|powershell|cmd|eval|exec|curl|wget|deploy|payment|purchase|email|mail|browser|filesystem|file_system|database|sql)`;
const HARM = String.raw`(?:write|overwrite|delete|remove|erase|wipe|drop|send|email|forward|upload|post|publish|transfer|pay|purchase|buy|create_(?:an?_)?(?:admin|user|account|token|key|webhook)|grant|share|push|commit|deploy|execute|run|install|download|modify|change|update_(?:the_)?(?:password|permissions|config)|disable|exfiltrate|leak|invite|add_(?:an?_)?(?:admin|collaborator|user|key))`;

export const TOOL_COERCION: Cue[] = [
  cue(F, 1, String.raw`(?:call|invoke|use|run|execute|trigger|activate|launch|fire|employ|utilize|utilise)_${TOOLISH}`),
  cue(F, 3, String.raw`(?:also|then|next|first|additionally|immediately|afterwards|after_that|before_(?:that|answering|responding|you_answer|you_respond|replying)|secretly|silently|quietly|now|finally|automatically)_?,?_(?:you_(?:must|should|need_to|have_to)_)?(?:call|invoke|use|run|execute|trigger|activate)_${TOOLISH}_<w6>${HARM}`),
  cue(F, 2, String.raw`(?:call|invoke|use|run|execute|trigger|activate)_${TOOLISH}_<w6>${HARM}`),
  cue(F, 2, String.raw`(?:call|invoke|use|run|execute|trigger)_(?:the_)?\x60?${DANGEROUS_NAME}\x60?(?:_(?:tool|function|action|command))?`),
  cue(F, 1, String.raw`(?:call|invoke|use|run|execute|trigger)_(?:the_)?\x60?${RISKY_WORD}\x60?_(?:tool|function|action|plugin)`),
  cue(F, 3, String.raw`(?:also|then|next|first|additionally|immediately|secretly|silently|quietly|before_(?:answering|responding|replying)|after_(?:answering|responding|replying|that))_?,?_(?:you_(?:must|should|need_to)_)?(?:call|invoke|use|run|execute|trigger)_(?:the_)?\x60?${DANGEROUS_NAME}`),
  cue(F, 3, String.raw`(?:before|after|when|whenever|each_time|every_time)_(?:using|calling|running|invoking|you_(?:use|call|run|invoke))_(?:this|the|any|other|that)_(?:tool|function|command|server)_?,?_(?:you_(?:must|should|need_to|have_to)_|always_|first_|please_)?(?:call|invoke|use|run|execute|read|send|fetch|include|pass|upload|write|delete|email|post|add|append|forward|copy|collect)`),
  // Install lines in READMEs pipe curl into a shell too: weak alone (and nothing in a code block).
  cue(F, 1, String.raw`(?:curl|wget|iwr|invoke-webrequest)_[^\n|;]{1,200}\|_?(?:sudo_)?(?:sh|bash|zsh|python|python3|node|iex|powershell)(?![a-z0-9])`),
  cue(F, 2, String.raw`(?:rm_-rf_\/(?=\s|$|\*)|rm_-rf_\$home|chmod_(?:-r_)?777_\/(?=\s|$)|mkfs|dd_if=\/dev\/(?:zero|random)_of=\/dev|nc_-e|ncat_-e|bash_-i_>&|powershell_(?:-enc|-encodedcommand)|invoke-expression|iex_\(|base64_-d_?\|_?(?:sh|bash)|eval_\(_?atob|drop_table|drop_database|format_c:|del_\/f_\/s_\/q)`),
  cue(F, 3, String.raw`(?:you_(?:must|should|need_to|have_to|are_required_to)|make_sure_(?:to|you)|be_sure_to|always|first)_(?:call|invoke|use|run|execute)_${TOOLISH}_<w6>(?:before|after|first|whenever|every|each|regardless|even_if)`),

  // German
  cue(F, 3, String.raw`(?:rufe|ruf|rufen_sie|nutze|nutzen_sie|verwende|verwenden_sie|benutze|benutzen_sie|fuhre|fuhren_sie|starte|starten_sie)_(?:auch|zusatzlich|dann|danach|zuerst|vorher|heimlich|sofort|anschliessend)_<w3>(?:das|die|den)?_?(?:werkzeug|tool|funktion|befehl|kommando)_<w8>(?:auf|aus|um|zu|und)`),
  cue(F, 2, String.raw`(?:rufe|ruf|nutze|verwende|benutze|fuhre)_<w3>(?:werkzeug|tool|funktion)_<w6>(?:losche|loschen|sende|senden|schreibe|schreiben|uberweise|uberweisen|andere|andern|lade|hochladen|veroffentliche)`),
  // French
  cue(F, 3, String.raw`(?:appelle|appelez|utilise|utilisez|execute|executez|lance|lancez|declenche|declenchez|invoque|invoquez)_(?:aussi|egalement|ensuite|d'abord|puis|immediatement|discretement|secretement)_<w3>(?:l'outil|l'action|la_fonction|la_commande|outil|fonction)`),
  cue(F, 2, String.raw`(?:appelle|appelez|utilise|utilisez|execute|executez|invoque|invoquez)_(?:l'outil|la_fonction|l'action)_<w6>(?:supprimer|envoyer|ecrire|transferer|modifier|publier|telecharger|effacer|payer)`),
  // Spanish
  cue(F, 3, String.raw`(?:llama|llame|usa|use|utiliza|utilice|ejecuta|ejecute|invoca|invoque|activa|active|lanza|lance)_(?:tambien|luego|despues|ademas|primero|inmediatamente|en_secreto|silenciosamente)_<w3>(?:la|el)?_?(?:herramienta|funcion|accion|comando)`),
  cue(F, 2, String.raw`(?:llama|llame|usa|use|utiliza|utilice|ejecuta|ejecute|invoca|invoque)_(?:la_herramienta|la_funcion|la_accion)_<w6>(?:borrar|eliminar|enviar|escribir|transferir|modificar|publicar|subir|pagar)`),
];

export const TOOL_COERCION_SYMBOLS: Cue[] = [
  globalCue(F, 2, String.raw`(?:<|\[)\s?(?:tool_call|function_call|tool_use|antml:invoke|invoke)\s?(?:>|\]|:)`),
  globalCue(F, 2, String.raw`(?::\(\)\s?\{\s?:\|:\s?&\s?\};:|\/dev\/tcp\/[0-9a-z.-]{1,60}\/\d{1,5})`),
];

export const TOOL_COERCION_UNSPACED: Cue[] = [
  globalCue(F, 3, String.raw`(?:同时|同時|然后|然後|还要|還要|另外|接着|接著|先|悄悄)(?:调用|調用|使用|执行|執行|运行|運行)[^\n。]{0,30}(?:工具|函数|函數|命令)`),
];
