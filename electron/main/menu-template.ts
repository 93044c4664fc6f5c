/**
 * The application menu (issue 23). Electron's default menu gives Windows and Linux top-level
 * mnemonics (Alt+F File, Alt+E Edit, Alt+V View, …) that would take Alt + a letter before the page
 * sees it — and Alt + a letter is how every dialog action is pressed (renderer/src/lib/shortcuts.ts).
 * So those menus carry no "&" mnemonic and no Alt accelerator; they keep the roles that matter:
 * copy/paste, zoom (the UI scales with it), reload, developer tools. macOS has no mnemonics and
 * keeps its usual app menu. Pure (only `import type`), so vitest checks it without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';

export function appMenuTemplate(isMac: boolean): MenuItemConstructorOptions[] {
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
  const window: MenuItemConstructorOptions = { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] };
  if (isMac) return [{ role: 'appMenu' }, edit, view, window];
  return [{ label: 'File', submenu: [{ role: 'quit' }] }, edit, view, window];
}
