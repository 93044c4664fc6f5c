/** Tray icon with the pending count; the gate keeps running here when the window is closed. */
import { Menu, Tray, nativeImage } from 'electron';
import { trayLabel } from './security.js';

export interface TrayActions {
  show(): void;
  quit(): void;
  about(): void;
  /** Put `sampling-gate` on PATH (cli/cli-tool.ts). */
  installCliTool(): void;
  /** Start at login: opt-in, off by default. */
  startAtLogin: { get(): boolean; set(on: boolean): void };
}

export interface GateTray {
  setPending(count: number): void;
  destroy(): void;
}

export function createGateTray(icons: { idle: string; pending: string }, actions: TrayActions): GateTray {
  const idle = nativeImage.createFromPath(icons.idle);
  const pending = nativeImage.createFromPath(icons.pending);
  const tray = new Tray(idle);
  let count = 0;
  const render = (): void => {
    tray.setImage(count > 0 ? pending : idle);
    tray.setToolTip(trayLabel(count));
    // macOS shows the title next to the icon; elsewhere the tooltip and the badged icon carry it.
    tray.setTitle(count > 0 ? String(count) : '');
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: trayLabel(count), enabled: false },
        { type: 'separator' },
        { label: 'Open Sampling Gate', click: actions.show },
        {
          label: 'Start at login',
          type: 'checkbox',
          checked: actions.startAtLogin.get(),
          click: (item) => {
            actions.startAtLogin.set(item.checked);
            render();
          },
        },
        { label: 'Install command-line tool…', click: actions.installCliTool },
        { label: 'About Sampling Gate', click: actions.about },
        { type: 'separator' },
        { label: 'Quit (denies pending requests)', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.show);
  render();
  return {
    setPending: (n) => {
      count = n;
      render();
    },
    destroy: () => tray.destroy(),
  };
}
