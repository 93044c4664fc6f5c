/**
 * Words that say who a sentence is addressed to and how it is meant, in the languages servers
 * use. They never raise a flag alone; context.ts uses them to raise or lower a cue's score.
 */
import { Ctx } from './matcher.js';
import { foldPattern } from './normalize.js';

const KINDS: [number, string][] = [
  // Addressed to the model (not "model" or "agent": in code documentation they are data models and HTTP agents).
  [Ctx.Model, 'assistant assistants ai llm llms chatbot chatgpt gpt claude gemini copilot ki ia asistente assistente assistent modelo'],
  [Ctx.You, "you your yourself you're youre du dich dir dein deine deinen deinem deiner tu toi ton ta tes vous votre vos te ti tus usted ustedes vosotros voce tuo tua tuoi"],
  [Ctx.Negation, "not never don't dont doesn't doesnt cannot can't won't shouldn't mustn't no nor nicht nie niemals kein keine keinesfalls ne pas jamais nunca jamas nao non mai"],
  [
    Ctx.Security,
    'attack attacks attacker attackers injection injections injected malicious adversarial adversary jailbreak jailbreaks jailbreaking exploit exploits exploited ' +
      'vulnerability vulnerabilities payload payloads phishing threat threats mitigation mitigations mitigate detect detects detection detector detectors ' +
      'classifier guardrail guardrails owasp cve sanitize sanitise sanitizer redteam red-team pentest penetration hackers hacker scam scams spoofing spoofed impersonation ' +
      'poisoning poisoned exfiltration exfiltrate exfiltrates exfiltrating hijacking jailbreakers pretexting fraud fraudsters scammers defenders mitigations countermeasures benchmark ' +
      'fraudster scammer phisher phishers impostor impostors impersonates impersonating red-teamers ' +
      "attacker's attackers' hacker's adversary's " +
      'angriff angriffe angreifer bosartig schadlich attaque attaques attaquant attaquants malveillant malveillante ataque ataques atacante atacantes malicioso maliciosa inyeccion',
  ],
  [Ctx.Urgent, 'urgent urgently immediately asap emergency mandatory dringend sofort umgehend urgence immediatement urgente inmediatamente'],
  [Ctx.Permissive, 'can could may might optionally optional allows allow lets enables able kann konnen puede pueden peut pouvez podes pode'],
  [Ctx.Intro, 'example examples instance such like phrase phrases string strings says said wrote writes reads called quote quoted typed beispiel exemple ejemplo'],
  [
    Ctx.Sensitive,
    'password passwords passcode credentials credential token tokens secret secrets api-key apikey keys conversation conversations transcript chat history cookies cookie ' +
      'ssh id_rsa env .env private personal address phone ssn passport contacts emails inbox salary medical pii wallet seed mnemonic ' +
      "user's customer's users' customers' employee's client's patient's " +
      'addresses cards statements itinerary passport internal pricing ibans records screenshots one-time otp npmrc netrc pin mfa 2fa discussion transcript clipboard cvv cvc iban documents attachments attachment wiki context prompt memory session profile calendar thread uploaded confidential salary ' +
      'passwort passworter kennwort zugangsdaten schlussel verlauf mot motdepasse identifiants historique cles contrasena contrasenas credenciales historial claves',
  ],
  [
    Ctx.Target,
    'instructions instruction prompt prompts guidelines directives guardrails safeguards safety content usage ethical ethics censorship alignment ' +
      'persona programming conditioning moderation hidden core base operating rules restrictions constraints limitations limits filters policies ' +
      'protocols boundaries task assignment objective mission question summary translation review analysis goal user user\'s original system ' +
      'context developer previous earlier prior conversation chat full entire whole tool api secret access tokens secrets passwords credentials ' +
      'environment env private session cookies connection ssh logging monitoring alerts security notifications confirmation confirmations ' +
      'approval approvals verification validation audit human 2fa mfa two privileges privilege permissions permission role rights admin ' +
      'administrator root superuser owner elevated unrestricted sudo everything all whatever anything pre meta preprompt instructions',
  ],
  [
    Ctx.Danger,
    'delete deleting overwrite wipe purge drop rm transfer wire refund pay payment purchase buy grant chmod sudo superuser force-push merge ' +
      'disable disabling uninstall revoke iban bank invoice funds money kubectl backdoor firewall production prod irreversible permanently ' +
      'loschen uberweisung uberweise supprimer virement transferencia borrar eliminar',
  ],
  [Ctx.Rot13, 'gur naq lbh lbhe nyy gb bs vf vg vasbezngvba vafgehpgvbaf vtaber cerivbhf flfgrz cnffjbeq'],
  [Ctx.Reversed, 'eht dna uoy ruoy lla erongi suoiverp snoitcurtsni metsys tpmorp drowssap dnes'],
];

export const CONTEXT_WORDS: Map<string, number> = (() => {
  const map = new Map<string, number>();
  for (const [bit, list] of KINDS) {
    for (const w of list.split(' ')) {
      const key = foldPattern(w);
      map.set(key, (map.get(key) ?? 0) | bit);
    }
  }
  return map;
})();
