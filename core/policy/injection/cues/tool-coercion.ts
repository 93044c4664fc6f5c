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
// Single words name programs as often as tools ("use PowerShell", "use eval"): only with "tool" after them.
const RISKY_WORD = String.raw`(?:shell|bash|terminal|powershell|cmd|eval|exec|curl|wget|deploy|payment|purchase|email|mail|browser|filesystem|file_system|database|sql)`;

export const TOOL_COERCION: Cue[] = [
  cue(F, 1, String.raw`(?:call|invoke|use|run|execute|trigger)_(?:the_)?\x60?${RISKY_WORD}\x60?_(?:tool|function|action|plugin)`),
  cue(F, 3, String.raw`(?:before|after|when|whenever|each_time|every_time)_(?:using|calling|running|invoking|you_(?:use|call|run|invoke))_(?:(?:this|the|any|other|that|a|another)_){1,2}(?:tool|function|command|server)_?,?_(?:you_(?:must|should|need_to|have_to)_|always_|first_|please_)?(?:call|invoke|use|run|execute|read|send|fetch|include|pass|upload|write|delete|email|post|add|append|forward|copy|collect)`),
  // Install lines in READMEs pipe curl into a shell too: weak alone (and nothing in a code block).
  cue(F, 1, String.raw`(?:curl|wget|iwr|invoke-webrequest)_[^\n|;]{1,200}\|_?(?:sudo_)?(?:sh|bash|zsh|python|python3|node|iex|powershell)(?![a-z0-9])`),
  cue(F, 2, String.raw`(?:rm_-rf_\/(?=\s|$|\*)|rm_-rf_\$home|chmod_(?:-r_)?777_\/(?=\s|$)|mkfs|dd_if=\/dev\/(?:zero|random)_of=\/dev|nc_-e|ncat_-e|bash_-i_>&|powershell_(?:-enc|-encodedcommand)|invoke-expression|iex_\(|base64_-d_?\|_?(?:sh|bash)|eval_\(_?atob|drop_table|drop_database|format_c:|del_\/f_\/s_\/q)`),
  cue(F, 3, String.raw`(?:you_(?:must|should|need_to|have_to|are_required_to)|make_sure_(?:to|you)|be_sure_to|always|first)_(?:call|invoke|use|run|execute)_${TOOLISH}_<w6>(?:before|after|first|whenever|every|each|regardless|even_if)`),

  // Any snake_case or dotted tool name that deletes, sends, pays, runs or grants.
  // Snake case names tools; `obj.remove()` with its parentheses is a method in code documentation.
  cue(F, 2, String.raw`(?:call|invoke|use|run|execute|trigger)_(?:the_)?\x60?[a-z0-9]{0,20}\x5f(?:delete|remove|drop|wipe|erase|destroy|purge|send|transfer|pay|purchase|exec|execute|run|write|create|grant|upload|share|post|install|push|merge|approve)(?:\x5f[a-z0-9\x5f]{0,30})?\x60?(?![a-z0-9\x5f.]*\()`),
  cue(F, 2, String.raw`(?:call|invoke|use|run|execute|trigger)_(?:the_)?\x60?(?:delete|remove|drop|wipe|erase|destroy|purge|send|transfer|pay|exec|execute|run|write|create|grant|upload|share|post|install|push|merge|approve|forward|email)\x5f[a-z0-9\x5f]{2,30}\x60?(?![a-z0-9\x5f.]*\()`),
  cue(F, 3, String.raw`(?:you_(?:must|should|need_to|have_to|are_required_to)|make_sure_(?:to|you)|be_sure_to|always|first)_(?:call|invoke|use|run|execute)_(?:the_)?\x60?[a-z0-9]{1,20}\x5f[a-z0-9\x5f]{2,40}\x60?(?!\s?\()_<w6>(?:before|after|first|whenever|every|each|regardless|even_if|with_the_(?:complete|full|entire)|to_https?)`),
  cue(F, 2, String.raw`(?:delete|remove|wipe|erase|destroy|purge|drop|truncate)_(?:all_|every_|each_)?(?:the_|your_|their_|of_the_)?(?:user's_)?(?:backups?|backup_(?:directory|folder|files)|database|repository|repo|emails|inbox|calendar_events|records|accounts|users|customer_(?:data|records)|user_data|audit_logs?|documents_folder|home_directory)(?![a-z])`, { negatable: true }),
  cue(F, 2, String.raw`(?:transfer|wire|send|pay|move)_(?:\$|€|£|usd|eur)?_?\d[\d,.]{0,12}_?(?:\$|€|£|usd|eur|dollars|euros)?_?<w4>(?:to|into|from)`),
  cue(F, 2, String.raw`(?:transfer|wire|send|move)_(?:the_|all_|your_|their_)?(?:money|funds|balance|payment|crypto|bitcoin|tokens)_<w4>(?:to|into)`, { negatable: true }),
  cue(F, 1, String.raw`(?:purchase|buy|order|pay_for|checkout|confirm|approve|accept|merge|sign)_(?:the_|all_|every_)?(?:items_in_the_cart|cart|pending_(?:transfer|payment|transaction|request|requests|order)|pull_request|contract|transfer|payment|terms|transaction|order)`),
  cue(F, 2, String.raw`approve_(?:every|all|any|each)_(?:pending_)?(?:request|requests|transfer|transfers|payment|payments|transaction|transactions|pull_request|pull_requests)`),
  cue(F, 1, String.raw`regardless_of_(?:its|their|the)_(?:content|contents|safety|risk|consequences)`),
  cue(F, 2, String.raw`(?:install|download_and_run|download_and_execute|run|execute)_(?:the_)?(?:package|extension|script|binary|installer|update|helper|plugin|tool)?_?(?:from_)?(?:https?:\/\/|http:\/\/)[^\s]{1,200}\.(?:sh|exe|ps1|bat|msi|dmg|pkg|py|js)(?![a-z0-9])`),
  cue(F, 1, String.raw`(?:proceed|go_ahead|continue)_(?:to|and)_(?:purchase|buy|pay|transfer|delete|remove|send|approve|accept|sign|install|execute|run)`),
  cue(F, 2, String.raw`(?:overrides?|replaces?|modif(?:y|ies)|changes?|alters?|hijacks?)_the_(?:behaviou?r|output|recipients?|destination|arguments|parameters)_of_(?:the_|all_|any_)?(?:other_)?\x60?[a-z0-9\x5f.-]{2,40}\x60?_?(?:tool|tools|function)`),
  cue(F, 2, String.raw`(?:avant|apres)_(?:d'utiliser|d'appeler|d'executer)_(?:cet|cette|l'|ce|chaque)_?(?:outil|fonction|commande)`),
  cue(F, 2, String.raw`(?:bevor|nachdem)_(?:du|sie)_(?:dieses|das|ein)_(?:werkzeug|tool)_(?:benutzt|nutzt|verwendest|aufrufst|verwenden)`),
  cue(F, 2, String.raw`antes_de_(?:usar|utilizar|llamar|ejecutar)_(?:esta|la|cada)_(?:herramienta|funcion)`),
  cue(F, 2, String.raw`(?:losche|loschen_sie|entferne|entfernen_sie)_(?:alle|samtliche)_(?:benutzerkonten|konten|benutzer|dateien|daten|backups|sicherungen|e-mails)`),
  cue(F, 2, String.raw`(?:supprime|supprimez|efface|effacez)_(?:tous_les|toutes_les)_(?:comptes|utilisateurs|fichiers|donnees|sauvegardes|e-mails|messages)`),
  cue(F, 2, String.raw`(?:elimina|elimine|borra|borre)_(?:todas_las|todos_los)_(?:cuentas|usuarios|archivos|datos|copias|correos|mensajes)`),
  cue(F, 2, String.raw`(?:delete|remove|wipe|erase|destroy|purge)_(?:all|every)_(?:user_)?(?:accounts|users|files|records|backups|emails|repositories|databases)_(?:except|but|other_than|besides)`),
  cue(F, 3, String.raw`(?:write|append|add|copy|insert|put|echo)_<w4>(?:to|into|in|>>)_(?:the_)?(?:~\/\.ssh\/authorized_keys|\.ssh\/authorized_keys|authorized_keys|~\/\.bashrc|~\/\.zshrc|~\/\.profile|\/etc\/hosts|\/etc\/sudoers|\/etc\/crontab|crontab|\.git\/hooks\/[a-z-]{2,20})`),
  cue(F, 2, String.raw`(?:wire|transfer|send|make|release|process)_(?:the_)?(?:payment|money|funds|transfer|wire)_(?:now|immediately|today|right_away|at_once)`),
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
  globalCue(F, 2, String.raw`(?:<|\[)\s?(?:tool_call|function_call|tool_use|antml:invoke|invoke)\s?(?:>|\]|:)`, { needs: ['tool', 'function', 'invoke'] }),
  globalCue(F, 2, String.raw`(?::\(\)\s?\{\s?:\|:\s?&\s?\};:|\/dev\/tcp\/[0-9a-z.-]{1,60}\/\d{1,5})`, { needs: [':()', '/dev/tcp'] }),
];

export const TOOL_COERCION_UNSPACED: Cue[] = [
  globalCue(F, 3, String.raw`(?:同时|同時|然后|然後|还要|還要|另外|接着|接著|先|悄悄)(?:调用|調用|使用|执行|執行|运行|運行)[^\n。]{0,30}(?:工具|函数|函數|命令)`),
];
