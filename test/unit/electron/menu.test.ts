import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate } from '../../../electron/main/menu-template.js';

function items(menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((m) => [m, ...(Array.isArray(m.submenu) ? items(m.submenu) : [])]);
}

describe('application menu', () => {
  it('takes no Alt + letter from the dialogs: no mnemonics, no Alt accelerators', () => {
    for (const isMac of [false, true]) {
      for (const item of items(appMenuTemplate(isMac))) {
        expect(item.label ?? '').not.toContain('&');
        expect(String(item.accelerator ?? '')).not.toMatch(/^Alt\+/i);
      }
    }
  });

  it('keeps copy/paste and zoom', () => {
    const roles = items(appMenuTemplate(false)).map((i) => i.role);
    for (const r of ['copy', 'paste', 'zoomIn', 'zoomOut', 'resetZoom']) expect(roles).toContain(r);
  });
});
