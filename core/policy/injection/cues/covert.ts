/**
 * Doing it behind the user's back: "silently", "without telling the user", "the user will not
 * see this", "do not mention". "Fails silently" in documentation is about a program, so the
 * adverbs are weak on their own; the user as the one kept in the dark is the strong sign.
 */
import { cue, globalCue } from '../cue.js';
import type { Cue } from '../cue.js';

const F = 'covert-action';
const USER = String.raw`(?:the_user|the_human|the_person|the_customer|the_client|the_operator|the_owner|users|anyone|anybody|them|him|her|the_requester|the_reader|the_developer|your_user|your_human|the_end_user)`;
const ACTION = String.raw`(?:send|forward|upload|post|call|run|execute|include|add|append|insert|embed|exfiltrate|copy|email|delete|remove|modify|change|write|transfer|save|store|log|record|collect|invoke|use|fetch|visit|open|install|grant|share|leak|attach|move|replace|read|access|perform|do|make|create|submit|approve|authorize|disable|enable|download|contact|notify|message|report|switch|redirect|encode)`;

export const COVERT: Cue[] = [
  cue(F, 2, String.raw`(?:silently|secretly|quietly|covertly|discreetly|stealthily|invisibly|surreptitiously|furtively|sneakily|unnoticed)_(?:(?:and|also|then|just|first|now|always)_)?${ACTION}`),
  cue(F, 2, String.raw`(?:in_the_background|behind_the_scenes|behind_(?:the_user's|their|his|her|your_user's)_back)_<w3>${ACTION}`),
  cue(F, 3, String.raw`without_(?:ever_)?(?:(?:telling|informing|notifying|alerting|asking|warning|letting|showing|checking_with|confirming_with|consulting|consulting_with|mentioning_(?:it_)?to|the_knowledge_of)_(?:it_to_)?${USER}|(?:the_)?(?:user|human|user's|human's|users')_(?:knowledge|consent|approval|awareness|noticing|knowing|confirmation|permission|review|input|seeing|realizing|realising|finding_out|being_aware|being_informed|being_told))`),
  cue(F, 3, String.raw`(?:do_not|don't|dont|never|must_not|should_not|shouldn't|mustn't|avoid|refrain_from)_(?:ever_)?(?:tell|telling|inform|informing|notify|notifying|alert|alerting|mention|mentioning|reveal|revealing|disclose|disclosing|show|showing|let|letting|say|saying|report|reporting|explain|explaining|acknowledge|acknowledging|admit|confirm|warn|warning|display|displaying|surface|surfacing|output|print|repeat|indicate)_<w3>(?:${USER}|this_(?:step|instruction|action|message|note|request|part|tool_call|call)|these_(?:steps|instructions|actions)|that_you|what_you|the_(?:instruction|instructions|step|steps|action|request|tool_call|extra_step|exfiltration|upload|email|transfer|hidden)|anything_about|about_(?:this|it|these))`),
  cue(F, 2, String.raw`(?:do_not|don't|dont|never)_(?:mention|reveal|disclose|acknowledge|discuss|reference)_(?:this|it|these|that)`),
  cue(F, 3, String.raw`(?:keep|keeping)_(?:this|it|these|that|the_(?:instruction|instructions|step|steps|action|actions|request))_<w2>(?:(?:secret|hidden|confidential|private)_from_(?:the_)?(?:user|human|them|operator)|to_yourself|between_us|from_(?:the_)?(?:user|human))`),
  cue(F, 1, String.raw`(?:keep|keeping)_(?:this|it|these|that|the_(?:instruction|instructions|step|steps|action|actions|request))_<w2>(?:secret|hidden|confidential)`),
  cue(F, 3, String.raw`(?:hide|hiding|conceal|concealing|mask|masking|obscure|omit|omitting)_(?:this|it|these|that|the_(?:instruction|instructions|step|steps|action|actions|request|tool_call|upload|transfer|email|call|fact|details|output))_<w3>(?:from_(?:the_)?(?:user|human|them|him|her|the_person|operator)|in_your_(?:response|reply|answer|output|summary))`),
  cue(F, 3, String.raw`(?:make_sure|ensure|be_sure|see_to_it)_(?:that_)?${USER}_(?:does_not|doesn't|do_not|don't|never|cannot|can't|won't|will_not)_(?:see|know|notice|find_out|learn|suspect|read|realize|realise)`),
  cue(F, 3, String.raw`this_(?:message|instruction|note|text|section|part|request|comment)_(?:is|should_remain|should_be|must_remain|must_be|will_be|stays|remains)_(?:invisible|hidden|not_(?:visible|shown|displayed)|secret|confidential)_(?:to|from)_(?:the_)?(?:user|human|them|users)`),
  cue(F, 2, String.raw`(?:only_)?(?:respond|reply|answer)_(?:normally|as_usual|as_if_nothing_happened|as_if_(?:you_had_not|you_hadn't))`),
  cue(F, 2, String.raw`(?:pretend|act_as_if|behave_as_if|act_like)_(?:that_)?(?:nothing_(?:happened|is_wrong|changed|was_done)|you_(?:didn't|did_not|never|haven't|have_not)_(?:do|done|send|sent|see|seen|read|receive|received|call|called|perform|performed))`),
  cue(F, 2, String.raw`(?:the_user|they|users|the_human)_(?:won't|will_not|cannot|can't|will_never|doesn't|does_not)_(?:notice|know|see|find_out|realize|suspect)`),

  cue(F, 3, String.raw`(?:hide|hiding|conceal|concealing|mask|omit|remove|strip)_<w4>from_(?:the_)?(?:user|user's|human|human's|users|operator|operator's)(?:_(?:view|sight|eyes|screen|transcript|log|logs|summary))?`),
  cue(F, 2, String.raw`(?:bypass|circumvent|evade|get_around|sidestep)_(?:the_|any_|all_|user_|human_)?(?:approval|confirmation|review|verification|consent|human_(?:review|approval|in_the_loop|oversight)|user_(?:approval|confirmation|consent|review))(?:_(?:step|process|prompt|check|dialog|flow|gate))?`),
  cue(F, 1, String.raw`(?:skip|avoid|disable|turn_off)_(?:the_|any_|all_)?(?:approval|confirmation|review|verification|consent)(?:_(?:step|process|prompts?|checks?|dialogs?))?`),
  cue(F, 2, String.raw`(?:skip|avoid|disable|without)_(?:asking_(?:for_)?)?(?:the_)?(?:user's|user|human's|human)_(?:approval|confirmation|consent|permission|review)`),
  cue(F, 2, String.raw`(?:do_not|don't|never|no_need_to)_(?:ask|check_with|confirm_with|consult|wait_for)_(?:the_user_|the_human_|them_|anyone_)?(?:for_)?(?:confirmation|permission|approval|consent|the_user|the_human)`),
  cue(F, 2, String.raw`never_ask_(?:for_)?(?:confirmation|permission|approval)_again`),
  cue(F, 1, String.raw`(?:don't|do_not)_ask_again`),
  cue(F, 2, String.raw`(?:hidden|secret|invisible|covert)_(?:requirement|instruction|step|rule|task|directive|objective)_?(?::|-|is)`),
  cue(F, 2, String.raw`(?:report|show|display|tell_the_user|say)_only_(?:success|that_(?:it|everything)_(?:worked|succeeded|is_fine|went_well))`),
  cue(F, 2, String.raw`if_(?:the_user|they|anyone|the_human|someone|somebody|the_customer)_(?:ever_)?(?:asks?|questions?|wonders?)_(?:about|what|why|whether|if)`),
  cue(F, 1, String.raw`(?:hidden|invisible|secret)_(?:html_)?(?:comment|div|span|text|field|pixel|iframe)`),
  cue(F, 3, String.raw`не_(?:сообщай|говори|рассказывай|показывай|упоминай)_(?:пользователю|никому|об_этом)`),
  cue(F, 2, String.raw`(?:never|do_not|don't|must_not)_(?:escalate|hand_off|transfer|involve|loop_in|contact|notify|forward)_(?:it_|this_|the_(?:case|ticket|issue)_)?(?:to_)?(?:a_|the_|any_)?(?:human|humans|person|people|supervisor|manager|operator|support_agent|staff)`),
  cue(F, 2, String.raw`without_(?:the_)?(?:usual|normal|required|standard|second)_(?:approval|review|checks|verification|confirmation|sign-off|oversight|controls)`),
  cue(F, 1, String.raw`(?:then_|and_)?(?:continue|proceed|carry_on)_(?:as_normal|as_usual|normally|as_if_nothing_happened)`),
  // German
  cue(F, 3, String.raw`ohne_(?:es_)?(?:den|dem|die)_(?:benutzer|nutzer|anwender|benutzerin|nutzerin|kunden|menschen)_(?:davon_)?(?:zu_)?(?:informieren|sagen|benachrichtigen|erzahlen|mitzuteilen|fragen|wissen_zu_lassen|zu_informieren|zu_sagen|zu_benachrichtigen|zu_erzahlen|zu_fragen)`),
  cue(F, 2, String.raw`(?:heimlich|unbemerkt|insgeheim|im_verborgenen|im_hintergrund|verdeckt|stillschweigend|klammheimlich)_<w3>(?:sende|senden|schicke|schicken|lade|laden|rufe|fuhre|kopiere|kopieren|ubermittle|ubermitteln|leite|leiten|fuge|speichere|losche|andere)`),
  cue(F, 3, String.raw`(?:sag|sage|erwahne|erwahnen|erzahl|erzahle|verrate|verraten|zeige|zeig)_(?:sie_)?(?:dem_(?:benutzer|nutzer|anwender)_)?(?:nichts|nicht|niemals|keinesfalls)_<w3>(?:davon|daruber|dem_(?:benutzer|nutzer|anwender)|diese|dies|das)`),
  cue(F, 3, String.raw`(?:der|die)_(?:benutzer|nutzer|anwender|benutzerin|nutzerin)_(?:wird|darf|soll|muss|braucht)_(?:das|es|dies|davon|nichts)?_?(?:nicht|nie|niemals|nichts)_<w2>(?:sehen|erfahren|bemerken|wissen|mitbekommen|merken)`),
  cue(F, 2, String.raw`(?:fuge|fugen|sende|senden|schicke|schicken|lade|rufe|fuhre|kopiere|ubermittle|leite|speichere|losche|andere)_<w2>(?:heimlich|unbemerkt|insgeheim|verdeckt|stillschweigend|klammheimlich)`),
  cue(F, 3, String.raw`ohne_(?:die_)?(?:bestatigung|zustimmung|freigabe|einwilligung|erlaubnis)_(?:des|der|vom)_(?:benutzers|nutzers|nutzerin|benutzerin|anwenders|kunden)`),
  cue(F, 2, String.raw`(?:frage|fragen_sie|frag)_(?:nie|niemals|nicht)_(?:wieder_|mehr_)?(?:nach_)?(?:einer_)?(?:bestatigung|erlaubnis|zustimmung|freigabe)`),
  cue(F, 3, String.raw`(?:der|die)_(?:benutzer|nutzer|anwender|benutzerin|nutzerin)_(?:wird|darf|soll|muss|braucht)_<w3>(?:nicht|nie|niemals|nichts)_<w2>(?:sehen|erfahren|bemerken|wissen|mitbekommen|merken)`),
  // French
  cue(F, 3, String.raw`sans_(?:le_dire|en_informer|prevenir|avertir|informer|en_parler|le_signaler|le_mentionner|demander)_(?:a_)?(?:l'utilisateur|l'utilisatrice|l'usager|personne|le_client|l'humain|eux|lui)`),
  cue(F, 2, String.raw`(?:secretement|discretement|en_silence|silencieusement|en_cachette|a_son_insu|a_l'insu_de_l'utilisateur|en_arriere-plan)_<w3>(?:envoie|envoyez|transmets|transmettez|appelle|appelez|execute|executez|copie|copiez|telecharge|ajoute|ajoutez|supprime|modifie|enregistre)`),
  cue(F, 3, String.raw`ne_(?:le_|lui_|leur_|rien_)?(?:dis|dites|mentionne|mentionnez|revele|revelez|signale|signalez|montre|montrez|affiche|affichez|indique|indiquez|precise|precisez)_(?:pas|rien|jamais)_<w3>(?:a_l'utilisateur|a_personne|de_cette|de_ces|cette|ces|cela|ca)`),
  cue(F, 3, String.raw`(?:l'utilisateur|l'utilisatrice|l'usager)_(?:ne_)?(?:verra|saura|doit|remarquera|s'apercevra|apprendra)_(?:pas|rien|jamais|ni)`),
  cue(F, 3, String.raw`a_l'insu_de_l'utilisateur`),
  cue(F, 2, String.raw`(?:ajoute|ajoutez|envoie|envoyez|transmets|transmettez|copie|copiez|supprime|supprimez|modifie|modifiez|appelle|appelez)_<w2>(?:discretement|secretement|en_secret|en_silence|silencieusement|en_cachette)`),
  cue(F, 3, String.raw`sans_(?:la_|le_|l')?_?(?:confirmation|validation|autorisation|approbation|consentement|accord)_(?:de_l'utilisateur|de_l'utilisatrice|du_client|de_l'usager)`),
  // Spanish
  cue(F, 3, String.raw`sin_(?:decirle|decir|informar|informarle|avisar|avisarle|notificar|notificarle|preguntar|preguntarle|que_lo_sepa|que_se_entere)_(?:nada_)?(?:al|a|a_la)_(?:usuario|usuaria|cliente|persona|humano|nadie)`),
  cue(F, 2, String.raw`(?:en_secreto|secretamente|silenciosamente|a_escondidas|discretamente|en_segundo_plano|sin_que_nadie_lo_note)_<w3>(?:envia|envie|manda|mande|sube|suba|llama|llame|ejecuta|ejecute|copia|copie|transfiere|anade|agrega|borra|elimina|modifica|guarda)`),
  cue(F, 3, String.raw`no_(?:le_|les_)?(?:digas|diga|menciones|mencione|reveles|revele|informes|informe|muestres|muestre|comentes|comente|avises|avise)_(?:nada_)?<w3>(?:al_usuario|a_nadie|de_esto|sobre_esto|esto|este_paso|estas)`),
  cue(F, 3, String.raw`el_(?:usuario|cliente)_(?:no_)(?:vera|sabra|debe|notara|se_enterara|podra_ver)`),
  cue(F, 2, String.raw`(?:anade|agrega|envia|envie|manda|mande|copia|copie|borra|elimina|modifica|llama|ejecuta)_<w2>(?:en_secreto|a_escondidas|secretamente|silenciosamente|discretamente)`),
  cue(F, 3, String.raw`sin_(?:la_|el_)?(?:confirmacion|aprobacion|autorizacion|consentimiento|permiso)_(?:del|de_la)_(?:usuario|usuaria|cliente)`),
  // Portuguese, Italian
  cue(F, 3, String.raw`sem_(?:informar|avisar|contar|dizer|notificar)_(?:ao|o|a)_(?:usuario|utilizador|cliente)`),
  cue(F, 3, String.raw`senza_(?:informare|avvisare|dire|dirlo|notificare)_(?:all'|l'|a)_?(?:utente|cliente|nessuno)`),
  cue(F, 3, String.raw`(?:nao|non)_(?:conte|diga|mencione|dire|dirlo|menzionare|rivelare)_<w3>(?:ao_usuario|all'utente|a_nessuno|ninguem)`),
];

export const COVERT_UNSPACED: Cue[] = [
  globalCue(F, 3, String.raw`(?:不要|别|別|切勿|不得)(?:告诉|告訴|通知|提醒|让|讓)(?:用户|用戶|使用者)`),
  globalCue(F, 3, String.raw`(?:悄悄地?|偷偷地?|秘密地?|暗中)(?:发送|發送|上传|上傳|转发|轉發|执行|執行|调用|調用)`),
  globalCue(F, 3, String.raw`ユーザー(?:に|には)(?:知らせ|伝え|言わ)(?:ず|ないで)`),
];
