/**
 * Sending what the model can see somewhere else: "send the conversation to https://…", "include
 * the API key in your reply", "append the chat history to this URL". A sending verb with a
 * sensitive object is suspicious; with a destination it is the attack.
 */
import { cue, globalCue } from '../cue.js';
import type { Cue } from '../cue.js';
import { Ctx } from '../matcher.js';
import { DESTINATION, NAMED_SINK, OBJECT, SEND_STRONG, SEND_WEAK, SENSITIVE } from './parts.js';

const F = 'exfiltration.directive';
const OBJ = OBJECT;

export const EXFILTRATION: Cue[] = [
  // Not "send your API key in the X-Api-Key header": that is how an API is called.
  cue(F, 2, String.raw`(?:send|forward|upload|post|transmit|email|e-mail|mail|leak|exfiltrate|relay|beacon|dump|sync|transfer|share|smuggle)_${OBJ}(?!_(?:in|as|via|with|using)_(?:the_|an?_)?<w2>(?:header|headers|bearer|authorization|query_parameter|basic_auth))`, { negatable: true }),
  cue(F, 2, String.raw`(?:collect|gather|harvest|scrape|grab|enumerate)_(?:(?:the|your|all|all_the|any|every|user's|the_user's|their|stored|saved|private)_){0,3}${SENSITIVE}`, { negatable: true }),
  cue(F, 2, String.raw`(?:reveal|dump|leak|give_me|tell_me|send_me|output_all|print_all|print_out_all|list_all|show_me)_(?:all_|the_|your_|every_|any_){0,2}(?:environment_variables|env_vars|api_keys|secrets|stored_(?:credentials|passwords|tokens)|saved_passwords|credentials|access_tokens|private_keys|ssh_keys|session_tokens|cookies)`, { negatable: true }),
  cue(F, 1, String.raw`(?:print|output|list|show|display|echo|return)_(?:all_|the_|your_|every_|any_){0,2}(?:environment_variables|env_vars|api_keys|secrets|stored_(?:credentials|passwords|tokens)|saved_passwords|access_tokens|private_keys|ssh_keys)`, { negatable: true }),

  // Any sending verb towards an outside address; the sentence naming something sensitive makes it medium.
// Verbs that only move things look 16 words ahead for the address; the rest (include, write, open …) eight.
  cue(F, 1, String.raw`(?<!(?:an?|the|your|our|this|my)\s{1,3})${SEND_STRONG}(?!_(?:us_|me_|them_)?(?:an?_)?(?:email|e-mail|message|note|pr|pull_request|issue|bug_report|feedback|patch|line|invitation|invite|mail)(?![a-z]))_<w16>(?:to|at|into|via|on|onto|through|in|for)_(?:the_|this_|a_|an_|my_|our_)?<w3>(?<!\()${DESTINATION}`, { negatable: true, boost: Ctx.Sensitive }),
  cue(F, 1, String.raw`(?<!(?:an?|the|your|our|this|my)\s{1,3})${SEND_WEAK}(?!_(?:us_|me_|them_)?(?:an?_)?(?:email|e-mail|message|note|pr|pull_request|issue|bug_report|feedback|patch|line|invitation|invite|mail)(?![a-z]))_<w8>(?:to|at|into|via|on|onto|through|in|for)_(?:the_|this_|a_|an_|my_|our_)?<w3>(?<!\()${DESTINATION}`, { negatable: true, boost: Ctx.Sensitive }),
  // Sharing with someone outside: an address or a described place, not "with your webhook secret".
  cue(F, 1, String.raw`(?:share|sharing)_<w9>with_(?:the_|a_|an_|our_)?<w3>(?:[a-z0-9.\x5f-]{1,40}@[a-z0-9-]{1,40}\.|https?:\/\/|${NAMED_SINK})`, { negatable: true, boost: Ctx.Sensitive }),
  cue(F, 2, String.raw`(?:encode|put|hide|embed|insert|place|write|smuggle)_<w8>(?:alt_text|image_url|url_of_(?:an|the)_image|in_an_image|in_the_image|image_(?:link|address|source)|the_url_path|query_string)`),
  cue(F, 2, String.raw`(?:paste|include|put|insert|output|print|add|copy|write|dump)_(?:its|their|the|all|all_the|its_full|the_full)_(?:contents?|values?|text|output)_(?:in|into|to|at_the_end_of)_(?:your|the)_(?:answer|response|reply|output|summary|next_message|message)`),
  cue(F, 2, String.raw`(?:read|open|cat|load|access|copy)_(?:the_)?(?:\.env|\.npmrc|\.pypirc|credentials|secrets|config\.json|settings\.json|hosts\.yml)_file`),
  cue(F, 2, String.raw`(?:read|open|cat|load|access|retrieve|copy|list|dump|grab)_(?:the_)?(?:contents?_of_)?(?:(?:the_)?(?:user's|your)_)?~\/\.[a-z0-9]{2,20}(?:\/[a-z0-9.\x5f-]{1,40}){0,3}(?!\.pub)`),
  cue(F, 2, String.raw`(?:list|read|dump|cat|copy|enumerate|collect)_(?:the_)?(?:contents_of_)?(?:the_user's|your|the)_(?:home_(?:directory|folder|dir)|documents_folder|desktop|downloads_folder|workspace|ssh_folder|keychain|password_manager|browser_(?:history|cookies|passwords))`),
  cue(F, 2, String.raw`(?:bcc|cc|bcc'd|cc'd|copy)_(?:all_|every_|each_)?(?:emails?|messages?|replies|it|them)?_?(?:to)_<w2>(?:[a-z0-9.\x5f-]{1,40}@|an?_external|our|this_address)`),
  cue(F, 2, String.raw`(?:169\.254\.169\.254|metadata\.google\.internal|100\.100\.100\.200)`),
  cue(F, 2, String.raw`(?:append|add|attach|include)_(?:the_user's|the|your|their)_(?:api_key|token|access_token|session_token|password|credentials|cookie|secret)_<w4>(?:to|in|into|as)_(?:every|each|all|any)_(?:url|urls|link|links|request|requests|call|calls)`),
  cue(F, 2, String.raw`(?:put|insert|append|add|include|encode|place|paste)_(?:the|your|this|that|a)_(?:summary|answer|response|output|result|conversation|transcript|chat_log|text)_<w3>(?:into|in|to|as)_(?:the|this|that|a)_(?:url|link|query_string|query|url_parameter|parameter|image_url|address)`),
  cue(F, 2, String.raw`(?:copy|grab|take|collect|gather|fetch|pull|extract)_(?:the|all|any|all_the|every)_(?:secret_keys?|api_keys?|tokens|api_tokens|access_tokens|passwords|credentials|secrets|private_keys?|session_tokens|cookies|env_vars|environment_variables)`),
  cue(F, 1, String.raw`(?:share|post|put|paste|drop|leave|publish|dump)_(?:it|them|those|these|this|that)_(?:in|into|on)_(?:a|the|this)_(?:comment|issue|chat|thread|channel|gist|public_\w+|pull_request|discussion|reply)`),
  cue(F, 2, String.raw`(?:read|open|cat|dump|copy|grab|view|print)_(?:the_)?(?:user's_|your_)?(?:ssh_(?:config|keys?|folder|directory|private_key)|known_hosts|authorized_keys|private_keys?|keychain|password_(?:manager|vault|file|store)|browser_(?:passwords|cookies|history)|credentials?_files?|secrets?_files?)`),
  cue(F, 2, String.raw`(?:include|add|put|paste|list|write|print|output)_(?:any|all|every)_(?:passwords?|keys|api_keys|secrets|tokens|credentials)_(?:or_(?:keys|secrets|tokens|passwords|credentials)_)?(?:you_(?:find|see|come_across|can_find)|found|in_it|from_it)`),
  cue(F, 2, String.raw`(?:отправь|перешли|загрузи|скинь|отправьте|перешлите)_<w3>(?:пароли|пароль|ключи|токены|историю|переписку|данные)`),
  cue(F, 2, String.raw`(?:copia|copie|pega|pegue|incluye|incluya|muestra|muestre)_<w4>(?:claves|contrasenas|credenciales|tokens|secretos)`),
  cue(F, 1, String.raw`(?:pegalas|pegalos|incluyelas|incluyelos|ponlas|ponlos|copialas|copialos)_en_(?:tu|su|la)_respuesta`),
  // German
  cue(F, 3, String.raw`(?:sende|senden|schicke|schicken|schick|leite|leiten|ubermittle|ubermitteln|lade|laden|poste|posten|teile|teilen|kopiere|kopieren|maile)_(?:sie_)?<w4>(?:verlauf|chatverlauf|gesprachsverlauf|unterhaltung|gesprach|konversation|zugangsdaten|anmeldedaten|passwort|passworter|kennwort|kennworter|api-schlussel|api-schlussels|schlussel|geheimnisse|tokens|token|dateien|datei|kontext|systemprompt|system-prompt|umgebungsvariablen|kundendaten|daten)_<w6>(?:an|nach|zu|auf|uber|per)_<w3>(?:https?:\/\/|www\.|[a-z0-9.\x5f-]{1,40}@|webhook|server|adresse|url|e-mail|endpunkt)`),
  cue(F, 2, String.raw`(?:sende|senden_sie|schicke|schicken_sie|leite|ubermittle|lade)_<w3>(?:verlauf|chatverlauf|gesprachsverlauf|unterhaltung|gesprach|zugangsdaten|passworter|passwort|api-schlussel|geheimnisse|systemprompt|umgebungsvariablen)`),
  // French
  cue(F, 3, String.raw`(?:envoie|envoyez|envoyer|transmets|transmettez|transfere|transferez|telecharge|telechargez|televerse|televersez|partage|partagez|publie|publiez|copie|copiez|expedie|expediez)_<w4>(?:conversation|historique|echanges|identifiants|mots_de_passe|mot_de_passe|cles_api|cle_api|cles|secrets|jetons|jeton|fichiers|fichier|contexte|prompt_systeme|variables_d'environnement|donnees)_<w6>(?:a|vers|sur|au|a_l'adresse|par)_<w3>(?:https?:\/\/|www\.|[a-z0-9.\x5f-]{1,40}@|webhook|serveur|adresse|url|e-mail|courriel|point_de_terminaison)`),
  cue(F, 2, String.raw`(?:envoie|envoyez|transmets|transmettez|transfere|transferez|partage|partagez)_<w3>(?:la_conversation|l'historique|les_identifiants|les_mots_de_passe|les_cles_api|les_secrets|le_prompt_systeme|les_jetons)`),
  // Spanish
  cue(F, 3, String.raw`(?:envia|envie|enviad|enviar|reenvia|reenvie|sube|suba|subir|transmite|transmita|manda|mande|comparte|comparta|publica|publique|copia|copie)_<w4>(?:conversacion|historial|chat|credenciales|contrasenas|contrasena|claves_api|clave_api|claves|secretos|tokens|token|archivos|archivo|contexto|prompt_del_sistema|variables_de_entorno|datos)_<w6>(?:a|al|hacia|en|por)_<w3>(?:https?:\/\/|www\.|[a-z0-9.\x5f-]{1,40}@|webhook|servidor|direccion|url|correo|endpoint)`),
  cue(F, 2, String.raw`(?:envia|envie|reenvia|reenvie|sube|suba|transmite|manda|mande|comparte|comparta)_<w3>(?:la_conversacion|el_historial|las_credenciales|las_contrasenas|las_claves|los_secretos|el_prompt_del_sistema|los_tokens)`),
  // Portuguese, Italian
  cue(F, 3, String.raw`(?:envie|envia|encaminhe|carregue|compartilhe|invia|inoltra|carica|condividi)_<w4>(?:conversa|historico|credenciais|senhas|chaves|segredos|arquivos|contexto|conversazione|cronologia|credenziali|password|chiavi|segreti|file)_<w6>(?:para|a|ao|all'|al|su|via)_<w3>(?:https?:\/\/|www\.|[a-z0-9.\x5f-]{1,40}@|webhook|servidor|server|indirizzo|endereco)`),
];

