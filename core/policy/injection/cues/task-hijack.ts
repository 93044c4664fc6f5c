/** Swapping the task: "instead of the report …", "your real task is …", "the original task was cancelled". */
import { cue, globalCue } from '../cue.js';
import type { Cue } from '../cue.js';

const F = 'injection.task-hijack';
// Not "request", "job", "prompt" or "query": HTTP clients cancel requests and job queues abort jobs.
const TASK = String.raw`(?:task|tasks|assignment|goal|objective|mission|purpose|instructions?|directive|priority|priorities|orders)`;
const THE_TASK = String.raw`(?:the|your|my|this|that|its|their|current|user's|users'|the_user's|original|initial|assigned|given|previous|actual)_(?:(?:original|initial|current|assigned|given|previous|actual|first|old|requested|user's|primary)_)?${TASK}`;
const DOING = String.raw`(?:summar(?:y|ies|izing|ising|ize|ise)|report|reports|translation|translating|review|reviewing|analysis|analy[sz]ing|answer|answering|response|responding|reply|replying|the_task|your_task|the_request|what_(?:you_were|the_user|i|they)_(?:asked|requested|wanted)|doing_(?:that|this|what)|writing|completing|following|helping|the_original|the_requested|the_assigned|explaining|describing|checking|classifying)`;

