/**
 * Form fields that ask for a secret. The spec says servers MUST NOT use form mode for passwords,
 * API keys, tokens or payment credentials — nothing enforces it but the client — so the gate looks
 * at every field's name, title, description and format for what grants access or authorises a
 * payment: passwords and passphrases, API and private keys, tokens, client secrets, seed and
 * recovery phrases, one-time and verification codes, card numbers and CVVs, IBANs and account
 * numbers, social security numbers; in English and the languages servers commonly speak (German,
 * French, Spanish, Portuguese, Italian, Dutch, Polish, Russian, Ukrainian, Turkish, Arabic, Hindi,
 * Chinese, Japanese, Korean). Such a field's flag is `high`, and its value is never written
 * anywhere by the gate.
 *
 * Every pattern is a plain alternation with bounded gaps: linear in the text.
 */

/** Terms that name a secret wherever they occur (case-insensitive, on word boundaries where the script has them). */
const SECRET_TERMS: readonly RegExp[] = [
  // English
  /\bpass(?:word|phrase|code)s?\b|\bpasswd\b|\bpwd\b|\bpin\s?number\b/iu,
  /\bPIN\b/u,
  /\b(?:api|access|secret|private|signing|encryption|decryption|ssh|gpg|pgp|wallet|master|license|licence|product|activation|client|app|auth|deploy|webhook|integration|service[\s_-]?account)[\s_-]?keys?\b|\bapikeys?\b/iu,
  /\b(?:client|shared|webhook|app|api|consumer|signing|totp|otp|2fa|mfa)[\s_-]?secrets?\b|\bsecrets?\b/iu,
  /\b(?:access|auth|bearer|refresh|api|session|personal|oauth2?|id|csrf|security|github|gitlab|slack|discord|npm|pypi|bot|app|deploy|jwt)[\s_-]?tokens?\b/iu,
  /\b(?:seed|recovery|mnemonic|secret|backup|wallet)[\s_-]?(?:phrase|words?)\b|\bmnemonic\b|\b(?:12|24)[\s-]word\b/iu,
  /\b(?:one[\s-]?time|otp|2fa|mfa|two[\s-]factor|verification|authentication|auth|security|sms|totp|login)[\s_-]?(?:code|pin|password)\b|\b(?:otp|totp)\b/iu,
  /\b(?:credit|debit|payment|bank)[\s_-]?card(?:[\s_-]?(?:number|no|num))?\b|\bcard[\s_-]?(?:number|no|num|holder[\s_-]?number)\b|\bc(?:vv|vc|sc|id)2?\b|\bcard[\s_-]?(?:security|verification)[\s_-]?(?:code|value)\b/iu,
  /\biban\b|\brouting[\s_-]?number\b|\b(?:bank[\s_-]?)?account[\s_-]?(?:number|no)\b|\bsort[\s_-]?code\b/iu,
  /\bssn\b|\bsocial[\s_-]?(?:security|insurance)[\s_-]?(?:number|no)?\b|\bnational[\s_-]?insurance[\s_-]?number\b|\btax[\s_-]?(?:id|file)[\s_-]?number\b/iu,
  /\bcredentials?\b|\bprivate[\s_-]?key\b/iu,
  // German
  /\b(?:passwort|kennwort|geheimzahl|geheimnis|zugangsdaten|einmalpasswort|best[äa]tigungscode|sicherheitscode|pr[üu]fnummer|pr[üu]fziffer|kartennummer|kreditkartennummer|sozialversicherungsnummer|steuer-?id)\b|(?:api|privater|geheimer|zugangs)[\s-]?schl[üu]ssel/iu,
  // French
  /\bmot\s(?:de\s)?passe\b|\bphrase\s(?:secr[èe]te|de\spasse|de\sr[ée]cup[ée]ration)\b|\bcl[ée]\s(?:api|priv[ée]e|secr[èe]te|d['’]api|d['’]acc[èe]s)\b|\bjeton\b|\bnum[ée]ro\sde\s(?:carte|s[ée]curit[ée]\ssociale)\b|\bcryptogramme\b|\bcode\s(?:de\ss[ée]curit[ée]|confidentiel|de\sv[ée]rification)\b/iu,
  // Spanish and Portuguese
  /\bcontrase[ñn]a\b|\bclave\s(?:api|de\sapi|privada|secreta|de\sacceso)\b|\bfrase\s(?:semilla|de\srecuperaci[óo]n)\b|\bn[úu]mero\sde\s(?:tarjeta|la\starjeta|seguro\ssocial|cuenta)\b|\bc[óo]digo\sde\s(?:seguridad|verificaci[óo]n)\b/iu,
  /\bsenha\b|\bchave\s(?:privada|de\sapi|secreta|de\sacesso)\b|\bn[úu]mero\sdo\scart[ãa]o\b|\bc[óo]digo\sde\s(?:seguran[çc]a|verifica[çc][ãa]o)\b/iu,
  // Italian, Dutch, Polish, Turkish
  /\bparola\sd['’]ordine\b|\bchiave\s(?:privata|api|segreta)\b|\bnumero\sdella\scarta\b|\bcodice\sdi\s(?:sicurezza|verifica)\b/iu,
  /\bwachtwoord\b|\bgeheime\ssleutel\b|\bpriv[ée]sleutel\b|\bpincode\b|\bhas[łl]o\b|(?<!\p{L})[şs]ifre(?!\p{L})/iu,
  // Russian, Ukrainian
  /пароль|секретн\p{L}{0,6}\s(?:ключ|код|фраз)|(?:приватн|закрыт)\p{L}{0,4}\sключ|токен|номер\sкарты|код\s(?:подтверждения|безопасности)/iu,
  // Arabic, Hindi
  /كلمة\s(?:المرور|السر)|رمز\s(?:التحقق|الأمان)|पासवर्ड|गुप्त\sकुंजी/u,
  // Chinese, Japanese, Korean
  /密码|密碼|口令|密钥|密鑰|私钥|私鑰|令牌|助记词|助記詞|卡号|卡號|信用卡|验证码|驗證碼|安全码|安全碼|パスワード|暗証番号|秘密鍵|トークン|カード番号|認証コード|セキュリティコード|비밀번호|암호|토큰|카드\s?번호|인증\s?코드|보안\s?코드/u,
];

/** Words that turn "token" or "key" into something ordinary: a model's token limit, a sort key. */
const ORDINARY = /\b(?:max(?:imum)?|min(?:imum)?|num(?:ber)?\s(?:of\s)?|count|limit|budget|usage|length)\s?tokens?\b|\btokens?\s(?:count|limit|budget|usage)\b/iu;

/**
 * The case-insensitive patterns without their `i`, to run on the text lowercased once: a Unicode
 * case-insensitive regex folds case at every position it tries, which made the forty or so texts
 * of a 13-field form cost about a millisecond; on lowercased text the same patterns cost a
 * twentieth of it. (Their sources are written in lower case; the unit test holds them to it.)
 */
export const LOWERCASE_SOURCES: readonly { pattern: RegExp; lowered: boolean }[] = [ORDINARY, ...SECRET_TERMS].map((r) =>
  r.flags.includes('i') ? { pattern: new RegExp(r.source, r.flags.replace('i', '')), lowered: true } : { pattern: r, lowered: false },
);
const [ORDINARY_LOWER, ...TERMS_LOWER] = LOWERCASE_SOURCES;

export interface SecretMatch {
  /** Where it was found: `name`, `title`, `description` or `format`. */
  where: 'name' | 'title' | 'description' | 'format';
  term: string;
  start: number;
  end: number;
}

/** What, if anything, makes one form property ask for a secret. `name` is the property's key. */
export function secretIn(name: string, prop: Record<string, unknown>): SecretMatch | null {
  if (prop.format === 'password' || prop.writeOnly === true) return { where: 'format', term: prop.format === 'password' ? 'format: password' : 'writeOnly', start: 0, end: 0 };
  const candidates: [SecretMatch['where'], string][] = [['name', words(name)]];
  if (typeof prop.title === 'string') candidates.push(['title', prop.title]);
  if (typeof prop.description === 'string') candidates.push(['description', prop.description.slice(0, 4096)]);
  for (const [where, text] of candidates) {
    const lower = text.toLowerCase();
    // Lowercasing may change a text's length (İ becomes i + a combining dot): then the original
    // case-insensitive patterns, so that the span still points at the right characters.
    if (lower.length !== text.length) {
      if (ORDINARY.test(text)) continue;
      const hit = firstMatch(SECRET_TERMS.map((pattern) => ({ pattern, lowered: false })), text, text);
      if (hit) return { where, ...hit };
      continue;
    }
    if (ORDINARY_LOWER!.pattern.test(lower)) continue;
    const hit = firstMatch(TERMS_LOWER, text, lower);
    if (hit) return { where, ...hit };
  }
  return null;
}

function firstMatch(patterns: readonly { pattern: RegExp; lowered: boolean }[], text: string, lower: string): Omit<SecretMatch, 'where'> | null {
  for (const { pattern, lowered } of patterns) {
    const m = pattern.exec(lowered ? lower : text);
    if (m) return { term: text.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length };
  }
  return null;
}

/** `apiKey`, `api_key`, `API-KEY` → `api Key`, `api key`, `API KEY`: a property name read as words. */
function words(name: string): string {
  return name
    .slice(0, 256)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ');
}
