/**
 * The main-side half of the IPC carrier, free of Electron imports so it is unit-tested: every call
 * is checked for its sender, then its params are parsed with the contract's zod schema, then handed
 * to the in-process GateClient. Failures come back as Result values (a thrown error loses its code).
 */
import type { GateClient, GateMethod } from '../../shared/api.js';
import { parseGateCall } from '../../shared/api.js';
import type { Result } from '../../shared/result.js';
import { fail } from '../../shared/result.js';
import { isTrustedSenderUrl } from './security.js';

/** What the handler needs from Electron's IpcMainInvokeEvent. */
export interface SenderInfo {
  senderFrame: { url: string; parent: unknown } | null;
}

export function createIpcHandler(client: GateClient, rendererUrl: () => string) {
  return async function handle(method: GateMethod, event: SenderInfo, params: unknown): Promise<Result<unknown>> {
    const frame = event.senderFrame;
    // Only our own page's top frame: never an iframe, never a page we navigated away to.
    if (!frame || frame.parent !== null || !isTrustedSenderUrl(frame.url, rendererUrl())) {
      return fail('unauthorized', 'IPC from an untrusted sender');
    }
    const parsed = parseGateCall(method, params);
    if (!parsed.ok) return parsed;
    try {
      return await client.call(parsed.value.method, parsed.value.params);
    } catch (err) {
      return fail('internal', err instanceof Error ? err.message : 'internal error');
    }
  };
}
