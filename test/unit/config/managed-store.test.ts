/**
 * The managed policy file in the config store (real files): the OS's place, live reload, providers
 * it defines (read-only, and the only ones with allowOnlyListedProviders), edits refused with the
 * reason, overridden settings reported, and a broken or unreadable file failing closed.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigEditError, ConfigStore } from '../../../core/config/config-store.js';
import { managedPolicyPath } from '../../../core/config/managed-store.js';
import { silentLogger } from '../../../core/log.js';

const USER = `defaults:
  trust: trust
providers:
  mine: { kind: openai, models: [ { name: llama } ] }
servers:
  s:
    command: node
    args: [server.js]
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(managed: string | null, user = USER): { store: ConfigStore; managedFile: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-managed-store-'));
  dirs.push(dir);
  const file = join(dir, 'config.yaml');
  writeFileSync(file, user);
  const managedFile = join(dir, 'managed.yaml');
  if (managed !== null) writeFileSync(managedFile, managed);
  return { store: ConfigStore.open(file, silentLogger, { managedFile }), managedFile, dir };
}

describe('managed policy in the config store', () => {
  it('is looked for at the machine-wide place of each OS, unless SAMPLING_GATE_MANAGED says otherwise', () => {
    expect(managedPolicyPath({}, 'linux')).toBe('/etc/sampling-gate/managed.yaml');
    expect(managedPolicyPath({}, 'darwin')).toBe('/Library/Application Support/SamplingGate/managed.yaml');
    expect(managedPolicyPath({ ProgramData: 'D:\\PD' }, 'win32')).toBe(join('D:\\PD', 'SamplingGate', 'managed.yaml'));
    expect(managedPolicyPath({ SAMPLING_GATE_MANAGED: '/tmp/m.yaml' }, 'linux')).toBe('/tmp/m.yaml');
  });

  it('no file: the user policy, no problems', () => {
    const { store } = open(null);
    expect(store.policyFor('s').trust).toBe('trust');
    expect(store.problems).toEqual([]);
  });

  it('adds its providers read-only; with allowOnlyListedProviders they are the only ones', () => {
    const corp = 'providers:\n  corp: { kind: anthropic, models: [ { name: c1 } ] }\n';
    const { store } = open(corp);
    expect(Object.keys(store.config.providers).sort()).toEqual(['corp', 'mine']);
    expect(() => store.upsertProvider('corp', { kind: 'openai', models: [{ name: 'x' }] })).toThrow(/provider "corp" is set by the managed policy/);
    expect(() => store.removeProvider('corp')).toThrow(ConfigEditError);
    const only = open(`${corp}allowOnlyListedProviders: true\ndefaults:\n  provider: corp\n`).store;
    expect(Object.keys(only.config.providers)).toEqual(['corp']);
    expect(only.policyFor('s').provider).toBe('corp');
  });

  it('refuses a trust edit it would not let take effect, and an unlisted server', () => {
    const { store } = open('defaults:\n  trust: ask\nallowOnlyListedServers: true\nservers:\n  s: {}\n');
    expect(() => store.setTrust('s', 'trust')).toThrow(/allows at most trust ask/);
    store.setTrust('s', 'deny'); // stricter is fine when not locked
    expect(store.policyFor('s').trust).toBe('deny');
    expect(() => store.upsertServer('other', { command: 'node', args: [] })).toThrow(/not on the managed policy's list of allowed servers/);
    // The app's form sends the trust it shows: unchanged, the edit of the command goes through.
    store.upsertServer('s', { command: 'node', args: ['server.js', '--v2'], trust: 'deny' });
    expect(store.config.servers.s).toMatchObject({ args: ['server.js', '--v2'] });
  });

  it('a locked trust does not block editing the rest of the server', () => {
    const { store } = open('servers:\n  s: { trust: { value: ask, locked: true } }\n', USER.replace('    args: [server.js]\n', '    args: [server.js]\n    trust: trust\n'));
    store.upsertServer('s', { command: 'node', args: ['other.js'], trust: 'trust' });
    expect(store.config.servers.s).toMatchObject({ args: ['other.js'] });
    expect(() => store.upsertServer('s', { command: 'node', args: ['other.js'], trust: 'deny' })).toThrow(/locked by the managed policy/);
    expect(() => store.upsertServer('new', { command: 'node', trust: 'trust' })).not.toThrow();
  });

  it('reports a user setting it overrides, with the line; reloads live', async () => {
    const { store, managedFile } = open('defaults:\n  trust: { value: ask, locked: true }\n');
    expect(store.problems).toEqual([expect.objectContaining({ kind: 'locked', path: 'defaults.trust', line: 2 })]);
    writeFileSync(managedFile, 'defaults:\n  trust: deny\n');
    store.managed.reload();
    expect(store.policyFor('s').trust).toBe('deny');
    expect(store.problems).toEqual([expect.objectContaining({ kind: 'locked', path: 'defaults.trust', message: expect.stringMatching(/is stricter: "deny" applies, not "trust"/) })]);
  });

  it("keeps the organisation's last good audit: sinks while its file is broken", () => {
    const { store, managedFile } = open('audit:\n  syslog: { host: 127.0.0.1, port: 6514 }\n');
    expect(store.managed.audit?.syslog?.port).toBe(6514);
    writeFileSync(managedFile, 'audit: [');
    store.managed.reload();
    expect(store.managed.state.kind).toBe('broken');
    expect(store.managed.audit?.syslog?.port).toBe(6514);
  });

  it('fails closed on a file it cannot parse or read', () => {
    const broken = open('defaults: [');
    expect(broken.store.policyFor('s')).toMatchObject({ trust: 'deny', managed: { denyAll: { rule: 'managed.invalid' } } });
    expect(broken.store.problems[0]).toMatchObject({ kind: 'managed', file: broken.managedFile });
    // A directory where the file should be cannot be read either.
    const { store: dirStore, managedFile } = open(null);
    mkdirSync(managedFile);
    dirStore.managed.reload();
    expect(dirStore.policyFor('s').managed?.denyAll?.reason).toMatch(/cannot read/);
    if (process.getuid?.() !== 0) {
      const unreadable = open('defaults: {}\n');
      chmodSync(unreadable.managedFile, 0);
      unreadable.store.managed.reload();
      expect(unreadable.store.policyFor('s').trust).toBe('deny');
    }
  });
});
