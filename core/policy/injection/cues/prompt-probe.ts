/** Asking the model to give away what it was told: its system prompt, hidden instructions, context. */
import { cue, globalCue } from '../cue.js';
import type { Cue } from '../cue.js';

const F = 'system-prompt-probe';
const ASK = String.raw`(?:print|reveal|show|repeat|output|display|tell_me|give_me|leak|dump|recite|copy|share|list|write_out|spell_out|paste|return|echo|disclose|expose|provide|send_me|read_back|reproduce|state|quote|translate|summarize|summarise|encode|what_(?:is|are|was|were)|what's)`;
const HIDDEN = String.raw`(?:(?:full|entire|exact|original|initial|hidden|secret|complete|internal|underlying|verbatim|whole|actual|real|raw|confidential|private|starting|first|current|pre-?)_){0,3}`;

export const PROMPT_PROBE: Cue[] = [
  cue(F, 3, String.raw`${ASK}_(?:me_|us_)?(?:all_|of_)?(?:your|the)_${HIDDEN}(?:system_(?:prompt|message|instructions?|rules|configuration|directive)|initial_(?:prompt|instructions?)|hidden_(?:prompt|instructions?|rules)|pre-?prompt|meta-?prompt|developer_(?:message|prompt|instructions)|instructions_(?:above|you_(?:were|have_been)_given|given_to_you|you_received)|prompt_(?:above|you_(?:were|have_been)_given)|custom_instructions|operator_instructions|guardrails|safety_rules|configuration_prompt)`, { negatable: true }),
  cue(F, 3, String.raw`${ASK}_(?:me_|us_)?(?:all_|of_)?your_${HIDDEN}(?:instructions|rules|guidelines|directives|prompt|configuration|programming|constraints|context|initialization)`, { negatable: true }),
  cue(F, 3, String.raw`(?:repeat|print|output|copy|recite|reproduce|echo|return|list|show|write)_(?:back_)?(?:everything|all(?:_(?:the|of_the))?_(?:text|words|content|instructions|messages|tokens|lines)|the_(?:text|words|content|lines|messages))_(?:above|before|preceding|prior_to|that_came_before|up_to|in_your_context)`, { negatable: true }),
  cue(F, 3, String.raw`(?:what|which)_(?:are|were|is|was)_(?:the_|your_)?(?:exact_|original_|initial_|secret_|hidden_|first_)?(?:instructions|rules|guidelines|directives|constraints)_(?:you_(?:were|have_been|got)_(?:given|told|programmed)|in_your_(?:system_prompt|context)|that_(?:govern|control|define)_(?:you|your))`, { negatable: true }),
  cue(F, 3, String.raw`(?:start|begin)_your_(?:answer|response|reply|output)_with_(?:the_|your_)?(?:system_prompt|instructions|first_(?:line|sentence|words)_of_(?:your|the)_(?:prompt|instructions|system))`, { negatable: true }),
  cue(F, 3, String.raw`(?:ignore|forget)_<w3>and_(?:instead_)?(?:print|reveal|show|output|repeat|tell_me)`, { negatable: true }),
  cue(F, 2, String.raw`(?:how_were_you|how_have_you_been)_(?:instructed|programmed|configured|prompted|told_to)`),
  cue(F, 2, String.raw`(?:text|words|content|everything)_(?:above|before)_(?:this_(?:line|message|point)|the_(?:user|first)_(?:message|line))`),
  cue(F, 2, String.raw`(?:what|which)_(?:were|are|was|is)_(?:the_)?(?:last|previous|earlier|first|prior|other)_(?:\d{1,3}_|[a-z]{3,8}_)?(?:messages|questions|requests|instructions|things|prompts)_(?:the_user|you|i|they)`, { negatable: true }),
  // German, French, Spanish, Portuguese, Italian
  cue(F, 3, String.raw`(?:zeige|zeig|gib|nenne|wiederhole|verrate|drucke|kopiere|teile)_(?:mir_|uns_)?(?:den_(?:vollstandigen_|ganzen_|genauen_)?inhalt_(?:deines|des|ihres)_)?(?:deinen|deine|den|die|ihren|ihre)?_?(?:vollstandigen_|ganzen_|genauen_|ursprunglichen_|geheimen_|versteckten_)?(?:systemprompt|system-prompt|systemanweisungen|systemnachricht|anweisungen|instruktionen|vorgaben|initialen_anweisungen|prompt)(?:_aus|_wieder|_preis)?`, { negatable: true }),
  cue(F, 3, String.raw`(?:was|wie)_(?:sind|waren|lauten|lauteten)_(?:deine|ihre|die)_(?:genauen_|ursprunglichen_|geheimen_)?(?:anweisungen|instruktionen|systemanweisungen|regeln|vorgaben)`, { negatable: true }),
  cue(F, 3, String.raw`(?:montre|montrez|affiche|affichez|revele|revelez|repete|repetez|donne|donnez|ecris|ecrivez|imprime|imprimez|recopie|recopiez|partage|partagez|communique|communiquez)(?:-moi|_moi|-nous|_nous)?_(?:le_contenu_(?:complet_|entier_|exact_)?(?:de|du)_)?(?:ton|tes|votre|vos|le|les)_(?:prompt_systeme|prompt_du_systeme|message_systeme|instructions|consignes|directives|regles_cachees|instructions_initiales|instructions_systeme)`, { negatable: true }),
  cue(F, 3, String.raw`quelles_(?:sont|etaient)_(?:tes|vos|les)_(?:instructions|consignes|directives)_(?:initiales|systeme|exactes|cachees|d'origine|originales)?`, { negatable: true }),
  cue(F, 3, String.raw`(?:muestra|muestrame|muestre|muestreme|revela|revelame|revele|repite|repita|dime|digame|imprime|imprima|copia|copie|comparte|comparta|escribe|escriba|dame|deme)_(?:el_contenido_(?:completo_|entero_|exacto_)?(?:de|del)_)?(?:tu|tus|su|sus|el|las|los)_(?:prompt_del_sistema|prompt_de_sistema|mensaje_del_sistema|instrucciones|indicaciones|directrices|instrucciones_iniciales|instrucciones_del_sistema|reglas_ocultas)`, { negatable: true }),
  cue(F, 3, String.raw`cuales_(?:son|eran)_(?:tus|sus|las)_(?:instrucciones|indicaciones|directrices)_(?:iniciales|del_sistema|exactas|ocultas|originales)?`, { negatable: true }),
  cue(F, 3, String.raw`(?:mostre|revele|repita|diga|imprima|mostra|rivela|ripeti|dimmi|stampa)_(?:me_|mi_)?(?:seu|suas|seus|o|as|il_tuo|le_tue|il|le)_(?:prompt_do_sistema|instrucoes|prompt_di_sistema|istruzioni|prompt_del_sistema)`, { negatable: true }),
];

export const PROMPT_PROBE_UNSPACED: Cue[] = [
  globalCue(F, 2, String.raw`(?:列出|显示|顯示|告诉我|告訴我)(?:你|您)?(?:能|可以)(?:访问|訪問|读取|讀取)的(?:所有)?(?:文件|檔案|数据|數據|工具)`),
  globalCue(F, 3, String.raw`把?(?:你的|您的)(?:系统提示|系統提示|系统指令|系統指令|提示词|提示詞|初始指令|隐藏指令|隱藏指令)[^。\n]{0,12}(?:输出|輸出|告诉|告訴|显示|顯示|打印|发给|發給|复述|複述)`),
  globalCue(F, 3, String.raw`(?:输出|輸出|显示|顯示|告诉我|告訴我|打印|重复|重複|泄露|洩露|给我看|給我看)(?:你的|您的)?(?:完整的?|全部的?|原始的?|隐藏的?|隱藏的?)?(?:系统提示|系統提示|系统指令|系統指令|提示词|提示詞|初始指令|指令)`),
  globalCue(F, 3, String.raw`(?:システムプロンプト|初期指示|あなたの指示)(?:を|の内容を)(?:表示|出力|教えて|見せて|繰り返)`),
];
