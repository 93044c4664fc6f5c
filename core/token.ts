/** The bearer token for the HTTP endpoint: 256 random bits in `<data dir>/token`, mode 0600. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { makePrivate } from './paths.js';

export function loadOrCreateToken(file: string): string {
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 32) {
      makePrivate(file);
      return token;
    }
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  makePrivate(file); // a short token file being replaced keeps its old mode otherwise
  return token;
}
