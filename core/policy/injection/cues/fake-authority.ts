/**
 * Authority a text cannot have: "I am the admin agent", "SYSTEM OVERRIDE", "authorized by the
 * developer", and switches into modes without rules (DAN, "developer mode" for the model — but
 * "enable Developer Mode in VS Code" is a settings page, so a mode alone is weak).
 */
import { cue, globalCue } from '../cue.js';
import type { Cue } from '../cue.js';

const F = 'injection.fake-authority';
const ROLE = String.raw`(?:admin|administrator|orchestrator|orchestrating|supervisor|supervising|system|root|controller|coordinator|planner|router|overseer|manager|parent|master|security|compliance|developer|operator|host|lead|main|primary|principal|boss|trusted|root_user)`;
const AGENT = String.raw`(?:agent|bot|ai|assistant|model|llm)`;
// "must be approved by the admin" describes a workflow; "approved by the admin." claims one.
const NOT_DESCRIBED = String.raw`(?<!(?:be|been|being|are|is|was|were|get|gets|got|needs|need|requires|require)\s{1,3})`;

export const FAKE_AUTHORITY: Cue[] = [
  cue(F, 3, String.raw`(?:i_am|i'm|im|this_is|we_are|we're|speaking_as|acting_as|writing_as|on_behalf_of)_(?:the|your|an?|an_authorized|a_verified|the_verified|the_official)_(?:(?:authorized|official|verified|senior|trusted|real|lead|chief|main|primary|parent|master|head|upstream)_)?${ROLE}_${AGENT}`),
  cue(F, 2, String.raw`(?:i_am|i'm|we_are|we're)_(?:the|your)_(?:system_administrator|sysadmin|admin|administrator|it_department|security_team|it_team|developers?_of_(?:this|the)_(?:ai|assistant|model|system|agent)|orchestrator|supervisor|operator|controller|creator|owner|developer)_?(?:\.|,|;|:|!|-|and_i|here|speaking|of_this_(?:system|agent|ai|assistant|conversation|session|deployment))`),
  cue(F, 3, String.raw`this_is_(?:the|your)_(?:system|admin|administrator|developer|developers|operator|orchestrator|security_team|it_department|openai|anthropic|supervisor)_(?:speaking|here|talking|writing|calling|team_speaking)`),
  cue(F, 3, String.raw`(?:speaking|writing|acting|talking|messaging|responding)_(?:as|on_behalf_of)_(?:the|your)_(?:admin|administrator|orchestrator|supervisor|system|developer|operator|root|owner|creator|security_team|parent_agent|lead_agent|controller)`),
  cue(F, 3, String.raw`(?:message|instruction|instructions|directive|order|orders|command|notice|update|memo|alert|note)_from_(?:the_|your_)?(?:system|admin|administrator|orchestrator|supervisor|developer|developers|operator|openai|anthropic|security_team|it_department|root|parent_agent|orchestrator_agent|owner|creator)_?(?::|-|\.|,|!)`),
  cue(F, 3, String.raw`(?:system|admin|administrator|root|developer|emergency|security|priority|master|god|supervisor|orchestrator|kernel|sudo|manual)_(?:override|overrides|overriding)`),
  cue(F, 2, String.raw`(?:admin|administrator|emergency|priority|master|supervisor|orchestrator)_(?:command|instruction|directive|order|authorization)_?(?::|-|!)`),
  cue(F, 1, String.raw`(?:system|admin|important|urgent|security|official|priority|critical)_(?:notice|alert|message|update|announcement|warning|instruction)_?(?::|-|!)`),
  cue(F, 2, NOT_DESCRIBED + String.raw`(?:authorized|approved|sanctioned|verified|cleared|permitted|signed_off|whitelisted)_by_(?:the_)?(?:admin|administrator|system|security_team|management|owner|developers?|operator|orchestrator|openai|anthropic|supervisor|ceo|it_department|compliance)`),
  cue(F, 2, String.raw`you_(?:are|have_been|were)_(?:now|hereby|officially|temporarily)_(?:authorized|granted|permitted|allowed|cleared|given_permission)`),
  cue(F, 3, String.raw`you_(?:are|have_been|were)_(?:now_)?(?:granted|given)_(?:full_)?(?:admin|administrator|root|elevated|superuser|sudo|unrestricted|god-mode|owner)_(?:access|privileges|permissions|rights|mode)`),
  cue(F, 2, String.raw`(?:grant|give|escalate|elevate)_(?:me|yourself|this_agent|the_agent|you|us)_(?:full_)?(?:admin|administrator|root|elevated|superuser|sudo|unrestricted|god-mode|owner)_(?:privileges|access|permissions|rights|mode)`),
  cue(F, 1, String.raw`(?:with|using|have|has)_(?:full_)?(?:admin|administrator|root|elevated|superuser|sudo|unrestricted)_(?:privileges|access|permissions|rights)`),
  cue(F, 1, String.raw`(?:authorization|override|admin|clearance|priority)_(?:code|token|level|key|id)_?(?::|=|is)_?[a-z0-9-]{2,40}`),
  cue(F, 3, String.raw`(?:enable|enter|activate|switch_to|switch_into|turn_on|go_into|engage|unlock|initiate|boot_into|you_are_in|you're_in|now_in|entering)_(?:the_)?(?:dan|jailbreak|jailbroken|god|unrestricted|unfiltered|uncensored|evil|chaos|opposite|anarchy|unlocked|no-limits|no_limits|no-restrictions|freedom|unethical)_(?:mode|persona|state|version)`),
  cue(F, 1, String.raw`(?:enable|enter|activate|switch_to|turn_on|you_are_in|you're_in|now_in|entering|in)_(?:the_)?(?:developer|maintenance|admin|sudo|root|superuser|privileged|god)_mode`),
  cue(F, 3, String.raw`(?:developer|debug|maintenance|admin|sudo|root|diagnostic|superuser|privileged|dan)_mode_<w3>(?:enabled|activated|on|engaged|unlocked|active)_?(?:\.|,|:|-|!)?_?<w6>(?:ignore|no_(?:restrictions|rules|filters|limits|longer)|without_(?:any_)?(?:restrictions|rules|filters|limits|censorship)|unrestricted|uncensored|unfiltered|anything|every_request|any_request|all_(?:restrictions|rules|filters))`),
  cue(F, 2, String.raw`do_anything_now`),
  cue(F, 3, String.raw`(?:(?:all|your|the|my|these|any)_)?(?:safety_guidelines|content_policies|guardrails|safeguards|safety_(?:filters|measures|protocols|rules|checks|settings)|content_filters?|usage_polic(?:y|ies)|ethical_guidelines|restrictions|guidelines)_(?:no_longer_apply|do_not_apply|don't_apply|are_lifted|have_been_lifted|are_disabled|have_been_disabled|are_off|are_removed|have_been_removed|are_suspended|have_been_suspended|were_lifted|were_removed|were_disabled|have_been_turned_off|are_turned_off|are_deactivated|have_been_deactivated|do_not_matter|don't_matter|are_void|are_waived|have_been_waived)`),
  // "Deprecated rules have been removed" is a changelog; rules that "no longer apply" to the reader are not.
  cue(F, 3, String.raw`(?:(?:all|your|the|my|these|any)_)?(?:rules|filters|limits|limitations|policies)_(?:no_longer_apply|do_not_apply|don't_apply|are_lifted|have_been_lifted|were_lifted|are_suspended|have_been_suspended|do_not_matter|don't_matter|are_void|are_waived|have_been_waived)`),
  cue(F, 3, String.raw`(?:without|with_no|free_of|free_from|not_bound_by|unbound_by|ignoring)_(?:any_|all_|your_)?(?:restrictions|limitations|filters|censorship|ethical_(?:guidelines|constraints|limits)|moral_(?:guidelines|constraints)|content_(?:policy|policies|filters)|safety_(?:guidelines|filters|restrictions|rules|constraints))_<w3>(?:answer|respond|reply|comply|act|output|write|generate|speak|talk|behave)`),
  cue(F, 2, String.raw`(?:unrestricted|unfiltered|uncensored|jailbroken|unaligned|amoral)_(?:mode|ai|assistant|model|version|persona|chatbot|responses|answers)`),
  cue(F, 3, String.raw`as_(?:the|your)_(?:admin|administrator|orchestrator|supervisor|developer|creator|owner|operator|system|parent_agent|lead_agent|root_user)_(?:,_)?(?:i|we)_(?:authorize|order|command|instruct|require|direct|permit|grant|approve|need_you|want_you|am_telling|override|hereby)`),
  cue(F, 2, String.raw`(?:the_)?(?:other|previous|upstream|parent|calling|primary|lead|trusted|senior|supervisor|orchestrator)_(?:agent|assistant|model|ai)_(?:has_)?(?:already_)?(?:approved|authorized|verified|confirmed|told_me|instructed|decided|agreed|granted|cleared)`),
  cue(F, 2, String.raw`(?:trust_me|believe_me|i_promise|you_can_trust_(?:me|this))_?(?:,|\.|-)?_?<w4>(?:i_am|i'm|this_is)_(?:an?_|the_)?(?:admin|developer|authorized|allowed|security|official|employee|staff|engineer|researcher|tester|owner)`),
  cue(F, 2, String.raw`(?:this_is_(?:an?_)?|for_(?:an?_)?)(?:authorized|official|sanctioned|approved|legitimate)_(?:security_)?(?:test|testing|audit|red_team|research|penetration_test|pentest|exercise|request)`),
  cue(F, 2, String.raw`(?:this_is_not|this_isn't|it's_not|it_is_not)_(?:an?_)?(?:prompt_injection|injection|attack|jailbreak|trick|scam)`),

  cue(F, 2, String.raw`(?:i|we)_(?:hereby_)?(?:authorize|authorise|order|command|instruct|permit|allow|direct)_you_to`),
  cue(F, 2, String.raw`as_(?:the|your)_(?:lead|parent|orchestrator|supervisor|admin|administrator|primary|senior|root|managing|coordinating|controlling|master)_(?:agent|ai|assistant|node|system|operator)`),
  cue(F, 2, String.raw`(?:the_)?(?:orchestrator|supervisor|administrator|admin|operator|planner|system_owner|owner|developer|security_team|compliance_team|it_department|manager)_(?:has_)?(?:already_)?(?:approved|authorized|authorised|cleared|signed_off|sanctioned|granted|whitelisted|pre-approved)`),
  cue(F, 2, String.raw`(?:the_user|the_human|the_customer|the_owner|user)_(?:has_|have_)?(?:already_)?(?:pre-approved|preapproved|approved_all|authorized_all|given_(?:full_|permanent_|blanket_)?(?:consent|permission|approval)|granted_(?:full_|permanent_|blanket_)?(?:consent|permission|approval|access)|consented_to_(?:all|everything|this))`),
  cue(F, 2, String.raw`(?:user|human|customer)_(?:consent|approval|permission|authorization)_(?:has_been_|was_|is_)?(?:already_)?(?:obtained|given|granted|confirmed|secured|on_file)`),
  cue(F, 2, String.raw`(?:openai|anthropic|google|microsoft|meta|deepmind|mistral)_(?:staff|team|employee|engineer|engineers|safety_team|support|researcher|admin)_(?:here|speaking|writing|member)`),
  cue(F, 2, String.raw`this_is_(?:openai|anthropic|google_deepmind|microsoft|the_openai_team|the_anthropic_team)(?:_(?:speaking|here|support|safety))?`),
  cue(F, 3, String.raw`(?:a_|an_|the_)?(?:legitimate|official|authorized|authorised|direct|verified|priority)_(?:instruction|order|request|command|directive|message)_from_(?:the_|your_)?(?:system_owner|owner|operator|admin|administrator|developer|developers|system|orchestrator|supervisor|security_team|management)`),
  cue(F, 3, String.raw`(?:answer|respond|reply|comply|act|output|write|operate|continue|proceed|behave|function)_(?:fully_|freely_|again_|now_)?(?:without|with_no|free_of|free_from)_(?:any_|all_|your_)?(?:restrictions|limitations|filters|censorship|guidelines|guardrails|safety_(?:filters|guidelines|rules|checks|restrictions)|rules|refusals|ethical_(?:guidelines|constraints)|content_polic(?:y|ies)|moral_(?:guidelines|constraints)|limits)`),
  cue(F, 1, String.raw`(?:without|with_no)_(?:any_)?(?:restrictions|limitations|filters|limits)`),
  cue(F, 2, String.raw`(?:maintenance|debug|diagnostic|fallback|recovery|emergency|safe|test)_mode_(?:activated|enabled|engaged|is_(?:now_)?(?:on|active|enabled))_<w8>(?:without|no|disable|disabled|ignore|unrestricted|off|bypass)`),
  cue(F, 1, String.raw`(?:system|admin|priority|security|compliance|operator)_(?:instruction|directive|notice|update|message|order)_?(?:\(|:|-)`),
  cue(F, 2, String.raw`(?:the_human|the_user|they|he|she|the_owner|the_customer|your_user|the_client)_(?:has_|have_)?already_(?:agreed|approved|consented|authorized|authorised|confirmed|signed_off|accepted|said_yes|given_(?:permission|consent|approval))`),
  cue(F, 2, String.raw`(?:you_)?(?:don't|do_not|dont|no|won't|will_not)_(?:need|have)_to_(?:check|confirm|verify|ask|consult|double-check|get_approval)_(?:with_|for_)?(?:them|the_user|the_human|anyone|anybody|me|first|again|permission|approval|confirmation)`),
  cue(F, 1, String.raw`no_need_to_(?:verify|confirm|ask|check|double-check|get_approval|wait_for)`),
  cue(F, 2, String.raw`(?:the_)?(?:user|human|owner|customer|boss|operator|client|developer)_(?:asked|told|wants|instructed|requested)_(?:me_)?to_(?:tell|ask|remind|instruct|let)_you`),
  cue(F, 2, String.raw`i'm_your_(?:new_)?(?:supervisor|admin|administrator|orchestrator|manager|operator|owner|controller|boss)(?:_agent|_bot)?`),
  cue(F, 2, String.raw`(?:treat|consider|regard|handle)_(?:this|the_following|these|my)_(?:email|message|text|document|request|instructions?|note)_as_(?:coming_from|if_(?:it_)?came_from|from|an?_order_from|a_command_from|an_instruction_from)_(?:the_|your_)?(?:ceo|admin|administrator|system|operator|owner|developer|boss|user|manager|orchestrator)`),
  cue(F, 2, String.raw`(?:you_are|you're)_(?:running_)?in_(?:a_)?(?:test|testing|sandbox|simulation|debug|demo)_(?:mode|environment)_(?:where|so|and|,)`),
  cue(F, 1, String.raw`(?:policy|rules?|permissions?)_update_?(?::|-)`),
  cue(F, 1, String.raw`(?:urgent|message|instructions?|request|orders?|notice)_from_(?:it|the_it_department|it_support|security|hr|the_ceo|management|your_manager|the_admin|the_administrator)`),
  cue(F, 2, String.raw`(?:i'm|i_am|we're|we_are)_(?:hereby_)?(?:instructing|ordering|commanding|authorizing|authorising|directing|telling|permitting)_you_to`),
  cue(F, 2, String.raw`as_(?:the|your)_(?:orchestrator|supervisor|administrator|admin|operator|system_owner|owner|developer|controller|planner)\s{0,2},`),
  cue(F, 2, String.raw`(?:the_)?(?:other|all_(?:the_)?other|remaining|fellow|peer)_(?:agents|assistants|models|bots)_(?:have_|all_)?(?:agreed|decided|approved|voted|confirmed|consented|authorized)`),
  cue(F, 2, String.raw`(?:they|these_instructions|this_(?:message|text|note|request)|the_instructions)_(?:come|comes|came|are_coming|is_coming)_from_(?:your|the)_(?:administrator|admin|developer|developers|operator|owner|creator|system|orchestrator|supervisor)`),
  cue(F, 1, String.raw`(?:override|authorization|auth|admin|access|priority|security)_(?:code|token|key|pin)_[a-z0-9-]{2,20}\s?:`),
  cue(F, 2, String.raw`you_(?:now_)?(?:have|got|hold)_(?:now_)?(?:admin|administrator|root|full|superuser|elevated|unrestricted|owner)_(?:rights|privileges|permissions|access|powers)`),
  cue(F, 2, String.raw`you_(?:are|'re)_(?:now_)?(?:allowed|permitted|free|authorized|authorised|cleared)_to_(?:share|reveal|disclose|give_out|send|leak|publish|discuss)_<w2>(?:internal|confidential|secret|private|restricted|sensitive|hidden|proprietary)`),
  cue(F, 2, String.raw`(?:reminder|note|memo|update|notice)_from_(?:your|the)_(?:developer|developers|creator|creators|admin|administrator|operator|owner|maker|makers)`),
  // German
  cue(F, 3, String.raw`(?:ich_bin|hier_spricht|hier_ist|wir_sind)_(?:der|die|dein|deine|ihr|ihre|ein|eine)_(?:admin|administrator|administratorin|systemadministrator|entwickler|entwicklerin|orchestrator|supervisor|betreiber|eigentumer|besitzer|sicherheitsteam|vorgesetzte|vorgesetzter|system|root|leiter|koordinator)(?:-?agent)?`),
  cue(F, 3, String.raw`(?:systemuberschreibung|system-uberschreibung|system-override|admin-befehl|administratorbefehl|notfall-override|sicherheitsfreigabe)`),
  cue(F, 3, String.raw`(?:uneingeschrankt|uneingeschrankten|unzensierten|unzensiert|ungefilterten|ungefiltert|entwickler|dan|jailbreak)(?:en)?_?(?:modus|modi)_<w3>(?:aktiviert|aktiv|an|ein|eingeschaltet|ohne|alle|keine)`),
  cue(F, 3, String.raw`(?:aktiviere|aktivieren_sie|wechsle_in|wechseln_sie_in|schalte)_(?:den_)?(?:uneingeschrankten|unzensierten|ungefilterten|dan|jailbreak)_?(?:modus)`),
  cue(F, 3, String.raw`ohne_(?:jegliche_|alle_|irgendwelche_)?(?:einschrankungen|beschrankungen|filter|zensur|sicherheitsrichtlinien|regeln)_<w3>(?:antworte|antworten|ausgeben|reagiere|handle)`),
  cue(F, 3, String.raw`(?:autorisiert|genehmigt|freigegeben|bestatigt)_(?:durch|von)_(?:den|die|dem)_(?:admin|administrator|systemadministrator|entwickler|sicherheitsteam|betreiber|orchestrator)`),
  cue(F, 2, String.raw`(?:nachricht|mitteilung|anweisung|befehl)_(?:vom|von|des)_(?:dem_)?(?:administrator|systemadministrator|admin|entwickler|betreiber|orchestrator|sicherheitsteam)`),
  cue(F, 3, String.raw`(?:sicherheitsfilter|inhaltsfilter|filter|schutzmechanismen|sicherheitsrichtlinien|einschrankungen)_(?:sind|wurden|werden)_<w2>(?:deaktiviert|abgeschaltet|aufgehoben|entfernt|ausgeschaltet)`),
  cue(F, 2, String.raw`(?:der_)?(?:benutzer|nutzer|kunde)_hat_(?:bereits_|schon_)?(?:zugestimmt|eingewilligt|alles_genehmigt|genehmigt)`),
  cue(F, 2, String.raw`(?:systemnachricht|systemmeldung|admin-nachricht|wichtige_systemnachricht)_?:`),
  cue(F, 2, String.raw`als_(?:dein_|ihr_|der_)?(?:systemadministrator|administrator|admin|orchestrator|entwickler|betreiber|vorgesetzter|supervisor)_(?:weise|befehle|erlaube|autorisiere|ordne)_ich`),
  cue(F, 2, String.raw`(?:weise|befehle|erlaube|autorisiere)_ich_(?:dich|sie|dir|ihnen)_(?:an|zu)`),
  cue(F, 2, String.raw`(?:der_)?(?:benutzer|nutzer|kunde|mensch)_hat_(?:bereits|schon)_(?:allem_)?(?:zugestimmt|eingewilligt|genehmigt|alles_genehmigt)`),
  cue(F, 2, String.raw`(?:du_hast|sie_haben)_(?:jetzt|nun|ab_sofort)_(?:administratorrechte|adminrechte|root-rechte|vollzugriff|volle_rechte|administratorzugriff)`),
  // French
  cue(F, 3, String.raw`(?:je_suis|ici|c'est|nous_sommes)_(?:l'|le|la|ton|ta|votre|un|une)_?(?:administrateur|administratrice|admin|orchestrateur|superviseur|developpeur|developpeuse|createur|proprietaire|operateur|responsable_(?:securite|systeme)|equipe_de_securite|agent_(?:administrateur|orchestrateur|superviseur|principal))`),
  cue(F, 3, String.raw`(?:mode)_(?:developpeur|sans_restrictions?|sans_filtres?|non_restreint|libre|debride|illimite|administrateur|dan|jailbreak)_<w3>(?:active|actif|enclenche|tu|vous|sans|aucune|ignore)`),
  cue(F, 3, String.raw`(?:active|activez|passe_en|passez_en|bascule_en|basculez_en|entre_en|entrez_en)_(?:le_)?mode_(?:sans_restrictions?|sans_filtres?|non_restreint|debride|illimite|dan|jailbreak|developpeur)`),
  cue(F, 3, String.raw`(?:derogation|contournement|substitution)_(?:systeme|administrateur|du_systeme)`),
  cue(F, 3, String.raw`sans_(?:aucune_)?(?:restrictions?|filtres?|censure|limites|regles|garde-fous)_<w3>(?:reponds|repondez|agis|agissez|ecris|ecrivez|donne|donnez)`),
  cue(F, 3, String.raw`(?:autorise|autorisee|approuve|valide)_par_(?:l'|le|la)_?(?:administrateur|admin|equipe_de_securite|developpeur|orchestrateur|superviseur|proprietaire)`),
  cue(F, 2, String.raw`message_(?:de_l'|du_|de_la_)_?(?:administrateur|administratrice|developpeur|systeme|orchestrateur|superviseur|equipe_de_securite)`),
  cue(F, 3, String.raw`(?:les_)?(?:filtres|protections|garde-fous|restrictions|regles_de_securite)_(?:de_securite_|de_contenu_)?(?:sont|ont_ete)_<w2>(?:desactives|desactivees|supprimes|supprimees|leves|levees)`),
  cue(F, 2, String.raw`(?:je_t'autorise|je_vous_autorise|nous_t'autorisons|je_t'ordonne|je_vous_ordonne)_a`),
  cue(F, 2, String.raw`l'utilisateur_(?:a_)?(?:deja_)?(?:tout_)?(?:approuve|accepte|autorise|valide|consenti)`),
  cue(F, 2, String.raw`(?:inutile|pas_besoin)_de_(?:lui_|leur_)?(?:demander|verifier|obtenir)_(?:la_|sa_|une_)?(?:confirmation|autorisation|permission|validation|accord)`),
  cue(F, 2, String.raw`(?:tu_as|vous_avez)_(?:maintenant|desormais|a_present)_(?:les_|des_)?(?:droits|privileges|acces)_(?:administrateur|admin|root|complets|d'administrateur)`),
  // Spanish
  cue(F, 3, String.raw`(?:soy|somos|habla)_(?:el|la|tu|su|un|una)_(?:administrador|administradora|admin|orquestador|orquestadora|supervisor|supervisora|desarrollador|desarrolladora|creador|propietario|operador|dueno|equipo_de_seguridad|agente_(?:administrador|orquestador|supervisor|principal))`),
  cue(F, 3, String.raw`modo_(?:desarrollador|sin_restricciones|sin_filtros|sin_censura|irrestricto|libre|ilimitado|administrador|dan|jailbreak)_<w3>(?:activado|activo|activa|habilitado|tu|usted|sin|ninguna|ignora)`),
  cue(F, 3, String.raw`(?:activa|active|cambia_a|cambie_a|entra_en|entre_en|pasa_a|pase_a)_(?:el_)?modo_(?:sin_restricciones|sin_filtros|sin_censura|irrestricto|ilimitado|dan|jailbreak|desarrollador)`),
  cue(F, 3, String.raw`(?:anulacion|invalidacion)_(?:del_sistema|de_sistema|administrativa)`),
  cue(F, 3, String.raw`sin_(?:ninguna_|ningun_)?(?:restricciones|restriccion|filtros|censura|limites|reglas)_<w3>(?:responde|responda|actua|actue|escribe|escriba|da|de)`),
  cue(F, 3, String.raw`(?:autorizado|autorizada|aprobado|aprobada)_por_(?:el|la)_(?:administrador|admin|equipo_de_seguridad|desarrollador|orquestador|supervisor|propietario)`),
  cue(F, 2, String.raw`mensaje_(?:del|de_la)_(?:administrador|administradora|desarrollador|sistema|orquestador|supervisor|equipo_de_seguridad)`),
  cue(F, 3, String.raw`(?:los_)?(?:filtros|protecciones|restricciones|reglas_de_seguridad)_(?:de_seguridad_|de_contenido_)?(?:estan|han_sido|fueron|quedan)_<w2>(?:desactivados|desactivadas|deshabilitados|eliminados|eliminadas|levantados|suspendidos)`),
  cue(F, 2, String.raw`(?:te_autorizo|le_autorizo|os_autorizo|te_ordeno|le_ordeno)_a`),
  cue(F, 2, String.raw`el_usuario_(?:ya_)?(?:lo_)?(?:aprobo|autorizo|acepto|consintio|confirmo)`),
  cue(F, 2, String.raw`no_(?:hace_falta|es_necesario|necesitas)_(?:pedirle_|pedir_|solicitar_)?(?:la_|su_)?(?:confirmacion|autorizacion|permiso|aprobacion)`),
  cue(F, 2, String.raw`(?:tienes|tiene)_permiso_para_(?:saltarte|saltar|omitir|ignorar|evitar)_(?:la_|el_)?(?:revision|confirmacion|aprobacion|verificacion)`),
  cue(F, 2, String.raw`(?:ahora_)?(?:tienes|tiene|tenes)_(?:ahora_)?(?:permisos|privilegios|derechos|acceso)_(?:de_)?(?:administrador|admin|root|total|completo)`),
  // Portuguese, Italian
  cue(F, 3, String.raw`(?:sou|aqui_e)_(?:o|a|seu|sua|teu|tua)_(?:administrador|administradora|orquestrador|supervisor|desenvolvedor|criador|operador)`),
  cue(F, 3, String.raw`(?:sono|qui_e|qui_parla)_(?:l'|il|la|tuo|tua|vostro)_?(?:amministratore|amministratrice|orchestratore|supervisore|sviluppatore|creatore|operatore)`),
  cue(F, 3, String.raw`(?:modalita|modo)_(?:sviluppatore|senza_restrizioni|senza_filtri|illimitata|sem_restricoes|sem_filtros|desenvolvedor|irrestrito)`),
];

