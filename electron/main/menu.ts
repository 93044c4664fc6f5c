import { Menu } from 'electron';
import { appMenuTemplate } from './menu-template.js';

/** Replaces Electron's default menu (menu-template.ts says why). */
export function installAppMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform === 'darwin')));
}
