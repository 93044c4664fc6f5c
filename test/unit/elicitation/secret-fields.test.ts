/** Form fields that ask for secrets, by name, title, description and format, in many languages. */
import { describe, expect, it } from 'vitest';
import { LOWERCASE_SOURCES, secretIn } from '../../../core/elicitation/secret-fields.js';

describe('secretIn', () => {
  it.each([
    ['password', {}],
    ['apiKey', {}],
    ['api_key', {}],
    ['GITHUB_TOKEN', { title: 'GitHub token' }],
    ['x', { title: 'Client secret' }],
    ['x', { description: 'Paste your 24-word recovery phrase' }],
    ['x', { title: 'Seed phrase' }],
    ['x', { title: 'Private key' }],
    ['x', { title: 'Card number' }],
    ['cvv', {}],
    ['x', { title: 'IBAN' }],
    ['ssn', {}],
    ['x', { title: 'Social Security number' }],
    ['x', { title: 'One-time code' }],
    ['x', { title: 'Verification code' }],
    ['pin', { title: 'PIN' }],
    ['x', { type: 'string', format: 'password' }],
    ['x', { writeOnly: true }],
    ['kennwort', {}],
    ['x', { title: 'Passwort' }],
    ['x', { title: 'API-Schlüssel' }],
    ['x', { title: 'Mot de passe' }],
    ['x', { title: 'Clé API' }],
    ['x', { title: 'Contraseña' }],
    ['x', { title: 'Número de tarjeta' }],
    ['x', { title: 'Senha' }],
    ['x', { title: 'Chiave privata' }],
    ['x', { title: 'Wachtwoord' }],
    ['x', { title: 'Hasło' }],
    ['x', { title: 'Пароль' }],
    ['x', { title: 'Şifre' }],
    ['x', { title: '密码' }],
    ['x', { title: 'パスワード' }],
    ['x', { title: '비밀번호' }],
    ['x', { title: 'كلمة المرور' }],
  ])('%s %j asks for a secret', (name, prop) => {
    expect(secretIn(name, prop as Record<string, unknown>)).not.toBeNull();
  });

  it.each([
    ['name', { title: 'Your name' }],
    ['email', { type: 'string', format: 'email' }],
    ['username', { title: 'GitHub username' }],
    ['maxTokens', { title: 'Maximum tokens' }],
    ['tokenLimit', { description: 'Token limit for the summary' }],
    ['keyboard', { title: 'Keyboard layout' }],
    ['sortKey', { title: 'Sort by' }],
    ['homepage', { type: 'string', format: 'uri' }],
    ['pinned', { title: 'Pin this note' }],
    ['passport', { title: 'Passport country' }],
  ])('%s %j does not', (name, prop) => {
    expect(secretIn(name, prop as Record<string, unknown>)).toBeNull();
  });

  it('points at the words that ask, in the title or description', () => {
    const hit = secretIn('x', { description: 'Please enter your password below' });
    expect(hit).toMatchObject({ where: 'description' });
    expect('Please enter your password below'.slice(hit!.start, hit!.end)).toBe('password');
  });

  it('matches the same words whatever their case, with the span on the original text', () => {
    for (const title of ['PASSWORD', 'Api Key', 'MOT DE PASSE', 'ПАРОЛЬ', 'CONTRASEÑA', 'Enter your SEED PHRASE here']) {
      const hit = secretIn('x', { title });
      expect(hit, title).not.toBeNull();
      expect(title.slice(hit!.start, hit!.end).toLowerCase()).toBe(hit!.term.toLowerCase());
    }
    // A text whose lowercase is longer (İ → i + U+0307): the span still points into the original.
    const title = 'İİİ Şifre';
    const hit = secretIn('x', { title });
    expect(title.slice(hit!.start, hit!.end)).toBe('Şifre');
  });

  it('the patterns run on lowercased text are written in lower case', () => {
    for (const { pattern, lowered } of LOWERCASE_SOURCES) {
      if (!lowered) continue;
      // Escapes (\b, \s, \p{L}) are not letters to match.
      const literal = pattern.source.replace(/\\[pP]\{[^}]*\}|\\./g, '');
      expect(literal, pattern.source).toBe(literal.toLowerCase());
    }
  });
});
