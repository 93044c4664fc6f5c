/** What the Providers view says about a provider's key. Pure, tested under node. */
import type { ProviderStatus } from '../../../shared/api.js';

export interface KeyState {
  text: string;
  /** A key is where the gate will look for it. */
  ok: boolean;
  /** Key entry is offered: the key goes to the OS keychain (the desktop app). */
  canEnter: boolean;
}

export function keyState(p: Pick<ProviderStatus, 'keySource' | 'keyPresent' | 'keychainAvailable'> & { keyMissing?: string | null }): KeyState {
  // A local server (Ollama, llama.cpp) needs no key: nothing to warn about when none is set.
  const needed = p.keyMissing !== null;
  if (p.keySource.startsWith('env:')) {
    const name = p.keySource.slice('env:'.length);
    if (p.keyPresent) return { text: `from the environment variable ${name} (set)`, ok: true, canEnter: false };
    return needed
      ? { text: `the environment variable ${name} is not set in the gate's environment`, ok: false, canEnter: false }
      : { text: `no key needed (${name} is optional and not set)`, ok: true, canEnter: false };
  }
  if (!p.keyPresent && !needed) {
    return { text: 'no key needed for this server', ok: true, canEnter: p.keychainAvailable };
  }
  if (!p.keychainAvailable) {
    // Headless (serve --ui, CLI): there is no OS keychain to write to, and keys never go in config.yaml.
    return { text: 'keychain not available here — set apiKey: { env: NAME }', ok: p.keyPresent, canEnter: false };
  }
  return p.keyPresent
    ? { text: 'key stored in the OS keychain', ok: true, canEnter: true }
    : { text: 'no key stored — enter one; it is kept in the OS keychain and never shown again', ok: false, canEnter: true };
}
