import { lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigEditError, ConfigStore } from '../../../core/config/config-store.js';
import { silentLogger } from '../../../core/log.js';

const USER_FILE = `# My gate. Keep this comment.
defaults:
  trust: ask # inline comment stays too

servers:
  # the reference server
  everything:
    command: npx
    args: [-y, "@modelcontextprotocol/server-everything"]
`;

function store(text = USER_FILE): { s: ConfigStore; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-config-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return { s: ConfigStore.open(file, silentLogger), file };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 30));
  expect(cond()).toBe(true);
};

describe('ConfigStore', () => {
  it('writes a starter config when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-config-'));
    const s = ConfigStore.open(join(dir, 'config.yaml'), silentLogger);
    expect(readFileSync(join(dir, 'config.yaml'), 'utf8')).toContain('approvalTimeoutSeconds');
    expect(s.problems).toEqual([]);
  });

  it('setTrust edits in place and keeps comments and layout', () => {
    const { s, file } = store();
    s.setTrust('everything', 'deny');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# My gate. Keep this comment.');
    expect(text).toContain('# inline comment stays too');
    expect(text).toContain('# the reference server');
    expect(text).toContain('    args: [-y, "@modelcontextprotocol/server-everything"]\n');
    expect(text).toBe(USER_FILE.replace(/(args: .*\n)/, '$1    trust: deny\n'));
    expect(s.policyFor('everything').trust).toBe('deny');
    // A second change edits that one value in place.
    s.setTrust('everything', 'trust');
    expect(readFileSync(file, 'utf8')).toBe(USER_FILE.replace(/(args: .*\n)/, '$1    trust: trust\n'));
  });

  it('writes through a symlinked config.yaml (a dotfiles repository) and keeps the link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-config-'));
    const target = join(dir, 'dotfiles-config.yaml');
    writeFileSync(target, USER_FILE);
    symlinkSync(target, join(dir, 'config.yaml'));
    const s = ConfigStore.open(join(dir, 'config.yaml'), silentLogger);
    s.setTrust('everything', 'deny');
    expect(lstatSync(join(dir, 'config.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toContain('    trust: deny\n');
  });

  it('refuses to change a server that does not exist', () => {
    const { s } = store();
    expect(() => s.setTrust('nope', 'trust')).toThrow(ConfigEditError);
  });

  it('adds, changes and removes servers, and never writes an invalid file', () => {
    const { s, file } = store();
    s.upsertServer('docs', { url: 'https://example.com/mcp', trust: 'deny' });
    expect(s.config.servers.docs).toMatchObject({ url: 'https://example.com/mcp', trust: 'deny' });
    s.upsertServer('everything', { command: 'node', args: ['server.js'] });
    expect(s.config.servers.everything).toMatchObject({ command: 'node', args: ['server.js'] });
    expect(readFileSync(file, 'utf8')).toContain('# the reference server');
    const before = readFileSync(file, 'utf8');
    expect(() => s.upsertServer('broken', { url: 'not a url' })).toThrow(ConfigEditError);
    expect(readFileSync(file, 'utf8')).toBe(before);
    s.removeServer('docs');
    expect(s.config.servers.docs).toBeUndefined();
  });

  it('keeps the starter config\'s example comment when the first server is added', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-config-'));
    const s = ConfigStore.open(join(dir, 'config.yaml'), silentLogger);
    s.upsertServer('docs', { url: 'https://example.com/mcp' });
    const text = readFileSync(join(dir, 'config.yaml'), 'utf8');
    expect(text).toContain('#     args: [-y, "@modelcontextprotocol/server-everything"]');
    expect(text).toMatch(/servers:\n {2}docs:\n {4}url: https:\/\/example\.com\/mcp\n/);
    expect(s.config.servers.docs).toBeDefined();
  });

  it('turns `servers: {}` into a block map when the first server is added', () => {
    const { s, file } = store('servers: {}\n');
    s.upsertServer('a', { command: 'x' });
    s.upsertServer('b', { command: 'y' });
    expect(readFileSync(file, 'utf8')).toMatch(/servers:\n {2}a:\n/);
  });

  it('reloads a changed file live, and keeps the last good config when an edit is invalid', async () => {
    const { s, file } = store();
    s.watch();
    try {
      let changes = 0;
      s.on('change', () => changes++);
      writeFileSync(file, USER_FILE.replace('trust: ask', 'trust: trust'));
      await until(() => s.policyFor('everything').trust === 'trust');
      writeFileSync(file, USER_FILE.replace('trust: ask', 'trust: sometimes'));
      await until(() => s.problems.length > 0);
      expect(s.problems[0]).toMatchObject({ file, line: 3, path: 'defaults.trust' });
      expect(s.policyFor('everything').trust).toBe('trust');
      writeFileSync(file, USER_FILE);
      await until(() => s.problems.length === 0 && s.policyFor('everything').trust === 'ask');
      expect(changes).toBe(2);
    } finally {
      s.close();
    }
  });

  it('a broken file at start runs with no servers and reports the problem', () => {
    const { s } = store('servers:\n  a:\n    command: [not, a, string]\n');
    expect(s.problems.length).toBeGreaterThan(0);
    expect(Object.keys(s.config.servers)).toEqual([]);
  });
});
