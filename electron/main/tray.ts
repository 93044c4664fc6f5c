/** Tray icon with the pending count; the gate keeps running here when the window is closed. */
import { Menu, Tray, nativeImage } from 'electron';
import { trayLabel } from './security.js';

export interface TrayActions {
  show(): void;
  quit(): void;
}

export interface GateTray {
  setPending(count: number): void;
  destroy(): void;
}

export function createGateTray(icons: { idle: string; pending: string }, actions: TrayActions): GateTray {
  const idle = nativeImage.createFromPath(icons.idle);
  const pending = nativeImage.createFromPath(icons.pending);
  const tray = new Tray(idle);
  const render = (count: number): void => {
    tray.setImage(count > 0 ? pending : idle);
    tray.setToolTip(trayLabel(count));
    // macOS shows the title next to the icon; elsewhere the tooltip and the badged icon carry it.
    tray.setTitle(count > 0 ? String(count) : '');
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: trayLabel(count), enabled: false },
        { type: 'separator' },
        { label: 'Open Sampling Gate', click: actions.show },
        { label: 'Quit (denies pending requests)', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.show);
  render(0);
  return {
    setPending: render,
    destroy: () => tray.destroy(),
  };
}
