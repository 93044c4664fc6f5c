import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirArgs, dataPaths, resolveDataDir } from '../../core/paths.js';

describe('data directory', () => {
  it('resolves --data-dir, then SAMPLING_GATE_HOME, then the OS default', () => {
    expect(resolveDataDir('/x/y', { SAMPLING_GATE_HOME: '/z' })).toBe('/x/y');
    expect(resolveDataDir(undefined, { SAMPLING_GATE_HOME: '/z' })).toBe('/z');
    if (process.platform === 'linux') {
      expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/sampling-gate');
      expect(resolveDataDir(undefined, {})).toBe(join(homedir(), '.config', 'sampling-gate'));
    }
  });

  it('tells a bridge the directory unless it is the default a client would find by itself', () => {
    const env = { XDG_CONFIG_HOME: '/cfg' };
    expect(dataDirArgs('/cfg/sampling-gate', env)).toEqual([]);
    expect(dataDirArgs('/tmp/elsewhere', env)).toEqual(['--data-dir', '/tmp/elsewhere']);
    // SAMPLING_GATE_HOME is the gate's environment, not the client's.
    expect(dataDirArgs('/home-env', { ...env, SAMPLING_GATE_HOME: '/home-env' })).toEqual(['--data-dir', '/home-env']);
  });

  it('keeps the socket path short enough for a Unix socket', () => {
    const deep = '/tmp/' + 'd'.repeat(150);
    expect(Buffer.byteLength(dataPaths(deep).socket)).toBeLessThan(104);
    expect(dataPaths('/tmp/short').socket).toBe('/tmp/short/gate.sock');
  });
});
