/**
 * The installed app as client configs name it, per packaged layout, and "Install command-line tool":
 * the launcher each OS gets, quoted for its shell, written only where nothing else is.
 */
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cmdQuote, installedExecutable, shellQuote, unstableLocation } from '../../../cli/app-layout.js';
import { cliToolPlan, installCliTool, LAUNCHER_MARK } from '../../../cli/cli-tool.js';

const tmp = mkdtempSync(join(tmpdir(), 'sg-tool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('installedExecutable', () => {
  it('per layout: AppImage is $APPIMAGE (not its temporary mount), else the executable itself', () => {
    expect(installedExecutable({ platform: 'linux', exe: '/tmp/.mount_SamplinAbC/sampling-gate-desktop', env: { APPIMAGE: '/home/u/Apps/Sampling Gate-0.1.0.AppImage' } })).toBe('/home/u/Apps/Sampling Gate-0.1.0.AppImage');
    expect(installedExecutable({ platform: 'linux', exe: '/opt/Sampling Gate/sampling-gate-desktop', env: {} })).toBe('/opt/Sampling Gate/sampling-gate-desktop');
    expect(installedExecutable({ platform: 'darwin', exe: '/Applications/Sampling Gate.app/Contents/MacOS/Sampling Gate', env: { APPIMAGE: 'ignored' } })).toBe('/Applications/Sampling Gate.app/Contents/MacOS/Sampling Gate');
    expect(installedExecutable({ platform: 'win32', exe: 'C:\\Users\\u\\AppData\\Local\\Programs\\Sampling Gate\\Sampling Gate.exe', env: {} })).toBe('C:\\Users\\u\\AppData\\Local\\Programs\\Sampling Gate\\Sampling Gate.exe');
  });

  it('says when macOS runs the app from a place that will vanish', () => {
    expect(unstableLocation({ platform: 'darwin', exe: '/private/var/folders/x/AppTranslocation/ABC/d/Sampling Gate.app/Contents/MacOS/Sampling Gate', env: {} })).toMatch(/move it to Applications/);
    expect(unstableLocation({ platform: 'darwin', exe: '/Volumes/Sampling Gate/Sampling Gate.app/Contents/MacOS/Sampling Gate', env: {} })).not.toBeNull();
    expect(unstableLocation({ platform: 'darwin', exe: '/Applications/Sampling Gate.app/Contents/MacOS/Sampling Gate', env: {} })).toBeNull();
  });
});

