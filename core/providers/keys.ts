/**
 * Where a provider's API key comes from (CONTRACT.md section 8). Keys are never in config.yaml,
 * history, a log line, or sent back to a UI once entered:
 * - `apiKey: { env: NAME }` — headless and CLI use; read from the gate's environment at call time;
 * - otherwise the desktop app's keychain: `keys.bin` in the data directory holds each key encrypted
 *   by an injected cipher (Electron `safeStorage`, i.e. the OS keychain / DPAPI / libsecret). The
 *   core has no cipher of its own: without the desktop app there is no keychain, and keys are refused
 *   rather than stored in a form anyone with the file could read.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ProviderConfig } from '../../shared/provider-schema.js';
import { writeFileAtomic } from '../atomic-write.js';

/** Encrypts with a key the OS keeps for this user (Electron safeStorage has exactly this shape). */
export interface KeyCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface KeyStore {
  readonly available: boolean;
  get(providerId: string): string | undefined;
  has(providerId: string): boolean;
  set(providerId: string, key: string): void;
  delete(providerId: string): void;
}

/** Keys encrypted one by one into a 0600 JSON file of base64 blobs; the plaintext lives only in memory, briefly. */
export class EncryptedKeyFile implements KeyStore {
  constructor(
    private readonly file: string,
    private readonly cipher: KeyCipher | null,
  ) {}

  get available(): boolean {
    return this.cipher?.isEncryptionAvailable() ?? false;
  }

  has(providerId: string): boolean {
    return Object.hasOwn(this.read(), providerId);
  }

  get(providerId: string): string | undefined {
    const blob = this.read()[providerId];
    if (blob === undefined || !this.available) return undefined;
    try {
      return this.cipher!.decryptString(Buffer.from(blob, 'base64'));
    } catch {
      return undefined; // encrypted for another user or machine: as good as absent
    }
  }

  set(providerId: string, key: string): void {
    if (!this.available) throw new Error('no OS keychain is available here: set apiKey: { env: NAME } for this provider in config.yaml instead');
    const all = this.read();
    all[providerId] = this.cipher!.encryptString(key).toString('base64');
    writeFileAtomic(this.file, JSON.stringify(all), 0o600);
  }

  delete(providerId: string): void {
    const all = this.read();
    if (!Object.hasOwn(all, providerId)) return;
    delete all[providerId];
    writeFileAtomic(this.file, JSON.stringify(all), 0o600);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    } catch {
      return {};
    }
  }
}

export interface ResolvedKey {
  /** `env:NAME`, `keychain` or `none` (providers --json `keySource`). */
  source: string;
  present: boolean;
  key: string | undefined;
  /** A required key that is missing: what to tell the user. */
  missing: string | null;
}

export function resolveKey(providerId: string, provider: ProviderConfig, keys: KeyStore, env: NodeJS.ProcessEnv = process.env): ResolvedKey {
  if (provider.apiKey) {
    const value = env[provider.apiKey.env];
    const present = typeof value === 'string' && value.length > 0;
    return {
      source: `env:${provider.apiKey.env}`,
      present,
      key: present ? value : undefined,
      missing: present || provider.apiKey.optional ? null : `provider "${providerId}": no API key — the environment variable ${provider.apiKey.env} is not set`,
    };
  }
  const key = keys.get(providerId);
  if (key !== undefined) return { source: 'keychain', present: true, key, missing: null };
  // No env and no keychain entry: a local OpenAI-compatible server (Ollama, llama.cpp) needs none;
  // Anthropic's and OpenAI's own APIs always do, so say so before making a call bound to fail.
  const needsKey = provider.kind === 'anthropic' || provider.baseUrl === undefined;
  return {
    source: 'none',
    present: false,
    key: undefined,
    missing: needsKey ? `provider "${providerId}": no API key — enter one in the app's Providers view, or set apiKey: { env: NAME } in config.yaml` : null,
  };
}
