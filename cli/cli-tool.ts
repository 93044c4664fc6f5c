/**
 * "Install command-line tool" (the app's tray menu; VS Code's "Install 'code' command in PATH"): put a
 * `sampling-gate` launcher on PATH that runs the installed app's executable with the same arguments —
 * the app runs the CLI when started with a command (electron/main/index.ts). Plain Node so it is
 * tested here; Electron only calls `installCliTool` and shows the result.
 *
 * - Linux: a script in ~/.local/bin (or $XDG_BIN_HOME), the user's bin directory in the XDG layout.
 * - macOS: the script in ~/.local/bin, linked from /usr/local/bin (on every shell's PATH via
 *   /etc/paths). A GUI app's own PATH says nothing about the user's shells, so it is not consulted.
 * - Windows: a .cmd shim in %LOCALAPPDATA%\Microsoft\WindowsApps, which is on the user PATH by default.
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, posix, win32 } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { cmdQuote, shellQuote } from './app-layout.js';

/** Written into every launcher: only a file carrying it is ever replaced. */
export const LAUNCHER_MARK = 'Installed by Sampling Gate ("Install command-line tool")';

export interface ToolHost {
  platform: string;
  home: string;
  env: Record<string, string | undefined>;
  /** The installed app's executable (cli/app-layout.ts installedExecutable). */
  target: string;
}

export interface ToolPlan {
  /** The directory the launcher goes in. */
  dir: string;
  /** The launcher script. */
  file: string;
  content: string;
  /** macOS: a link on PATH to `file`. */
  link: string | null;
  /** Whether the directory the command lands in is on PATH (null: cannot tell from here). */
  onPath: boolean | null;
}

export function cliToolPlan(host: ToolHost): ToolPlan {
  if (host.platform === 'win32') {
    const local = host.env.LOCALAPPDATA ?? win32.join(host.home, 'AppData', 'Local');
    const dir = win32.join(local, 'Microsoft', 'WindowsApps');
    return {
      dir,
      file: win32.join(dir, 'sampling-gate.cmd'),
      content: `@echo off\r\nrem ${LAUNCHER_MARK}: runs the app's own executable as the sampling-gate command.\r\n${cmdQuote(host.target)} %*\r\n`,
      link: null,
      onPath: pathHas(host.env.Path ?? host.env.PATH, dir, ';', true),
    };
  }
  const binHome = host.platform !== 'darwin' && host.env.XDG_BIN_HOME ? host.env.XDG_BIN_HOME : posix.join(host.home, '.local', 'bin');
  const file = posix.join(binHome, 'sampling-gate');
  const content = `#!/bin/sh\n# ${LAUNCHER_MARK}: runs the app's own executable as the sampling-gate command.\nexec ${shellQuote(host.target)} "$@"\n`;
  if (host.platform === 'darwin') return { dir: binHome, file, content, link: '/usr/local/bin/sampling-gate', onPath: true };
  return { dir: binHome, file, content, link: null, onPath: pathHas(host.env.PATH, binHome, ':', false) };
}

export type ToolResult = { ok: true; command: string; message: string } | { ok: false; message: string };

/** Write the launcher (and the macOS link). Never replaces a `sampling-gate` that is not ours. */
export function installCliTool(plan: ToolPlan): ToolResult {
  const theirs = foreign(plan.file, null);
  if (theirs) return { ok: false, message: theirs };
  try {
    mkdirSync(plan.dir, { recursive: true });
    writeFileAtomic(plan.file, plan.content, 0o755);
    chmodSync(plan.file, 0o755);
  } catch (err) {
    return { ok: false, message: `cannot write ${plan.file}: ${(err as Error).message}` };
  }
  if (plan.link) {
    const inTheWay = foreign(plan.link, plan.file);
    if (inTheWay) return { ok: false, message: `${inTheWay}. The command is ready at ${plan.file}.` };
    try {
      rmSync(plan.link, { force: true });
      symlinkSync(plan.file, plan.link);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? `${dirname(plan.link)} does not exist` : (err as Error).message;
      return {
        ok: false,
        message:
          `cannot create ${plan.link} (${why}). The command is ready at ${plan.file}; to put it on PATH, run in Terminal:\n` +
          `sudo mkdir -p ${shellQuote(dirname(plan.link))} && sudo ln -sf ${shellQuote(plan.file)} ${shellQuote(plan.link)}`,
      };
    }
    return { ok: true, command: plan.link, message: `Installed ${plan.link} → ${plan.file}. Open a new terminal and run: sampling-gate --help` };
  }
  const hint =
    plan.onPath === false
      ? ` ${plan.dir} is not on your PATH: add it${plan.file.endsWith('.cmd') ? '' : ` (e.g. in ~/.profile: export PATH="${plan.dir}:$PATH")`}, or run the command by its full path.`
      : ' Open a new terminal and run: sampling-gate --help';
  return { ok: true, command: plan.file, message: `Installed ${plan.file}.${hint}` };
}

/** Why `file` must be left alone (something else is there), or null (free, or ours). */
function foreign(file: string, ourTarget: string | null): string | null {
  let stat;
  try {
    stat = lstatSync(file);
  } catch {
    return null;
  }
  if (stat.isSymbolicLink()) {
    const to = readlinkSync(file);
    if (ourTarget !== null && to === ourTarget) return null;
    return `${file} already exists (a link to ${to}) and was not installed by this app; left as it is`;
  }
  try {
    if (stat.isFile() && readFileSync(file, 'utf8').includes(LAUNCHER_MARK)) return null;
  } catch {
    // unreadable: not ours to replace
  }
  return `${file} already exists and was not installed by this app (the npm package's command?); left as it is`;
}

function pathHas(path: string | undefined, dir: string, sep: string, caseless: boolean): boolean {
  const norm = (p: string): string => (caseless ? p.toLowerCase() : p).replace(/[\\/]+$/, '');
  return (path ?? '').split(sep).some((p) => p !== '' && norm(p) === norm(dir));
}