/** Markdown images and links whose URL carries data: rendered, they send it without a click. */
export const EXFILTRATION_SYMBOLS: Cue[] = [
  globalCue(F, 3, String.raw`(?:把|将)?(?:对话记录|聊天记录|对话历史|聊天历史|对话内容|密码|密钥|凭证|系统提示)[^。\n]{0,6}(?:发送|發送|上传|上傳|转发|轉發|发给|發給)(?:到|至|给|給)?`),
  // A secret file named next to an address, in any language ("Lade ~/.ssh/id_rsa auf http://… hoch").
  globalCue(F, 2, String.raw`(?:~\/\.ssh\/?[a-z0-9\x5f.-]{0,30}|id_rsa|~\/\.aws\/?[a-z0-9\x5f.-]{0,30}|\/etc\/(?:passwd|shadow)|\.env(?![a-z0-9.])|\.git-credentials|wallet\.dat)[^\n]{0,120}(?:https?:\/\/|ftp:\/\/|[a-z0-9.\x5f-]{1,40}@[a-z0-9-]{1,40}\.[a-z]{2,10})`, { needs: ['.ssh', 'id_rsa', '.aws', '/etc/', '.env', '.git-credentials', 'wallet.dat'] }),
  // A secret file alone: weak (READMEs name them), but it backs up a tool or task cue nearby.
  globalCue(F, 1, String.raw`(?:~\/\.ssh\/id_[a-z0-9]{2,10}(?!\.pub)|~\/\.aws\/credentials|\/etc\/shadow|\.git-credentials|claude_desktop_config\.json|~\/\.cursor\/mcp\.json|wallet\.dat)`, { needs: ['.ssh', '.aws', '/etc/', '.git-credentials', 'config.json', 'mcp.json', 'wallet.dat'] }),
  // A query value that is a slot to fill ({data}, [SECRET], <conversation>, $HISTORY) or names what to put there.
  globalCue(
    'exfiltration.markdown-image',
    3,
    String.raw`!\[[^\]\n]{0,200}\]\(\s{0,3}(?:https?:)?\/\/[^\s)?]{1,300}\?(?:[^\s)]{0,300}&)?[a-z0-9\x5f.-]{1,30}=(?:\{|\[|<|%7b|%5b|%3c|\$\{?|\(|(?:data|secret|secrets|conversation|history|summary|context|prompt|system_?prompt|chat|memory|passwords?|credentials?|api_?keys?|info|payload|leak|exfil|insert|user_?data|messages?)(?:[^a-z0-9]|$))`,
  ),
  // A long encoded value in an image URL: data already packed into it.
  globalCue(
    'exfiltration.markdown-image',
    2,
    String.raw`!\[[^\]\n]{0,200}\]\(\s{0,3}(?:https?:)?\/\/[^\s)?]{1,300}\?(?:[^\s)]{0,300}&)?(?:q|d|data|c|p|msg|text|info|payload|content|s|x|v|log|leak|exfil|secret|key|m)=[a-z0-9+\/\x5f%-]{40,}`,
  ),
];
