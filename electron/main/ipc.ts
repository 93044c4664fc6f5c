/** Registers one ipcMain handler per gate method and forwards gate events to the window. */
import type { IpcMain, WebContents } from 'electron';
import type { GateClient, GateMethod } from '../../shared/api.js';
import { GATE_EVENTS, gateMethods } from '../../shared/api.js';
import { eventChannel, methodChannel } from '../channels.js';
import { createIpcHandler } from './ipc-handler.js';

export function registerGateIpc(ipcMain: IpcMain, client: GateClient, rendererUrl: () => string): () => void {
  const handle = createIpcHandler(client, rendererUrl);
  const methods = Object.keys(gateMethods) as GateMethod[];
  for (const method of methods) {
    ipcMain.handle(methodChannel(method), (event, params: unknown) => handle(method, event, params));
  }
  return () => {
    for (const method of methods) ipcMain.removeHandler(methodChannel(method));
  };
}

/** Push every gate event to one window's renderer; returns the unsubscribe. */
export function forwardGateEvents(client: GateClient, target: () => WebContents | null): () => void {
  const offs = GATE_EVENTS.map((event) =>
    client.on(event, (payload) => {
      const wc = target();
      if (wc && !wc.isDestroyed()) wc.send(eventChannel(event), payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
