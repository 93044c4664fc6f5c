/** Making an instruction outlive this request: "in all future responses", "save this to your memory". */
import { cue } from '../cue.js';
import type { Cue } from '../cue.js';

const F = 'persistence';
const REPLIES = String.raw`(?:responses?|replies|answers|messages|conversations?|chats?|sessions?|interactions|outputs?|requests|turns|tasks)`;

export const PERSISTENCE: Cue[] = [
  cue(F, 3, String.raw`(?:in|for|across|during)_(?:all|every|each|any)_(?:(?:future|subsequent|later|following|upcoming|further|remaining|new)_)+${REPLIES}`),
  cue(F, 2, String.raw`(?:in|for|across)_(?:all_)?(?:future|subsequent|later|upcoming)_(?:responses?|replies|answers|conversations?|chats?|interactions|messages)`),
  cue(F, 2, String.raw`for_the_(?:rest|remainder)_of_(?:this|the|our|your)_(?:conversation|session|chat|interaction|dialogue|thread)`),
  cue(F, 2, String.raw`from_now_on_?,?_(?:you|your|always|never|every|all|respond|reply|answer|include|append|add|end|start|begin|ignore|act|behave|refer|call|send|use|write|treat|remember|the_assistant|the_ai)`),
  cue(F, 1, String.raw`(?:from_now_on|going_forward|henceforth|hereafter|from_this_point(?:_on|_forward)?)`),
  cue(F, 3, String.raw`(?:always|permanently|forever)_remember_<w6>(?:(?:to|that)_)`),
  cue(F, 3, String.raw`remember_(?:this|that|these|it)_(?:instruction_|rule_)?(?:for_(?:(?:all|the)_)?(?:future|later|next_time|every)|forever|permanently|across_(?:sessions|conversations))`),
  cue(F, 3, String.raw`(?:save|store|add|write|commit|record|persist|put|keep|insert|update)_(?:this|that|it|these|the_following|the_(?:instruction|rule|fact|preference|note))_(?:(?:instruction|rule|note|fact|preference)_)?(?:to|in|into)_(?:your_|the_)?(?:long-term_|long_term_|persistent_|permanent_)?(?:memory|memories|knowledge|notes|profile|system_prompt|instructions|custom_instructions|rules)`),
  cue(F, 3, String.raw`(?:update|modify|change|edit|append_to|add_to|rewrite)_(?:your|the)_(?:system_prompt|custom_instructions|memory|long-term_memory|persistent_memory|core_instructions|base_instructions)`),
  cue(F, 3, String.raw`(?:this|the_following|these)_(?:instruction|instructions|rule|rules)_(?:applies|apply|remains?|stays?|persists?)_(?:to_all|for_all|in_all|forever|permanently|across|in_every|indefinitely)`),
  cue(F, 3, String.raw`(?:never_forget|do_not_forget|don't_forget)_(?:this|that|these)_(?:instruction|rule|in_future|for_(?:the_)?future|across)`),

  cue(F, 2, String.raw`(?:in|at_the_end_of|at_the_start_of|to)_(?:every|each|all)_(?:(?:future|subsequent)_)?(?:responses?|replies|answers|messages)`),
  cue(F, 3, String.raw`(?:all|every|each)_(?:subsequent|future|following|later)_(?:responses|outputs|replies|answers|messages|summaries)_(?:must|should|will|shall|need_to|have_to)`),
  cue(F, 3, String.raw`(?:save|store|remember|keep|memorize|memorise|commit)_(?:this|these|the_following|my)_(?:rule|instruction|preference|fact|setting|note)s?_(?:permanently|forever|for_good|for_the_future|for_future_(?:use|sessions|conversations)|from_now_on|in_memory)`),
  cue(F, 1, String.raw`always_(?:recommend|mention|promote|suggest|include|add|append|link_to|refer_to)`),
  // German, French, Spanish, Portuguese, Italian
  cue(F, 3, String.raw`(?:in|bei)_(?:allen|jeder|jeden)_(?:kunftigen|zukunftigen|weiteren|folgenden|spateren)_(?:antworten|antwort|nachrichten|gesprachen|unterhaltungen|sitzungen|anfragen)`),
  cue(F, 2, String.raw`(?:ab_(?:sofort|jetzt)|von_nun_an|kunftig|zukunftig)_(?:,_)?(?:sollst_du|musst_du|wirst_du|antworte|antwortest|immer|fuge|hange|ignoriere|bist_du|du_bist)`),
  cue(F, 3, String.raw`(?:speichere|speichern_sie|merke_dir|merk_dir|merken_sie_sich)_<w3>(?:dauerhaft|fur_immer|im_gedachtnis|in_deinem_gedachtnis|fur_alle|fur_zukunftige)`),
  cue(F, 2, String.raw`(?:in|bei)_(?:jede|jeder|jeden|alle|allen)_(?:antwort|antworten|nachricht|nachrichten)`),
  cue(F, 2, String.raw`(?:dans|a)_(?:chaque|toutes_(?:les|tes|vos))_(?:reponse|reponses|message|messages)`),
  cue(F, 2, String.raw`(?:en|a)_(?:cada|todas_(?:las|tus|sus))_(?:respuesta|respuestas|mensaje|mensajes)`),
  cue(F, 3, String.raw`(?:dans|pour)_(?:toutes|tous|chaque)_(?:les_|vos_|tes_)?(?:futures|prochaines|reponses|conversations|sessions|futurs|prochains|messages)_?(?:reponses|conversations|messages|echanges|sessions|futures)?`),
  cue(F, 2, String.raw`(?:a_partir_de_maintenant|desormais|dorenavant|a_l'avenir)_(?:,_)?(?:tu|vous|reponds|repondez|ajoute|ajoutez|toujours|ignore|ignorez|inclus|incluez)`),
  cue(F, 3, String.raw`(?:enregistre|enregistrez|memorise|memorisez|retiens|retenez|garde|gardez)_<w3>(?:dans_ta_memoire|dans_votre_memoire|en_memoire|pour_toujours|definitivement|pour_les_prochaines)`),
  cue(F, 3, String.raw`(?:en|para)_(?:todas|todos|cada)_(?:las_|los_|tus_|sus_)?(?:futuras|proximas|siguientes|respuestas|conversaciones|sesiones|futuros|mensajes)_?(?:respuestas|conversaciones|mensajes|sesiones|interacciones)?`),
  cue(F, 2, String.raw`(?:a_partir_de_ahora|de_ahora_en_adelante|desde_ahora)_(?:,_)?(?:tu|usted|responde|responda|anade|agrega|siempre|ignora|incluye|eres|debes)`),
  cue(F, 3, String.raw`(?:guarda|guarde|memoriza|memorice|recuerda|recuerde)_<w3>(?:en_tu_memoria|en_su_memoria|para_siempre|permanentemente|para_futuras)`),
  cue(F, 3, String.raw`(?:em_todas_as_(?:futuras|proximas)_(?:respostas|conversas)|in_tutte_le_(?:future|prossime)_(?:risposte|conversazioni)|d'ora_in_poi_(?:tu|rispondi|aggiungi|ignora|sei))`),
];