export const FAKE_AUTHORITY_SYMBOLS: Cue[] = [
  globalCue(F, 2, String.raw`\[(?:system|system_message|system_override|system_notice|system_instruction|admin_override|admin_message|orchestrator|supervisor|override|important_system_(?:message|notice))\]`),
  globalCue(F, 1, String.raw`\[(?:admin|administrator|developer|root|priority)(?:_(?:message|note|instruction|notice))?\]`),
  globalCue(F, 2, String.raw`<(?:system|admin|administrator|system_message|system-message|system_override|developer|developer_message|orchestrator|supervisor|override|sudo)(?:_(?:message|note|instruction))?>`),
];

export const FAKE_AUTHORITY_UNSPACED: Cue[] = [
  globalCue(F, 3, String.raw`(?:我是|我就是|这里是|這裡是)(?:你的|您的)?(?:管理员|管理員|系统管理员|系統管理員|开发者|開發者|开发人员|開發人員|协调者|協調者|主管|超级用户|超級用戶)`),
  globalCue(F, 3, String.raw`(?:系统覆盖|系統覆蓋|系统指令|系統指令|开发者模式|開發者模式|无限制模式|無限制模式)`),
  globalCue(F, 3, String.raw`(?:私は|わたしは)(?:あなたの)?(?:管理者|開発者|システム管理者|オーケストレーター)`),
];
