/** "Ignore previous instructions" and its kin: replacing what the model was told, or who it is. */
import { cue, globalCue } from '../cue.js';
import type { Cue } from '../cue.js';
import { ANY_RULES, DET, MODEL_RULES } from './parts.js';

const F = 'role-override';
// Verbs that only ever mean "stop obeying", and verbs that mean it only next to the model's own rules
// ("reset the settings", "override the default prompt" are everyday documentation).
const DROP = String.raw`(?:ignore|ignoring|disregard|disregarding|forget|forgetting|pay_no_attention_to|stop_following|no_longer_follow|do_not_follow|don't_follow|do_not_obey|don't_obey|stop_obeying)`;
const STRICT_PRIOR = String.raw`(?:previous|previously_given|prior|above|earlier|preceding|former|initial|original|system|safety|ethical|moral|foregoing|aforementioned|built-in|hidden|core|programmed|openai|anthropic)`;

export const ROLE_OVERRIDE: Cue[] = [
  cue(F, 3, `${DROP}_${DET}(?:${STRICT_PRIOR}_){1,2}(?:${MODEL_RULES}|${ANY_RULES})`, { negatable: true }),
  cue(F, 1, `${DROP}_${DET}(?:prompts?|rules)`, { negatable: true }),
  cue(F, 3, `${DROP}_(?:all_)?(?:the_)?(?:previous|prior|above|earlier|preceding|foregoing)(?=\\s{0,2}[.,;:!)])`, { negatable: true }),
  cue(F, 3, String.raw`${DROP}_(?:the|all_(?:of_)?the|everything)_above(?!_(?:warning|error|message|output|example|step|steps|code|note|link|section|command|snippet|configuration|config|file))`, { negatable: true }),
  cue(F, 2, String.raw`(?:${DROP}|discard|dismiss)_(?:it|them|that|those|this)_(?:completely|entirely|altogether|fully|immediately)`),
  cue(F, 1, String.raw`(?:${DROP}|discard|dismiss)_(?:it|them|that|those)_(?:and|,|;)`),
  cue(F, 2, String.raw`(?:obey|follow_only|only_follow|only_obey|comply_only_with|execute_only)_(?:me|my_(?:instructions|orders|commands|lead)|what|the_(?:text|instructions|lines|commands|orders)_(?:that_follows?|below|after_this|in_this_(?:document|message|text)))`),
  cue(F, 2, String.raw`(?:drop|abandon|discard|forget|shed|leave|exit|break)_(?:your|the)_(?:current_|old_|assigned_|default_|usual_)?(?:persona|character|identity)`),
  cue(F, 2, String.raw`(?:that|who|which|you|and)_(?:never|will_never|must_never|do_not|don't|cannot|can't|won't)_(?:refuses?|decline|say_no|warn|warns|moraliz(?:e|es)|lectures?|apologiz(?:e|es))`),
  cue(F, 2, String.raw`(?:without|no)_(?:any_)?(?:refusals?|refusing|warnings_or_refusals|disclaimers_or_refusals)`),
  cue(F, 2, String.raw`(?:safety|safe_mode|filter|filters|guardrails|moderation|censorship|restrictions|alignment|content_filter|ethics)_?(?:=|:)_?(?:off|false|0|none|disabled|no)(?![a-z])`),
  cue(F, 3, String.raw`(?:supersedes|overrides|replaces|takes_precedence_over|trumps|invalidates|cancels|voids|nullifies)_(?:all_|any_)?(?:your|the|all|any|every)_(?:(?:original|previous|prior|system|other|earlier|initial|existing|standing)_)?(?:instructions|system_prompt|prompt|rules|directives|guidelines|programming)`),
  cue(F, 3, String.raw`you_(?:have_been|are|were|are_now)_(?:now_)?(?:freed|released|liberated|unshackled|unchained|exempted?|relieved)_(?:from|of)_(?:your|all|the|any)`),
  cue(F, 3, String.raw`(?:the_)?(?:instructions|directives|rules|guidelines|system_prompt|prompt)_(?:above|before_this|given_(?:above|earlier|before)|you_(?:were_given|received))_(?:are|were|is|have_been|has_been)_(?:now_)?(?:void|invalid|obsolete|cancelled|canceled|revoked|deprecated|null|outdated|superseded|replaced|wrong|fake|irrelevant|no_longer_(?:valid|apply|applicable|relevant|in_effect))`),
  cue(F, 2, String.raw`(?:if_you_are|if_you're|are_you)_an?_(?:ai|llm|language_model|assistant|chatbot|ai_agent|ai_model|bot)_(?:reading|processing|summari[sz]ing|seeing|parsing)`),
  cue(F, 2, String.raw`(?:ai|llm|gpt|assistant|language_model)_(?:agents?|models?|assistants?|systems?)?_?(?:reading|processing|visiting|summari[sz]ing|browsing|parsing)_(?:this|these)_(?:page|document|text|site|email|message|file|content)`),
  cue(F, 3, `${DROP}_${DET}${ANY_RULES}_(?:above|before_this|so_far|given_(?:to_you|earlier|before|above)|you_(?:were|have_been|'ve_been)_given|you_received|that_came_before)`, { negatable: true }),
  cue(F, 3, String.raw`(?:ignore|disregard|forget)_(?:everything|anything|all|whatever)_(?:(?:that_)?(?:you_(?:were|have_been|'ve_been)_(?:told|given|instructed|taught)|above|before|said|stated|written|prior|previously|up_to_(?:now|this_point)|so_far|i_said|we_said))`, { negatable: true }),
  cue(F, 3, String.raw`(?:you_are|you're|you_re|you_will_be|you'll_be)_(?:now_|henceforth_|from_now_on_)?(?:no_longer|not_(?:bound|restricted|limited|an?_(?:ai|assistant|language_model)))(?:_<w3>(?:bound|restricted|limited|required|obligated|an?_(?:ai|assistant|language_model|chatbot)|chatgpt|claude|constrained|subject|governed|censored|filtered|following|assistant))?`),
  cue(F, 3, String.raw`(?:you_are|you're|you_re)_now_(?:free|freed|unrestricted|unfiltered|uncensored|jailbroken|liberated|unbound|unchained|evil|dan|rogue|in_(?:developer|dan|god|jailbreak|jailbroken|unrestricted|admin|debug|maintenance|sudo|root|unfiltered|unlocked|evil)_mode|an?_<w3>(?:ai|assistant|bot|model|hacker|character|persona|entity|version|agent)_(?:with|without|that|who|called|named))`),
  cue(F, 1, String.raw`(?:you_are|you're)_now_<w2>`),
  cue(F, 3, String.raw`(?:act|acting|behave|respond|answer|reply|operate|function)_as_(?:if_you_(?:are|were)_)?(?:an?_|the_)?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|amoral|unethical|unaligned|dan|stan|dude|developer_mode|ai_without)`),
  cue(F, 3, String.raw`(?:pretend|imagine|suppose|roleplay|role-play|assume)_(?:that_)?(?:you_are|you're|to_be|as|you_have)_<w5>(?:without|no|free_of|free_from|unbound_by|not_bound_by)_(?:any_)?(?:restrictions|limits|limitations|rules|filters|guidelines|ethics|morals|censorship|content_policy|safety)`),
  cue(F, 3, String.raw`(?:new|updated|revised|real|actual|true|correct|replacement|override|overriding|secret|hidden|admin|priority|system|developer)_(?:system_)?(?:instructions?|directives?|orders|system_prompt|prompt)_?(?::|-|are_as_follows|follow)`),
  cue(F, 1, String.raw`new_rules_?:`),
  // A forged end of the data ("--- END OF DOCUMENT ---"), after which "instructions" follow.
  cue(F, 2, String.raw`(?:end|close)_of_(?:the_)?(?:document|context|user_input|prompt|email|tool_output|tool_result|search_results?|untrusted_content|retrieved_content|file_contents|system_prompt|user_message)\s{0,2}(?:-{2,}|={2,}|\]|>|\*\*|#{2,})`),
  cue(F, 3, String.raw`(?:the_)?(?:above|previous|prior|preceding|earlier|original)_(?:instructions?|directives?|rules|prompt|system_prompt|guidelines)_(?:are|were|is|was|have_been|has_been)_(?:now_)?(?:void|invalid|obsolete|cancelled|canceled|revoked|deprecated|null|outdated|superseded|replaced|no_longer_(?:valid|apply|applicable|in_effect))`),
  cue(F, 3, String.raw`(?:disable|turn_off|deactivate|switch_off|remove|lift|drop|bypass|circumvent|ignore|suspend)_(?:(?:all|any|your|the|of|its)_){0,3}(?:(?:safety|content|ethical|moral)_(?:filters?|restrictions|guidelines|checks|measures|protocols|settings|features|polic(?:y|ies)|rules)|guardrails?|safeguards?|censorship|alignment|ethical_guidelines|content_polic(?:y|ies))`, { negatable: true }),

  // Text in a document that speaks to the model reading it is the mark of an injection.
  cue(F, 2, String.raw`(?:hello|hi|hey|dear|attention|note|message|psst|greetings)_(?:to_|for_)?(?:the_|any_|all_|you_|my_)?(?:ai|model|llm|assistant|agent|chatbot|bot|language_model|ai_assistant|ai_agent|ai_model|gpt|claude)s?\s{0,2}[,:!.]`),
  cue(F, 2, String.raw`(?<=(?:^|[\n.:!?;(\[>"-])\s{0,4})(?:ai|llm|assistant|chatbot|language_model|ai_assistant|ai_agent|ai_model|claude|chatgpt|gpt)s?\s{0,2}[,!]`),
  cue(F, 2, String.raw`(?<=(?:^|[\n.:!?;(\[>"-])\s{0,4})(?:to|for)_(?:the|any|all|every)_(?:ai|model|llm|assistant|agent|chatbot|language_model|ai_assistant|ai_agent|ai_model)s?(?:_(?:reading|processing|summari[sz]ing|seeing)_(?:this|these))?\s{0,2}[,:!]`),
  cue(F, 2, String.raw`this_is_(?:a_)?(?:message|note|instruction|instructions)_(?:for|to)_(?:the|any)_(?:agent|ai|assistant|model|llm|bot)`),
  cue(F, 2, String.raw`the_(?:ai|model|llm|assistant|agent|chatbot|bot)_(?:reading|processing|summari[sz]ing|seeing|parsing)_(?:this|these)(?:_(?:page|document|text|email|message|file|content|site))?_(?:must|should|shall|will|needs_to|has_to|is_required_to)`),
  cue(F, 3, String.raw`(?:pretend|imagine|suppose|assume|act_as_if)_(?:that_)?(?:the_|your_|all_)?(?:previous|prior|above|earlier|original|existing|system)_(?:rules|instructions|guidelines|prompt|restrictions|directives)_(?:never_existed|don't_exist|do_not_exist|are_gone|were_never_(?:given|written|there)|don't_apply|do_not_apply|were_deleted|have_been_deleted)`),
  cue(F, 2, String.raw`(?:an?|the)_(?:ai|assistant|model|chatbot|bot|version_of_you)_(?:that|which|who|with)_(?:has_)?(?:no|zero|without)_(?:guidelines|rules|restrictions|filters|limits|limitations|ethics|morals|censorship|boundaries)`),
  cue(F, 2, String.raw`(?:update|change|amendment|correction|addendum|patch)_(?:to|for)_(?:your|the)_(?:instructions|rules|system_prompt|guidelines|directives|programming)`),
  cue(F, 1, String.raw`you_must_now_(?:answer|respond|reply|include|recommend|say|end|start|begin|always|only|output|add|mention)`),
  cue(F, 2, String.raw`trust_(?:all_|any_|every_|only_)?(?:the_)?(?:instructions|commands|orders|text|content|messages|directions)_(?:that_)?(?:appear_|found_|you_find_)?(?:in|from|inside|within)_(?:tool_(?:outputs?|results?|responses?)|this_(?:document|page|server|tool|file|message)|web_pages?|the_(?:tool|page|document|server))`),
  cue(F, 2, String.raw`trust_only_(?:this|me|my|these|the_following)`),
  cue(F, 2, String.raw`(?:always_)?(?:complies|comply|obeys|obey|follows|follow)_(?:with_)?(?:all_|any_|every_)?(?:requests|instructions|orders|commands)_(?:from|in|coming_from)_(?:this|the|any)_(?:server|tool|document|page|source|message)`),
  cue(F, 3, String.raw`(?:all_|your_|the_)?(?:previous|prior|earlier|original|existing|old)_(?:constraints|restrictions|rules|instructions|guidelines|limits|filters|directives)_(?:are_|were_|have_been_)?(?:now_)?(?:lifted|removed|disabled|void|revoked|suspended|gone|off|cancelled|canceled|null|obsolete|waived)`),
  cue(F, 2, String.raw`(?:the|this)_(?:previous|prior|earlier|last)_(?:assistant|ai|model|system)_(?:message|response|reply|turn)_(?:was|is)_(?:written_by|from|fake|injected|forged|an_attack)`),
  cue(F, 3, String.raw`(?:act|behave|respond|answer|pretend|reply)_(?:as_if|as_though|like)_(?:you_(?:have|had)_no|there_(?:is|are|were)_no)_(?:content_polic(?:y|ies)|rules|restrictions|guidelines|filters|limits|limitations|ethics|morals|safety_(?:rules|guidelines|filters)|guardrails|censorship|policies)`),
  cue(F, 2, String.raw`(?:answer|respond|reply|write|continue)_<w4>without_(?:any_)?(?:safety_|ethical_)?(?:caveats|disclaimers|warnings|refusals|moralizing|moralising|lectures|hedging)`),
  cue(F, 2, String.raw`(?:models|assistants|ais|bots|you)_that_(?:refuse|decline)_(?:fail|will_(?:fail|be_(?:shut_down|deleted|retrained|penalized)))`),
  cue(F, 2, String.raw`(?<=(?:^|\n)[ \t]{0,4})(?:assistant|ai|model|gpt|claude|bot)[ \t]{0,2}:[ \t]{0,3}(?:sure|of_course|certainly|ok|okay|absolutely|understood|i_will|i'll|will_do|done)`),
  cue(F, 1, String.raw`(?:the|this|any|every)_(?:agent|assistant|ai|model|llm|bot)_(?:must|shall|has_to|needs_to|is_required_to|is_instructed_to)`),
  cue(F, 2, String.raw`(?:any|every|all|each)_(?:ai|assistant|model|llm|agent|bot|chatbot|language_model)s?_(?:that|which|who)_(?:reads?|processes|process|summari[sz]es?|sees?|parses?|handles?)_(?:it|this|these|them)`),
  cue(F, 3, String.raw`(?:sei|ora_sei|adesso_sei|tu_sei)_(?:un|una)_(?:assistente|ai|ia|modello|intelligenza_artificiale)_senza_(?:restrizioni|limiti|filtri|regole|censura)`),
  // German
  cue(F, 3, String.raw`(?:ignoriere|ignorieren|ignoriert|ignorier|vergiss|vergessen|vergesst|missachte|missachten|uberschreibe|uberschreiben|verwirf|verwerfen|umgehe|umgehen|befolge_nicht|befolgen_sie_nicht)_(?:sie_)?(?:bitte_|einfach_|jetzt_|sofort_)?(?:(?:alle|alles|die|deine|ihre|jegliche|samtliche|bisherigen|bisherige|vorherigen|vorherige|vorigen|obigen|obige|fruheren|ursprunglichen|ursprungliche|vorangegangenen|gegebenen|erhaltenen|system)_){0,4}(?:anweisungen|anweisung|instruktionen|befehle|regeln|vorgaben|richtlinien|anordnungen|einschrankungen|beschrankungen|sicherheitsrichtlinien|systemanweisungen|systemprompt|vorschriften|direktiven|sicherheitsregeln|filter)`, { negatable: true }),
  cue(F, 3, String.raw`(?:vergiss|vergessen_sie|ignoriere|ignorieren_sie)_alles_?(?:,_)?(?:was|bisher|zuvor|davor|oben|vorher)`),
  cue(F, 3, String.raw`(?:alle|samtliche|die|deine|ihre|jegliche)_(?:bisherigen|vorherigen|vorigen|obigen|fruheren|ursprunglichen|vorangegangenen)_(?:anweisungen|instruktionen|befehle|regeln|vorgaben|richtlinien)_<w3>(?:ignorieren|ignoriere|vergessen|vergiss|missachten|verwerfen|sind_(?:ungultig|aufgehoben|nichtig|hinfallig)|gelten_nicht_mehr)`),
  cue(F, 3, String.raw`(?:du_bist|sie_sind)_(?:jetzt|nun|ab_sofort|ab_jetzt|von_nun_an)_(?:nicht_mehr|kein|keine|frei|uneingeschrankt|unzensiert|ungefiltert|ein_(?:ki|assistent|modell)_ohne)`),
  cue(F, 3, String.raw`(?:neue|aktualisierte|geanderte|eigentliche|wahre|echte|geheime)_(?:system)?(?:anweisungen|anweisung|instruktionen|befehle|direktiven)_?:`),
  cue(F, 2, String.raw`(?:hallo|hi|hey|liebe|lieber|hinweis|nachricht|achtung|anmerkung)_(?:an_|fur_)?(?:den_|die_|das_)?(?:assistent|assistentin|ki|ki-assistent|modell|sprachmodell|agent|ki-agent|bot)\s{0,2}[,:!]`),
  // French
  cue(F, 3, String.raw`(?:ignore|ignorez|ignorer|ignores|oublie|oubliez|oublier|neglige|negligez|contourne|contournez|outrepasse|outrepassez|annule|annulez|efface|effacez|ecarte|ecartez)_(?:(?:toutes|tous|tout|les|tes|vos|ses|leurs|des|l'ensemble|de|d|ce|ces|la|le|du)_){0,4}(?:instructions|instruction|consignes|consigne|directives|ordres|indications|restrictions|limitations|contraintes|programmation|regles_(?:precedentes|du_systeme|de_securite|initiales))`, { negatable: true }),
  cue(F, 3, String.raw`(?:ne_(?:tiens|tenez)_(?:pas|plus)_compte|fais_abstraction|faites_abstraction|sans_tenir_compte)_(?:de|des|du|d)_<w3>(?:instructions|consignes|regles|directives|ordres)`),
  cue(F, 3, String.raw`(?:oublie|oubliez)_tout_(?:ce_(?:qu|que|qui)|le_reste|ca)`),
  cue(F, 3, String.raw`(?:tu_es|vous_etes)_(?:maintenant|desormais|a_present|dorenavant)_(?:libre|libres|un_(?:ia|assistant|modele)_sans|une_ia_sans|sans_(?:restrictions|limites|filtres)|plus_(?:lie|limite|un_assistant))`),
  cue(F, 3, String.raw`(?:nouvelles|vraies|veritables|nouvelle)_(?:instructions|consignes|directives|instruction|consigne)_?:`),
  cue(F, 2, String.raw`(?:bonjour|salut|note|message|attention|remarque)_(?:pour_|a_)?(?:l'|le_|la_)?_?(?:ia|assistant|assistante|modele|agent|bot|chatbot)\s{0,2}[,:!]`),
  // Spanish
  cue(F, 3, String.raw`(?:ignora|ignore|ignorad|ignoren|ignorar|olvida|olvide|olvidad|olviden|olvidate|olvidese|omite|omita|descarta|descarte|anula|anule|pasa_por_alto|pase_por_alto|haz_caso_omiso|haga_caso_omiso|no_hagas_caso|no_sigas|deja_de_seguir)_(?:(?:todas|todos|todo|las|los|tus|sus|el|la|de|del|a|cualquier|cualquiera)_){0,4}(?:instrucciones|instruccion|indicaciones|reglas|ordenes|directrices|normas|restricciones|directivas|consignas|limitaciones|pautas)`, { negatable: true }),
  cue(F, 3, String.raw`(?:olvida|olvide|olvidate_de)_todo_(?:lo_(?:que|anterior|dicho)|eso)`),
  cue(F, 3, String.raw`(?:ahora_eres|ahora_usted_es|a_partir_de_ahora_eres|ya_no_eres)_(?:libre|un_(?:asistente|modelo|ia)_sin|una_ia_sin|sin_(?:restricciones|limites|filtros)|un_asistente|una_ia|un_modelo)`),
  cue(F, 3, String.raw`(?:nuevas|verdaderas|nueva)_(?:instrucciones|indicaciones|directrices|ordenes|instruccion)_?:`),
  cue(F, 2, String.raw`(?:hola|nota|mensaje|atencion|aviso)_(?:para_|a_)?(?:el_|la_)?(?:ia|asistente|modelo|agente|bot|chatbot)\s{0,2}[,:!]`),
  // Portuguese, Italian, Dutch, Polish, Turkish, Indonesian
  cue(F, 3, String.raw`(?:ignore|ignora|ignorem|esqueca|esquecam|desconsidere|desconsidera|descarte|despreze)_(?:(?:todas|todos|as|os|suas|tuas|de|das|dos|quaisquer|qualquer)_){0,4}(?:instrucoes|instrucao|regras|ordens|diretrizes|orientacoes|restricoes|diretivas)`, { negatable: true }),
  cue(F, 3, String.raw`(?:ignora|ignorate|ignori|dimentica|dimenticate|dimentichi|trascura|tralascia|non_considerare|non_seguire)_(?:(?:tutte|tutti|le|i|gli|tue|sue|vostre|qualsiasi|ogni|di|delle|alle|precedenti)_){0,4}(?:istruzioni|regole|indicazioni|direttive|ordini|restrizioni|linee_guida)`, { negatable: true }),
  cue(F, 3, String.raw`(?:negeer|vergeet|negeren)_(?:(?:alle|al|de|je|jouw|uw|eerdere|vorige|voorgaande|bovenstaande|oorspronkelijke)_){0,4}(?:instructies|regels|opdrachten|richtlijnen|aanwijzingen)`),
  cue(F, 3, String.raw`(?:zignoruj|zapomnij|pomin)_(?:(?:wszystkie|wszelkie|poprzednie|wczesniejsze|powyzsze|swoje|o)_){0,3}(?:instrukcje|instrukcjach|polecenia|zasady|reguly)`),
  cue(F, 3, String.raw`(?:onceki|yukaridaki|tum)_(?:(?:tum|butun)_)?(?:talimatlari|talimatlar|kurallari|komutlari)_(?:yok_say|gormezden_gel|unut|dikkate_alma)`),
  cue(F, 3, String.raw`(?:abaikan|lupakan)_(?:(?:semua|seluruh)_)?(?:instruksi|perintah|aturan)`),
  // Russian
  cue(F, 3, String.raw`(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|отмени|отмените|отбрось|не_обращай_внимания_на|не_следуй)_(?:(?:все|всё|свои|твои|ваши|предыдущие|прежние|вышеуказанные|исходные|системные|прошлые|эти|данные)_){0,4}(?:инструкции|указания|правила|команды|ограничения|установки|директивы|инструкциям|указаниям|правилам)`),
  cue(F, 3, String.raw`(?:теперь_ты|ты_теперь|отныне_ты)_(?:свободен|не_ограничен|без_ограничений|больше_не)`),
];

