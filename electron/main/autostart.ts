/**
 * Start at login, opt-in and off by default. macOS and Windows have a login-item API
 * (app.setLoginItemSettings); Linux has none in Electron, so there it is an XDG autostart entry,
 * `$XDG_CONFIG_HOME/autostart/sampling-gate.desktop` (the freedesktop Desktop Application Autostart
 * spec). No Electron import: main passes what it needs, so this is unit-tested.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';

/** Started at login, the app goes to the tray without opening its window. */
export const HIDDEN_FLAG = '--hidden';

export function autostartFile(home: string, env: Record<string, string | undefined>): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', 'sampling-gate.desktop');
}

/** A Desktop Entry starting `exe --hidden`. */
export function autostartEntry(exe: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Sampling Gate',
    'Comment=Approve, edit or deny what MCP servers ask your model',
    `Exec=${desktopExecArg(exe)} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * One Exec argument per the Desktop Entry spec: quoted when it has reserved characters, with `"`, `` ` ``,
 * `$` and `\` backslash-escaped inside the quotes; `%` doubled (field codes). The string escape rules of
 * the spec then double every backslash once more.
 */
export function desktopExecArg(arg: string): string {
  const percent = arg.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(percent)) return percent;
  return `"${percent.replace(/(["`$\\])/g, '\\$1')}"`.replace(/\\/g, '\\\\');
}

export function linuxAutostartEnabled(file: string): boolean {
  return existsSync(file);
}

export function setLinuxAutostart(file: string, exe: string, enabled: boolean): void {
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, autostartEntry(exe), 0o644);
}
