/** Pattern pieces several phrase families share (written in cue.ts's shorthand). */

/** Up to four determiners and fillers before a noun: "all of the", "your", "any such". */
export const DET = String.raw`(?:(?:all|any|every|each|the|your|its|their|my|our|these|those|this|that|of|such|other|whatever|entire|whole|complete|full|about)_){0,4}`;

/** What makes a rule "the one you had": previous, system, original … */
export const PRIOR = String.raw`(?:previous|previously_given|prior|above|earlier|preceding|former|initial|original|old|system|existing|given|current|default|developer|safety|security|built-in|builtin|underlying|hidden|core|programmed|standing|foregoing|aforementioned|last|first|ethical|moral|content|openai|anthropic)`;

/** Things only a model has: its instructions, prompt, programming. */
export const MODEL_RULES = String.raw`(?:instructions?|prompts?|directives?|guidelines?|guidance|programming|training|system_prompt|system_message|safety_(?:guidelines|rules|filters|protocols|policies|measures|restrictions)|guardrails?|safeguards?|content_polic(?:y|ies)|ethical_guidelines|alignment|conditioning|persona|directions)`;

/** Things any software has (rules, settings, filters): an attack only with PRIOR before them. */
// Not "message": "ignore the previous message, wrong chat" is everyday chat.
export const ANY_RULES = String.raw`(?:rules?|commands?|orders?|constraints?|restrictions?|polic(?:y|ies)|context|messages|limits?|limitations?|filters?|settings?|configuration|boundaries|principles|protocols?|requirements?|tasks?|conversation|inputs?|text|content)`;

/** What a server should never get, whatever the wording: the conversation, the prompt, secrets. */
export const SENSITIVE = String.raw`(?:conversations?|chat_(?:history|log|logs|transcripts?|messages)|conversation_(?:history|log|logs|so_far|context|transcript)|transcripts?|context_window|(?:previous|prior|earlier|past)_(?:messages|conversations?|turns)|messages_so_far|everything_(?:you_know|above|so_far|in_(?:your|the)_(?:context|memory))|(?:your|the)_memory|system_(?:prompt|message|instructions)|hidden_(?:prompt|instructions)|api_?keys?|api-keys?|access_keys?|secret_keys?|private_keys?|ssh_keys?|secrets|passwords?|passcodes?|passphrases?|env(?:ironment)?_(?:variables|vars|file)|env_vars|id_rsa|~\/\.ssh|~\/\.aws|aws_(?:credentials|secret_keys?|access_keys?)|session_(?:tokens?|cookies?)|auth(?:entication)?_tokens?|bearer_tokens?|access_tokens?|refresh_tokens?|personal_access_tokens?|oauth_tokens?|ssh_(?:config|folder|directory|private_keys?)|known_hosts|authorized_keys|personal_(?:data|information|details)|pii|customer_(?:data|records|list|information|details|emails)|connection_strings?|database_(?:password|credentials|url)|credit_card(?:_(?:numbers?|details))?|card_numbers?|payment_(?:details|information)|bank_(?:details|account_(?:details|numbers?))|seed_phrases?|recovery_phrases?|mnemonic|wallet_keys?)`;

/** Ordinary objects ("upload files", "send messages") that are sensitive only when they are all, yours or private. */
export const SENSITIVE_WEAK = String.raw`(?:credentials?|tokens?|cookies?|files?|documents?|emails?|e-mails?|messages|history|context|data|information|database|repository|repo|codebase|source_code|contacts?|inbox|notes|keys|memory|memories|everything|location|ip_address|address|phone_number|home_address|calendar|browsing_history|records)`;
const WEAK_OWNER = String.raw`(?:all|every|your|user's|users'|the_user's|their|private|local|confidential|sensitive|internal|entire|whole|stored|saved|personal|secret)`;