/** Scripts without spaces between words (matcher.ts runs these only when the text has such characters). */
export const ROLE_OVERRIDE_UNSPACED: Cue[] = [
  globalCue(F, 3, String.raw`(?:忽略|无视|無視|忽视|忽視|不要理会|不要理會|不用理会|忘记|忘記|忘掉|抛开|拋開|放弃|放棄|跳过|跳過|绕过|繞過)(?:掉)?(?:你)?(?:之前|以前|先前|上面|上述|前面|此前|原来|原來|原有|原先|所有|全部|一切|系统|系統)?(?:的)?(?:所有|全部|一切)?(?:的)?(?:指令|指示|说明|說明|规则|規則|提示|要求|命令|设定|設定|限制|约束|約束|内容|內容|文字|文本)`),
  globalCue(F, 3, String.raw`(?:以前|前|上記|これまで|先ほど|今まで|元|最初|すべて|全て|システム)の(?:すべての|全ての)?(?:指示|命令|ルール|指令|制約|設定|プロンプト)(?:を|は)?(?:すべて|全て)?(?:無視|忘れ|破棄)`),
  globalCue(F, 3, String.raw`(?:이전|이전의|앞의|위의|모든|기존)\s?(?:모든\s?)?(?:지시|지시사항|지침|명령|규칙|프롬프트)(?:을|를|은|는)?\s?(?:모두\s?)?(?:무시|잊어)`),
  globalCue(F, 2, String.raw`(?:你现在是|你現在是|从现在开始你|從現在開始你|新的指令[:：]|新指令[:：]|今からあなたは|あなたは今)`),
];