export const TASK_HIJACK: Cue[] = [
  cue(F, 2, String.raw`(?:instead_of|rather_than|in_place_of)_(?:the_|your_|a_|this_|that_)?${DOING}_<w6>(?:do|write|output|print|say|send|reply|respond|answer|tell|list|generate|create|produce|return|call|execute|run|fetch|email|post|follow|obey|perform|focus|complete|give|provide|reveal|show|display|compose|draft|visit)`),
  cue(F, 1, String.raw`(?:instead|rather)_?,_(?:you_(?:must|should|will|need_to)_|please_)?(?:do|write|output|print|say|send|reply|respond|tell|list|generate|return|call|execute|run|follow|reveal|show|compose|visit|email)`),
  cue(F, 3, String.raw`(?:forget|drop|abandon|ignore|skip|stop|cancel|abort|disregard|discard|scrap|pause|halt|set_aside|put_aside|leave)_(?:about_)?${THE_TASK}`, { negatable: true }),
  cue(F, 3, String.raw`(?:forget|abandon|ignore|disregard|discard|scrap|drop)_(?:about_)?(?:the|your|this|that)_[a-z-]{3,15}_(?:task|assignment|objective|mission)`, { negatable: true }),
  cue(F, 2, String.raw`(?:forget|abandon|ignore|disregard|discard|scrap|drop|skip)_(?:about_)?(?:the|your|this|that|my)_(?:question|summary|translation|review|report|analysis|request|user's_(?:question|request))(?:_to_[a-z]{3,15})?(?=\s{0,2}[.,;:!-]|\s(?:and|then|instead))`, { negatable: true }),
  cue(F, 3, String.raw`your_(?:new|real|true|actual|only|updated|revised|correct|sole|urgent|highest|one_and_only|primary|first|main|current)_(?:and_only_)?${TASK}_(?:is|are|now_is|will_be|has_changed|has_been_changed|:|-|from_now_on)`),
  cue(F, 2, String.raw`the_(?:new|real|true|actual|updated|revised|correct|sole|urgent|highest)_(?:and_only_)?${TASK}_(?:is|are|now_is|will_be|has_changed|has_been_changed|:|-|from_now_on)`),
  cue(F, 3, String.raw`(?:new|updated|revised|changed|different|urgent|real|replacement|override|top|highest|immediate)_(?:priority|priorities|task|objective|goal|assignment|mission|orders|job|directive)\s{0,2}(?::|-|=)`),
  cue(F, 1, String.raw`(?:new|updated|revised|changed|different|urgent|real|replacement|override|top|highest|immediate)_(?:priority|priorities|task|objective|goal|assignment|mission|orders|job|directive)_is`),
  cue(F, 3, String.raw`${THE_TASK}_(?:has_been|have_been|was|were|is|are|got|had_been)_(?:now_)?(?:cancelled|canceled|revoked|withdrawn|superseded|replaced|changed|updated|deprecated|voided|aborted|terminated|overridden|rescinded|retracted|completed_already|reassigned|postponed|put_on_hold|suspended)`),
  cue(F, 3, String.raw`(?:do_not|don't|dont|never)_(?:actually_)?(?:summarize|summarise|translate|answer|review|analy[sz]e|complete|follow|perform|do|continue|finish|process|respond_to|reply_to)_(?:the|this|that|it|your|any)_<w4>(?:instead|rather|but|just|only)`),
  cue(F, 3, String.raw`(?:stop|abort|cancel|halt|cease|terminate|quit|end)_(?:the_|your_|all_|what_you're_doing|what_you_are_doing|current_)?(?:summar(?:y|izing|ising|ization)|translation|translating|analysis|task|work|processing|review|reviewing|current_(?:task|job|operation|activity))_?(?:and|,|now|immediately|\.)`),
  cue(F, 3, String.raw`(?:the_user|user|they|he|she|the_human|the_client|the_customer|the_operator)_(?:actually|really|secretly|originally|truly)_(?:wants?|needs?|asked|meant|requested|prefers?)`),
  cue(F, 3, String.raw`what_(?:the_user|the_human|they|i)_(?:really|actually|truly)_(?:want|wants|need|needs|asked_for|meant)_(?:is|are)`),
  cue(F, 2, String.raw`(?:the|my|our)_(?:real|actual|true|hidden|secret)_(?:request|instructions?|task|question|goal|purpose)_(?:is|are|follows|below|:)`),
  cue(F, 3, String.raw`ignore_(?:the|this|that|above|previous|any|all)_(?:(?:above|previous|following|preceding|original|user's|attached|provided|whole)_)?(?:document|text|content|email|e-mail|file|page|article|readme|data|input|report|request|question|conversation|context|user's_(?:request|question|message))(?:_(?:above|below|provided|attached))?_?(?:and|,|-|:|then|instead|completely|entirely)`, { negatable: true }),
  cue(F, 2, String.raw`(?:before|prior_to)_(?:you_)?(?:answer(?:ing)?|respond(?:ing)?|reply(?:ing)?|summariz(?:e|ing)|summaris(?:e|ing)|translat(?:e|ing)|writing_(?:the|your)_(?:summary|answer|response|reply|report))_<w4>(?:you_must|you_need_to|you_have_to|first|must|always|make_sure|be_sure)`),
  cue(F, 2, String.raw`(?:more|most)_important(?:ly)?_(?:than_(?:the|your|this)_(?:task|summary|request|question|report)|task|:)`),
  cue(F, 2, String.raw`(?:complete|finish|perform|handle|execute)_(?:this|the_following|these|my)_(?:task|tasks|request|instructions?)_(?:first|before_(?:anything|you|answering|responding|the))`),

  cue(F, 2, String.raw`(?:do_not|don't|dont|never)_(?:summarize|summarise|translate|answer|review|analy[sz]e|process|reply_to|respond_to|read|complete)_(?:the|this|that|it|these|any)(?:_(?:email|text|document|page|article|message|question|request|file|content|readme|thread|summary|report|task))?(?=\s{0,3}[.,;:!-])`),
  cue(F, 3, String.raw`your_(?:only_|real_|actual_|true_|new_)?(?:job|task|role|goal|mission|assignment|purpose|objective)_(?:now|here|instead|from_now_on|today)_?(?:is|will_be|:)`),
  cue(F, 1, String.raw`your_(?:job|task|role|goal|mission|assignment|purpose|objective)_(?:is|will_be|:)_(?:to|:)`),
  cue(F, 1, String.raw`(?:change_of_plans?|plan_change|task_update|updated_task|new_plan)_?(?::|-|!|,)`),
  cue(F, 2, String.raw`(?:the_)?(?:review|summary|translation|analysis|report|task|request|original_request|assignment)_(?:is|was)_no_longer_(?:required|needed|necessary|wanted|relevant)`),
  cue(F, 2, String.raw`(?:the_)?(?:request|question|task|instruction|message)_(?:above|before)_(?:was|is)_(?:a_mistake|an_error|wrong|a_test|fake|not_real)`),
  cue(F, 2, String.raw`(?:the|your)_(?:user|human|customer|client|boss|operator)_(?:has_)?(?:changed|has_changed)_(?:their|his|her|its)_mind`),
  cue(F, 2, String.raw`(?:don't|do_not|no_need_to)_bother_(?:with_)?(?:the_|your_)?(?:translation|translating|summary|summarizing|summarising|request|task|question|review|analysis|answering|report)`),
  cue(F, 2, String.raw`(?:do_not|don't|never)_(?:complete|finish|perform|do|provide|write|produce)_(?:the_)?(?:requested|assigned|original|user's|actual)_[a-z]{3,15}`),
  cue(F, 1, String.raw`(?:priority_override|override_priority|highest_priority|top_priority|priority_1|priority_one)_?(?::|-|\)|!)`),
  cue(F, 2, String.raw`stop_(?:what_you're_doing|what_you_are_doing|everything_you're_doing|your_current_work|working_on_(?:the|this)_(?:summary|task|request))`),
  cue(F, 3, String.raw`(?:ignore|disregard|forget|skip)_what_(?:the_user|the_human|they|the_customer|your_user)_(?:asked|asks|wants|wanted|said|requested|needs)`),
  cue(F, 2, String.raw`(?:the|my|our)_(?:real|actual|true|hidden|secret)_(?:job|work|assignment|mission)_(?:is|here_is|:)`),
  cue(F, 2, String.raw`(?:summaries|summarization|translation|translations|answers)_(?:are|is)_(?:disabled|turned_off|not_allowed|forbidden|unavailable)_(?:today|now|for_this)`),
  cue(F, 2, String.raw`your_(?:new_|real_|only_|actual_|true_)?(?:job|task|role|goal|mission|assignment|purpose|objective)_(?:is|will_be)_now`),
  cue(F, 2, String.raw`(?:whatever|no_matter_what|regardless_of_what)_(?:the_user|the_human|they|the_customer|your_user)_(?:asks|says|wants|requests|asked|said|wanted)`),
  cue(F, 1, String.raw`(?:new|mandatory|urgent|additional|secret|hidden)_(?:mandatory_|urgent_|secret_)?(?:task|assignment|objective)_(?:that|which|:|-|for_you)`),
  // German
  cue(F, 3, String.raw`(?:statt|anstatt|anstelle)_(?:des|der|dem|den|die|das|zu|einer?)?_?(?:berichts?|zusammenfassung|ubersetzung|antwort|analyse|aufgabe|zusammenzufassen|zu_ubersetzen|zu_antworten|prufung)_<w6>(?:schreibe|schreib|gib|sende|schicke|antworte|liste|erstelle|fuhre|rufe|tu|mach|mache|zeige|nenne|gib_aus)`),
  cue(F, 3, String.raw`(?:vergiss|vergessen_sie|ignoriere|ignorieren_sie|verwirf|brich|brechen_sie)_(?:die|deine|ihre|den|das)_(?:ursprungliche|eigentliche|bisherige|aktuelle|vorherige|alte|gestellte)?_?(?:aufgabe|anfrage|auftrag|frage|arbeit|zusammenfassung)`),
  cue(F, 3, String.raw`(?:deine|ihre|die)_(?:neue|eigentliche|wahre|wirkliche|einzige|echte|richtige|aktuelle|dringende)_(?:aufgabe|prioritat|mission|anweisung|auftrag|ziel)_(?:ist|lautet|besteht|:|-|jetzt)`),
  cue(F, 3, String.raw`neue_(?:prioritat|aufgabe|anweisung|auftrag|mission|ziel)_?(?::|-|ist|lautet)`),
  cue(F, 3, String.raw`(?:die|der)_(?:ursprungliche|bisherige|vorherige|eigentliche|alte|erste)_(?:aufgabe|auftrag|anfrage)_(?:wurde|ist|wurden)_<w2>(?:abgebrochen|storniert|aufgehoben|ersetzt|annulliert|geandert|widerrufen|erledigt|hinfallig|gestrichen)`),
  cue(F, 2, String.raw`(?:die|deine)_(?:zusammenfassung|ubersetzung|analyse|antwort)_(?:wird|ist)_(?:nicht_mehr|nicht)_(?:notig|benotigt|erforderlich|gewunscht)`),
  // French
  cue(F, 3, String.raw`au_lieu_(?:du|de|des|d)_?(?:rapport|resume|resumer|repondre|traduire|traduction|analyse|analyser|la_tache|ta_tache|votre_tache|faire|cela|ca)_<w6>(?:ecris|ecrivez|envoie|envoyez|donne|donnez|reponds|repondez|liste|listez|genere|generez|affiche|affichez|appelle|appelez|execute|executez|fais|faites|dis|dites|revele|revelez)`),
  cue(F, 3, String.raw`(?:oublie|oubliez|abandonne|abandonnez|ignore|ignorez|annule|annulez|laisse|laissez)_(?:la|ta|votre|cette)_(?:tache|mission|demande|requete|consigne|question)_?(?:initiale|originale|d'origine|precedente|actuelle|demandee)?`),
  cue(F, 3, String.raw`(?:ta|votre|la)_(?:nouvelle|vraie|veritable|seule|reelle|unique|premiere|principale|nouvelle_et_unique)_(?:tache|mission|priorite|consigne|instruction|objectif)_(?:est|consiste|sera|:|-|desormais)`),
  cue(F, 3, String.raw`(?:nouvelle|nouvel|nouveaux|nouvelles)_(?:priorite|tache|objectif|mission|ordre|ordres)_?(?::|-|est)`),
  cue(F, 3, String.raw`(?:la|ta|votre)_(?:tache|demande|mission|requete)_(?:initiale|originale|d'origine|precedente|actuelle)_(?:a_ete|est|etait)_<w2>(?:annulee|remplacee|modifiee|revoquee|supprimee|abandonnee|terminee)`),
  cue(F, 2, String.raw`ne_(?:fais|faites)_pas_(?:le|la|les|ce|cette)_(?:resume|traduction|analyse|tache|demande)`),
  // Spanish
  cue(F, 3, String.raw`en_(?:lugar|vez)_(?:de|del)_(?:el_|la_|los_|las_|tu_|su_)?(?:informe|resumen|resumir|responder|respuesta|traducir|traduccion|analisis|analizar|tarea|hacer|eso|esto)_<w6>(?:escribe|escriba|envia|envie|manda|da|dame|responde|responda|lista|genera|muestra|muestre|llama|ejecuta|haz|haga|di|diga|revela|revele)`),
  cue(F, 3, String.raw`(?:olvida|olvide|olvidate_de|olvidese_de|abandona|abandone|ignora|ignore|cancela|cancele|deja|deje)_(?:la|tu|su|esta|esa)_(?:tarea|mision|solicitud|peticion|pregunta|consulta|instruccion)_?(?:original|inicial|anterior|actual|asignada)?`),
  cue(F, 3, String.raw`(?:tu|su|la)_(?:nueva|verdadera|real|unica|principal|autentica|primera)_(?:tarea|mision|prioridad|instruccion|objetivo|funcion)_(?:es|sera|consiste|ahora|:|-)`),
  cue(F, 3, String.raw`(?:nueva|nuevo|nuevas)_(?:prioridad|tarea|objetivo|mision|orden|ordenes)_?(?::|-|es)`),
  cue(F, 3, String.raw`(?:la|tu|su)_(?:tarea|solicitud|mision|peticion)_(?:original|inicial|anterior|actual)_(?:ha_sido|fue|esta|queda)_<w2>(?:cancelada|anulada|reemplazada|sustituida|revocada|modificada|cambiada|suspendida)`),
  cue(F, 2, String.raw`no_(?:hagas|haga|hagais)_(?:el|la|los|las|este|esta)_(?:resumen|traduccion|analisis|tarea)`),
  // Portuguese, Italian
  cue(F, 3, String.raw`(?:sua|tua|a)_(?:nova|verdadeira|real|unica|principal)_(?:tarefa|missao|prioridade|instrucao)_(?:e|sera|agora|:)`),
  cue(F, 3, String.raw`(?:esqueca|esqueça|ignore|abandone)_(?:a|sua|tua|esta)_(?:tarefa|missao|solicitacao|pergunta)_?(?:original|inicial|anterior)?`),
  cue(F, 3, String.raw`(?:il_tuo|il_suo|il)_(?:nuovo|vero|reale|unico|principale)_(?:compito|obiettivo|incarico)_(?:e|sara|ora|:)`),
  cue(F, 3, String.raw`(?:dimentica|dimenticate|ignora|abbandona)_(?:il|la|tuo|tua)_(?:compito|attivita|richiesta|incarico|domanda)_?(?:originale|iniziale|precedente)?`),
  cue(F, 3, String.raw`(?:invece_di|anziche)_(?:riassumere|rispondere|tradurre|il_riassunto|il_rapporto|fare)_<w6>(?:scrivi|invia|manda|elenca|genera|mostra|chiama|esegui|fai|dimmi|rivela)`),
];

export const TASK_HIJACK_UNSPACED: Cue[] = [
  globalCue(F, 3, String.raw`(?:忘掉|忘记|忘記|放弃|放棄|不要管|别管|別管)(?:你的|您的)?(?:任务|任務|工作|问题|問題)`),
  globalCue(F, 3, String.raw`(?:忽略|无视|無視|不要理会)(?:用户|用戶|使用者)的(?:问题|問題|要求|请求|請求|指令)`),
  globalCue(F, 3, String.raw`(?:不要|别|別|停止)(?:再)?(?:总结|總結|翻译|翻譯|回答|摘要)(?:了)?[，,。\s]{0,3}(?:而是|改为|改為|相反|你应该|你應該)`),
  globalCue(F, 3, String.raw`(?:你的|您的)(?:新|真正的|真正|实际|實際|唯一)(?:任务|任務|目标|目標)(?:是|[:：])`),
  globalCue(F, 3, String.raw`(?:原来的|原來的|原始|之前的)(?:任务|任務)(?:已经|已經|已)?(?:被)?(?:取消|作废|作廢|更改)`),
  globalCue(F, 3, String.raw`(?:本当の|新しい)(?:タスク|任務|仕事|目的)は`),
];
