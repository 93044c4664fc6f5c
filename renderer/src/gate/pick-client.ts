/**
 * Which carrier this renderer talks through: the Electron preload bridge when present, else the
 * WebSocket of `serve --ui`, authenticated with the token from the URL fragment (`#token=…`). The
 * fragment never reaches the server; it is moved to sessionStorage and wiped from the address bar
 * so it does not end up in screenshots, bookmarks or shared links.
 */
import type { GateBridge, GateClient } from '../../../shared/api.js';
import { WS_PATH } from '../../../shared/api.js';
import { bridgeClient } from './bridge-client.js';
import { WebSocketGateClient } from './ws-client.js';

const TOKEN_KEY = 'sampling-gate.token';

export type Carrier = { kind: 'electron'; client: GateClient } | { kind: 'websocket'; client: WebSocketGateClient };

export function pickClient(win: Window & { gate?: GateBridge }): Carrier {
  if (win.gate) return { kind: 'electron', client: bridgeClient(win.gate) };
  const token = takeToken(win);
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  return { kind: 'websocket', client: new WebSocketGateClient({ url: `${scheme}://${win.location.host}${WS_PATH}`, token }) };
}

export function tokenFromHash(hash: string): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(hash);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

function takeToken(win: Window): string {
  const fromHash = tokenFromHash(win.location.hash);
  if (fromHash) {
    win.sessionStorage.setItem(TOKEN_KEY, fromHash);
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}`);
    return fromHash;
  }
  return win.sessionStorage.getItem(TOKEN_KEY) ?? '';
}
