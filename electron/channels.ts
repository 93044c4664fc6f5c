/**
 * IPC channel names, one per gate method and event, shared by main and preload. Pure strings: the
 * sandboxed preload cannot load zod or anything from node_modules, so it imports only this file.
 */
export const METHOD_CHANNEL_PREFIX = 'gate:call:';
export const EVENT_CHANNEL_PREFIX = 'gate:event:';

export function methodChannel(method: string): string {
  return `${METHOD_CHANNEL_PREFIX}${method}`;
}

export function eventChannel(event: string): string {
  return `${EVENT_CHANNEL_PREFIX}${event}`;
}

/** main → page: show this request (its notification was clicked). Payload: the request id. */
export const OPEN_REQUEST_CHANNEL = 'desktop:open-request';