describe('quoting', () => {
  it('POSIX: plain words stay, others single-quoted, a quote as \'\\\'\'', () => {
    expect(shellQuote('/opt/sg/app')).toBe('/opt/sg/app');
    expect(shellQuote("/home/o'neil/Sampling Gate.AppImage")).toBe("'/home/o'\\''neil/Sampling Gate.AppImage'");
    // What sh makes of it: the same string back.
    const word = "/a b/it's $HOME `x` \"q\"";
    expect(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' })).toBe(word);
  });

  it('cmd.exe: double quotes, % doubled', () => {
    expect(cmdQuote('C:\\Program Files\\Sampling Gate\\Sampling Gate.exe')).toBe('"C:\\Program Files\\Sampling Gate\\Sampling Gate.exe"');
    expect(cmdQuote('C:\\100%\\a.exe')).toBe('"C:\\100%%\\a.exe"');
  });
});

describe('cliToolPlan', () => {
  it('Linux: ~/.local/bin (or $XDG_BIN_HOME), a sh script, and whether that is on PATH', () => {
    const p = cliToolPlan({ platform: 'linux', home: '/home/u', env: { PATH: '/usr/bin:/home/u/.local/bin' }, target: '/opt/Sampling Gate/sampling-gate-desktop' });
    expect(p).toMatchObject({ dir: '/home/u/.local/bin', file: '/home/u/.local/bin/sampling-gate', link: null, onPath: true });
    expect(p.content).toBe(`#!/bin/sh\n# ${LAUNCHER_MARK}: runs the app's own executable as the sampling-gate command.\nexec '/opt/Sampling Gate/sampling-gate-desktop' "$@"\n`);
    expect(cliToolPlan({ platform: 'linux', home: '/home/u', env: { XDG_BIN_HOME: '/xb', PATH: '/usr/bin' }, target: '/a' })).toMatchObject({ file: '/xb/sampling-gate', onPath: false });
  });

  it('macOS: the script in ~/.local/bin, linked from /usr/local/bin', () => {
    const p = cliToolPlan({ platform: 'darwin', home: '/Users/u', env: {}, target: '/Applications/Sampling Gate.app/Contents/MacOS/Sampling Gate' });
    expect(p).toMatchObject({ file: '/Users/u/.local/bin/sampling-gate', link: '/usr/local/bin/sampling-gate' });
    expect(p.content).toContain("exec '/Applications/Sampling Gate.app/Contents/MacOS/Sampling Gate' \"$@\"");
  });

  it('Windows: a .cmd shim in %LOCALAPPDATA%\\Microsoft\\WindowsApps (on the user PATH by default)', () => {
    const p = cliToolPlan({ platform: 'win32', home: 'C:\\Users\\u', env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local', Path: 'C:\\Windows;C:\\Users\\u\\AppData\\Local\\Microsoft\\WindowsApps' }, target: 'C:\\Users\\u\\AppData\\Local\\Programs\\Sampling Gate\\Sampling Gate.exe' });
    expect(p.file).toBe('C:\\Users\\u\\AppData\\Local\\Microsoft\\WindowsApps\\sampling-gate.cmd');
    expect(p.onPath).toBe(true);
    expect(p.content).toBe(`@echo off\r\nrem ${LAUNCHER_MARK}: runs the app's own executable as the sampling-gate command.\r\n"C:\\Users\\u\\AppData\\Local\\Programs\\Sampling Gate\\Sampling Gate.exe" %*\r\n`);
  });
});

describe('installCliTool', () => {
  it('writes an executable launcher that runs the app with the same arguments, and replaces only its own', () => {
    const home = join(tmp, 'home');
    // The "app": prints its arguments, one per line.
    const app = join(tmp, 'Sampling Gate app');
    writeFileSync(app, '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n', { mode: 0o755 });
    const plan = cliToolPlan({ platform: 'linux', home, env: { PATH: '/usr/bin' }, target: app });
    const r = installCliTool(plan);
    expect(r).toMatchObject({ ok: true, command: join(home, '.local', 'bin', 'sampling-gate') });
    expect(r.ok && r.message).toContain('is not on your PATH');
    expect(statSync(plan.file).mode & 0o777).toBe(0o755);
    expect(execFileSync(plan.file, ['connect', 'my server'], { encoding: 'utf8' })).toBe('connect\nmy server\n');
    // Again: it is ours, so it is replaced.
    expect(installCliTool(plan).ok).toBe(true);
    // Someone else's sampling-gate (the npm package's) is left alone.
    writeFileSync(plan.file, '#!/usr/bin/env node\n// npm\n');
    const refused = installCliTool(plan);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toContain('was not installed by this app');
    expect(readFileSync(plan.file, 'utf8')).toBe('#!/usr/bin/env node\n// npm\n');
  });

  it('macOS: links from the PATH directory; when it cannot, says exactly what to run', () => {
    const home = join(tmp, 'mac');
    const plan = { ...cliToolPlan({ platform: 'darwin', home, env: {}, target: '/Applications/Sampling Gate.app/Contents/MacOS/Sampling Gate' }) };
    const bin = join(tmp, 'usr-local-bin');
    mkdirSync(bin);
    const linked = installCliTool({ ...plan, link: join(bin, 'sampling-gate') });
    expect(linked).toMatchObject({ ok: true, command: join(bin, 'sampling-gate') });
    expect(lstatSync(join(bin, 'sampling-gate')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(bin, 'sampling-gate'))).toBe(plan.file);
    const missing = installCliTool({ ...plan, link: join(tmp, 'no-such-dir', 'sampling-gate') });
    expect(missing.ok).toBe(false);
    expect(missing.message).toContain(`The command is ready at ${plan.file}`);
    expect(missing.message).toContain(`sudo ln -sf ${plan.file} ${join(tmp, 'no-such-dir', 'sampling-gate')}`);
  });
});
