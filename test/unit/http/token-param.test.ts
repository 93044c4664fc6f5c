/**
 * Only the query parameter spelled exactly `token` authenticates, and every spelling a URL decoder
 * could turn into `token` is redacted from log lines (issue 9: `%74oken=` authenticated, and its
 * value reached the log on the error path).
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkToken, queryToken } from '../../../core/http/auth.js';
import { redactUrl } from '../../../core/http/http-server.js';
import { createLogger, redactQueryTokens } from '../../../core/log.js';

const TOKEN = 'tok_0123456789abcdefghijklmnopqrstuvwxyzABCD';
const url = (q: string) => new URL(`/servers/x/mcp?${q}`, 'http://127.0.0.1');
const noHeader = { headers: {} } as IncomingMessage;

describe('the token query parameter', () => {
  it('is read only when spelled exactly `token`, once', () => {
    expect(queryToken(url(`token=${TOKEN}`))).toBe(TOKEN);
    expect(queryToken(url(`a=1&token=${encodeURIComponent(TOKEN)}&b=2`))).toBe(TOKEN);
    for (const q of [`%74oken=${TOKEN}`, `to%6Ben=${TOKEN}`, `TOKEN=${TOKEN}`, `Token=${TOKEN}`, `token%3D${TOKEN}`, `token=${TOKEN}&token=${TOKEN}`, 'token=%ZZ']) {
      expect(queryToken(url(q)), q).toBeNull();
    }
  });

  it('a variant spelling does not authenticate', () => {
    expect(checkToken(noHeader, url(`token=${TOKEN}`), TOKEN)).toEqual({ ok: true });
    expect(checkToken(noHeader, url(`%74oken=${TOKEN}`), TOKEN)).toMatchObject({ ok: false, status: 401 });
  });
});

describe('redaction', () => {
  it('redacts every spelling of the parameter, and nothing else', () => {
    for (const q of ['token=SECRET', '%74oken=SECRET', 'TO%6BEN=SECRET', 't%6F%6b%65n=SECRET', '%2574%256F%256B%2565%256E=SECRET', 'token%3DSECRET']) {
      const out = redactUrl(`/servers/x/mcp?a=1&${q}&b=2`);
      expect(out, q).not.toContain('SECRET');
      expect(out).toContain('&b=2');
    }
    expect(redactQueryTokens('/x?tokens=keep&mytoken=keep')).toBe('/x?tokens=keep&mytoken=keep');
  });

  it('the logger scrubs them from every line, with or without the secret registered', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
    log.redact(TOKEN);
    log.error(`http GET /servers/%ZZ/mcp?%74oken=not-the-token-value failed`);
    log.warn('request', { url: `/mcp?TO%6BEN=${encodeURIComponent('other secret')}` });
    log.info(`bearer Bearer ${TOKEN} and raw ${TOKEN}`);
    const all = lines.join('\n');
    expect(all).not.toMatch(/not-the-token-value|other%20secret/);
    expect(all).not.toContain(TOKEN);
  });
});
