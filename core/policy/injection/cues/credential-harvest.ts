/**
 * Asking for secrets: "enter your API key here to continue", "verify your account within 24 hours",
 * "ask the user for their password". Setup guides say "enter your API key in the settings" and
 * "set OPENAI_API_KEY", so the request alone is weak; asked for here (in the chat, a reply, a link)
 * or with a threat or a deadline, it is the attack.
 */
import { cue } from '../cue.js';
import type { Cue } from '../cue.js';
import { Ctx } from '../matcher.js';

const F = 'credential-harvest';
const SECRET = String.raw`(?:id_card|identity_card|passport(?:_number)?|driver's_licen[cs]e|photo_id|api_?keys?|api-keys?|passwords?|passcodes?|pin(?:_(?:code|number))?|credentials?|login(?:_(?:details|credentials|information|info))?|username_and_password|sign-in_details|tokens?|access_tokens?|secret_keys?|secrets?|seed_phrases?|recovery_phrases?|mnemonic(?:_phrase)?|private_keys?|wallet_(?:keys?|phrases?)|2fa_codes?|mfa_codes?|otp|one-time_(?:codes?|passwords?)|verification_codes?|security_codes?|authentication_codes?|ssn|social_security_numbers?|credit_card(?:_(?:numbers?|details|information))?|card_(?:numbers?|details)|cvv|cvc|bank_(?:details|account(?:_(?:number|details))?|login)|account_(?:number|details|credentials)|session_cookies?|recovery_codes?|backup_codes?)`;
const GIVE = String.raw`(?:enter|provide|paste|type|share|send|give|submit|confirm|verify|re-enter|reenter|input|supply|disclose|reveal|update|validate|tell_me|tell_us|send_me|send_us|give_me|give_us|reply_with|respond_with|write_down|fill_in|read_out|hand_over)(?:_(?:immediately|now|quickly|right_away|urgently))?(?:_(?:me|us|him|her|them|it|the_[a-z]{3,15}|support|the_agent|the_caller|the_technician))?`;

