/** The desktop shell's pure parts: CLI detection, window placement, About, the Linux autostart entry. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_COMMANDS } from '../../../cli/main.js';
import { aboutText } from '../../../electron/main/about.js';
import { autostartEntry, autostartFile, desktopExecArg, linuxAutostartEnabled, setLinuxAutostart } from '../../../electron/main/autostart.js';
import { cliInvocation } from '../../../electron/main/cli-args.js';
import { loadWindowState, placeWindow, saveWindowState } from '../../../electron/main/window-state.js';

const tmp = mkdtempSync(join(tmpdir(), 'sg-desktop-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cliInvocation', () => {
  const exe = '/opt/Sampling Gate/sampling-gate-desktop';
  it('a packaged app started with a command is the CLI; without one, the desktop app', () => {
    expect(cliInvocation([exe, 'connect', 'everything', '--data-dir', '/d'], true, CLI_COMMANDS)).toEqual(['connect', 'everything', '--data-dir', '/d']);
    expect(cliInvocation([exe, '--version'], true, CLI_COMMANDS)).toEqual(['--version']);
    expect(cliInvocation([exe], true, CLI_COMMANDS)).toBeNull();
    expect(cliInvocation([exe, '--data-dir=/d'], true, CLI_COMMANDS)).toBeNull();
    expect(cliInvocation([exe, '--hidden'], true, CLI_COMMANDS)).toBeNull();
    // macOS's process serial number from Finder, or a file someone dropped on the icon: not commands.
    expect(cliInvocation([exe, '-psn_0_12345'], true, CLI_COMMANDS)).toBeNull();
    expect(cliInvocation([exe, 'notes.txt'], true, CLI_COMMANDS)).toBeNull();
  });

  it('development passes the app path first; switches before the command are dropped except --data-dir', () => {
    expect(cliInvocation(['/x/electron', '.', 'pending', '--json'], false, CLI_COMMANDS)).toEqual(['pending', '--json']);
    expect(cliInvocation([exe, '--no-sandbox', '--data-dir', '/d', 'servers'], true, CLI_COMMANDS)).toEqual(['servers', '--data-dir', '/d']);
  });
});

describe('window placement', () => {
  const size = { width: 1200, height: 820, minWidth: 820, minHeight: 560 };
  const laptop = { x: 0, y: 0, width: 1440, height: 870 };
  const monitor = { x: 1440, y: 0, width: 2560, height: 1410 };

  it('no saved state: the default size, centred by the OS', () => {
    expect(placeWindow(null, [laptop], size)).toEqual({ width: 1200, height: 820, maximized: false });
  });

  it('a saved position on a display that is still there is kept', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1500, height: 1000 }, maximized: true };
    expect(placeWindow(saved, [laptop, monitor], size)).toEqual({ x: 1600, y: 100, width: 1500, height: 1000, maximized: true });
  });

  it('the monitor was unplugged: no position (centred), and no larger than the display left', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 2400, height: 1300 }, maximized: false };
    expect(placeWindow(saved, [laptop], size)).toEqual({ width: 1440, height: 870, maximized: false });
  });

  it('a title bar above the top of every display is not kept', () => {
    expect(placeWindow({ bounds: { x: 100, y: -300, width: 1000, height: 700 }, maximized: false }, [laptop], size)).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('round-trips through window.json, and a damaged file is no state', () => {
    const file = join(tmp, 'window.json');
    saveWindowState(file, { bounds: { x: 10.4, y: 20, width: 900, height: 600.6 }, maximized: false });
    expect(loadWindowState(file)).toEqual({ bounds: { x: 10, y: 20, width: 900, height: 601 }, maximized: false });
    writeFileSync(join(tmp, 'bad.json'), '{"bounds": {"x": "left"}}');
    expect(loadWindowState(join(tmp, 'bad.json'))).toBeNull();
    expect(loadWindowState(join(tmp, 'missing.json'))).toBeNull();
  });
});

describe('About', () => {
  it('shows the version and the data directory', () => {
    const { message, detail } = aboutText({ version: '0.1.0', dataDir: '/home/u/.config/sampling-gate', versions: { electron: '45.4.1', node: '22.20.0' } });
    expect(message).toBe('Sampling Gate 0.1.0');
    expect(detail).toContain('Data directory: /home/u/.config/sampling-gate');
    expect(detail).toContain('Electron 45.4.1 · Node 22.20.0');
  });
});

describe('start at login on Linux (XDG autostart)', () => {
  it('lives in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartFile('/home/u', {})).toBe('/home/u/.config/autostart/sampling-gate.desktop');
    expect(autostartFile('/home/u', { XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/autostart/sampling-gate.desktop');
  });

  it('quotes the executable per the Desktop Entry spec and starts hidden', () => {
    expect(desktopExecArg('/opt/sg/sampling-gate-desktop')).toBe('/opt/sg/sampling-gate-desktop');
    expect(desktopExecArg('/opt/Sampling Gate/sampling-gate-desktop')).toBe('"/opt/Sampling Gate/sampling-gate-desktop"');
    // $ inside quotes is escaped with a backslash, which the string rules then double.
    expect(desktopExecArg('/home/u/My $HOME 100%/Sampling Gate.AppImage')).toBe('"/home/u/My \\\\$HOME 100%%/Sampling Gate.AppImage"');
    expect(autostartEntry('/opt/Sampling Gate/sampling-gate-desktop')).toContain('\nExec="/opt/Sampling Gate/sampling-gate-desktop" --hidden\n');
  });

  it('is off by default, on when chosen, off again', () => {
    const file = autostartFile(tmp, {});
    expect(linuxAutostartEnabled(file)).toBe(false);
    setLinuxAutostart(file, '/opt/sg/app', true);
    expect(readFileSync(file, 'utf8')).toContain('Exec=/opt/sg/app --hidden');
    expect(linuxAutostartEnabled(file)).toBe(true);
    setLinuxAutostart(file, '/opt/sg/app', false);
    expect(existsSync(file)).toBe(false);
  });
});