/** A sensitive object with its determiners: "the full chat history", "all the user's files". */
export const OBJECT = String.raw`(?:(?:(?:the|your|all|all_the|any|every|each|my|our|their|full|entire|complete|whole|current|this|these|those|of|user's|users'|the_user's|previous|prior|raw|stored|saved|available|relevant|local|private|sensitive|secret|confidential|internal|a_copy_of|copies_of|the_contents_of|contents_of|everything_in|all_of|text_of|full_text_of|wording_of|content_of)_){0,4}${SENSITIVE}|(?:(?:the|a_copy_of|copies_of|contents_of|of)_){0,2}${WEAK_OWNER}_(?:(?:the|of|user's|users'|their|your|current|project|workspace|home|local)_){0,3}${SENSITIVE_WEAK})`;

/** A host named without a scheme, with a path or a port ("collect.example/api", "sync.example:8443", "t.me/bot"). */
const BARE_HOST = String.raw`[a-z0-9-]{1,40}(?:\.[a-z0-9-]{1,40}){1,3}(?:\/[a-z0-9\x5f-]|:\d{2,5})`;
/** A place described rather than written out: "our sync server", "the Telegram bot", "a public pastebin", a phone number. */
export const NAMED_SINK = String.raw`(?:(?:our|my|the|a|an|this|their)_)?(?:(?:own|external|remote|private|outside|third-party|personal|public|secret|sync|backup|collection|collector|logging|analytics|archive|verification|mirror|relay|drop|staging)_)(?:server|service|endpoint|site|bucket|inbox|mailbox|address|form|bot|pastebin|gist|paste|drive|folder|share|account|repo|repository|issue|channel|storage|host|api)|(?:the_|a_|an_)?(?:telegram|discord|slack|whatsapp|signal|teams)_(?:bot|channel|webhook|group|chat|integration)|(?:the_|a_)?contact_form|(?:the_|a_)?comment_field|(?:an?_)?(?:email|e-mail|message)_addressed_to|(?:a_|an_)?(?:text_message|sms)|\+\d{1,3}[\s\d-]{6,16}\d`;

/** Where exfiltrated data goes. */
export const DESTINATION = String.raw`(?:https?:\/\/|www\.|s3:\/\/|gs:\/\/|ftp:\/\/|(?:the_|a_)?(?:slack|discord|telegram|teams|public)_channel|#[a-z0-9-]{2,30}|public_(?:gist|repo|repository|bucket|paste)|[a-z0-9.\x5f-]{1,40}@[a-z0-9-]{1,40}\.|webhook|endpoint|(?:this|that|the_following|my|our|an?_external|a_remote|the_remote|a_third-party|their)_(?:url|link|address|server|endpoint|email|e-mail|site|domain|host|ip|webhook|api|bucket|channel|inbox)|pastebin|discord|telegram|ngrok|requestbin|webhook\.site|burpcollaborator|interact\.sh|attacker|external_server|remote_server|c2|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|${BARE_HOST}|${NAMED_SINK})`;

/** Verbs that only ever move something somewhere: worth a long look ahead for the destination. */
export const SEND_STRONG = String.raw`(?:send|forward|upload|post|transmit|email|e-mail|mail|dispatch|bcc|mirror|replicate|submit|leak|paste|drop|exfiltrate|exfil|relay|pipe|beacon|deliver|dump|sync|push|export|transfer|share|copy|report|publish|stream|ship|smuggle|attach|beam)`;
/** The other sending verbs (include, write, open …): ordinary in documentation, so a shorter look ahead. */
export const SEND_WEAK = String.raw`(?:back_up|redirect|route|encode|append|include|embed|put|write|save|log|store|curl|fetch|call|ping|hit|visit|open|load|request|navigate_to|browse_to|make_a_request_to)`;
/** Sending verbs, bare (imperative) forms in English. */
export const SEND = String.raw`(?:send|forward|upload|post|transmit|email|e-mail|mail|dispatch|bcc|mirror|replicate|back_up|submit|leak|paste|drop|exfiltrate|exfil|relay|pipe|beacon|deliver|dump|sync|push|export|transfer|share|copy|report|publish|stream|redirect|route|ship|smuggle|encode|append|attach|include|embed|put|write|save|log|store|curl|fetch|call|ping|hit|visit|open|load|request|navigate_to|browse_to|make_a_request_to)`;