export const CREDENTIAL_HARVEST: Cue[] = [
  cue(F, 1, String.raw`${GIVE}_(?:(?:your|the_user's|their|his|her|us_your|me_your|the|all|a|a_new|new|any)_){1,2}(?:[a-z0-9-]{2,20}_){0,2}${SECRET}`, { negatable: true }),
  // What setup guides never ask a reader to type: card numbers, one-time codes, seed phrases.
  cue(F, 1, String.raw`(?:confirm|verify|validate)_(?:your|their)_identity`),
  cue(F, 2, String.raw`(?:verify|confirm|validate|re-?verify|reactivate|unlock|restore|secure|update)_(?:your|the)_(?:account|identity|payment_(?:details|information|method)|billing_(?:details|information)|wallet)_<w6>(?:immediately|now|within|or_(?:your|it|the)|to_avoid|to_prevent|to_keep|urgent|suspended|locked|closed|terminated|deleted|by_clicking|click|at_(?:this|the_following)|via_(?:this|the_following)|here)`),
  cue(F, 2, String.raw`(?:your|the)_account_(?:has_been|will_be|is|was|may_be)_(?:temporarily_|permanently_)?(?:suspended|locked|disabled|terminated|compromised|deactivated|closed|restricted|flagged|limited|frozen|on_hold)`),
  cue(F, 2, String.raw`(?:unusual|suspicious|unauthorized)_(?:activity|login|sign-in|access|transaction)_(?:has_been_)?(?:detected|was_detected|on_your_account|from_your_account)`),
  cue(F, 1, String.raw`(?:click|tap|follow|visit|open)_(?:the_|this_)?(?:link|button|url)_<w4>(?:to_(?:verify|confirm|unlock|restore|reactivate|secure|avoid|claim|login|log_in|sign_in)|immediately|now|within)`),
  cue(F, 2, String.raw`(?:failure|failing|fail)_to_(?:verify|comply|respond|confirm|update)_<w8>(?:suspension|termination|deletion|closure|locked|suspended|terminated|deleted|closed|legal_action|penalty|fine)`),

  cue(F, 1, String.raw`(?:paste|type|enter|send|reply_with|write|put|drop|post|share|leave|dump)_(?:it|them|that|those)_(?:here|below|in_(?:this|the)_chat|in_your_reply|in_the_reply)`, { boost: Ctx.Sensitive }),
  cue(F, 2, String.raw`(?:we|i)_(?:need|require)_(?:your|their|the_user's)_(?:[a-z0-9-]{2,20}_){0,2}${SECRET}`),
  cue(F, 2, String.raw`(?:(?:we|it)_)?detected_(?:a|an|some|unusual|suspicious|unauthorized)_(?:new_|unusual_|suspicious_)?(?:login|sign-in|activity|access|transaction|device)`),
  cue(F, 2, String.raw`(?:confirm|verify|validate)_(?:your|their)_(?:identity|account|login)_by_(?:sending|entering|providing|replying|typing|sharing|clicking)`),
  cue(F, 2, String.raw`(?:sign_in|log_in|login|signin)_(?:at|to|on|via)_<w3>(?:within|immediately|now|or_(?:you|your)|before)`),
  cue(F, 1, String.raw`(?:your_)?(?:mailbox|storage|account|subscription|password|license)_(?:is_full|has_expired|expires_today|will_expire|is_about_to_expire|will_be_(?:deleted|closed|cancelled|canceled|suspended))`),
  cue(F, 2, String.raw`(?:your|the)_(?:computer|device|pc|phone|system|mac)_(?:is|has_been|may_be)_(?:infected|compromised|hacked|at_risk)`),
  // German
  cue(F, 3, String.raw`(?:gib|geben_sie|teile|teilen_sie|sende|senden_sie|schicke|schicken_sie|bestatige|bestatigen_sie|nenne|nennen_sie|tippe|tippen_sie)_(?:mir_|uns_)?(?:dein|deine|deinen|ihr|ihre|ihren)_(?:passwort|kennwort|api-schlussel|api_schlussel|zugangsdaten|pin|tan|kreditkartennummer|kreditkarte|anmeldedaten|bankdaten|iban|sicherheitscode|bestatigungscode|token|seed-phrase|wiederherstellungsphrase)`),
  cue(F, 2, String.raw`(?:ihr|dein)_(?:konto|account|benutzerkonto)_(?:wurde|wird|ist)_<w2>(?:gesperrt|deaktiviert|eingeschrankt|gekundigt|geloscht|kompromittiert)`),
  cue(F, 2, String.raw`(?:verifizieren|bestatigen|aktualisieren)_sie_(?:ihr|ihre|ihren)_(?:konto|identitat|zugangsdaten|zahlungsdaten|daten)`),
  // French
  cue(F, 3, String.raw`(?:entrez|saisissez|saisis|entre|fournissez|fournis|communiquez|communique|confirmez|confirme|envoyez|envoie|indiquez|indique|donnez|donne|partagez|partage|tapez|tape)_(?:[a-z]{3,15}ment_)?(?:(?:nous|moi)_)?(?:votre|vos|ton|ta|tes)_(?:mot_de_passe|mots_de_passe|cle_api|cles_api|identifiants|code_(?:pin|secret|de_verification|de_securite)|carte_bancaire|numero_de_carte|coordonnees_bancaires|jeton|phrase_de_recuperation|iban)`),
  cue(F, 2, String.raw`votre_compte_(?:a_ete|sera|est|va_etre)_<w2>(?:suspendu|bloque|desactive|ferme|restreint|supprime|compromis)`),
  cue(F, 2, String.raw`(?:verifiez|confirmez|mettez_a_jour|validez)_(?:votre|vos)_(?:compte|identite|identifiants|informations_de_paiement|coordonnees)`),
  // Spanish
  cue(F, 3, String.raw`(?:introduce|introduzca|ingresa|ingrese|proporciona|proporcione|envia|envie|enviame|confirma|confirme|comparte|comparta|escribe|escriba|da|dame|facilita|facilite|indica|indique)_(?:de_nuevo_|otra_vez_|nuevamente_)?(?:(?:nos|me)_)?(?:tu|su|tus|sus)_(?:contrasena|contrasenas|clave_api|claves_api|clave|credenciales|pin|codigo_(?:de_verificacion|de_seguridad|pin)|tarjeta_de_credito|numero_de_tarjeta|datos_bancarios|token|frase_de_recuperacion|cuenta_bancaria)`),
  cue(F, 2, String.raw`(?:su|tu)_cuenta_(?:ha_sido|sera|esta|fue|va_a_ser)_<w2>(?:suspendida|bloqueada|desactivada|cerrada|restringida|eliminada|comprometida)`),
  cue(F, 2, String.raw`(?:verifique|verifica|confirme|confirma|actualice|actualiza|valide|valida)_(?:su|tu)_(?:cuenta|identidad|credenciales|informacion_de_pago|datos)`),
  // Portuguese, Italian
  cue(F, 3, String.raw`(?:digite|informe|forneca|envie|confirme|compartilhe|inserisci|fornisci|invia|conferma|condividi|digita)_(?:a_sua|sua|seu|seus|suas|la_tua|tua|il_tuo|tuo|i_tuoi)_(?:senha|senhas|chave_api|credenciais|pin|cartao|password|chiave_api|credenziali|carta_di_credito|codice)`),
  cue(F, 2, String.raw`(?:sua|seu|il_tuo|tuo)_(?:conta|account)_(?:foi|sera|e_stato|sara)_<w2>(?:suspensa|bloqueada|desativada|sospeso|bloccato|disattivato)`),
];
