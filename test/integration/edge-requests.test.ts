/**
 * The small ones from issue 9, against a real gate: a variant spelling of `token` does not
 * authenticate, a malformed path is 400 (HTTP and the bridge socket) rather than a 500 or a crash,
 * and every file the gate creates is owner-only — history.db and its WAL files included, when the
 * data directory already existed with a wider mode.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../../core/paths.js';
import { connectClient, textOf } from '../support/sampling-client.js';
import { serverEntry, startGate, type RunningGate } from '../support/gate.js';
import { HOSTILE_SERVER } from '../support/hostile.js';
import { alive, gatePid, initializeLine } from '../support/raw-peers.js';

const CONFIG = `servers:\n  hostile:\n${serverEntry(HOSTILE_SERVER, [], '    trust: trust\n')}`;
const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);
let root: string;
let gate: RunningGate;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sg-edge-'));
  // A data directory that already exists, readable by everyone, with a history.db left 0644.
  const dir = join(root, 'existing');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'config.yaml'), CONFIG, { mode: 0o644 });
  gate = await startGate(dir);
  await gate.stop();
  chmodSync(join(dir, 'history.db'), 0o644);
  gate = await startGate(dir);
});
afterAll(async () => {
  await gate?.stop();
  rmSync(root, { recursive: true, force: true });
});

const post = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: initializeLine(1) });

describe('the token parameter', () => {
  it('only `token=` authenticates; `%74oken=` is 401', async () => {
    const base = gate.mcpUrl('hostile');
    expect((await post(`${base}?%74oken=${gate.token}`)).status).toBe(401);
    expect((await post(`${base}?to%6Ben=${gate.token}`)).status).toBe(401);
    const ok = await post(`${base}?token=${gate.token}`);
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
    expect(gate.output()).not.toContain(gate.token);
  });
});

describe('malformed paths', () => {
  it('/servers/%ZZ/mcp is 400 on HTTP, /connect/%ZZ is 400 on the socket, and the gate lives on', async () => {
    const pid = gatePid(gate);
    const r = await fetch(`${gate.url}/servers/%ZZ/mcp`, { method: 'POST', headers: { authorization: `Bearer ${gate.token}` }, body: '{}' });
    expect(r.status).toBe(400);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ socketPath: dataPaths(gate.dataDir).socket, path: '/connect/%ZZ', headers: { connection: 'Upgrade', upgrade: 'mcp-stdio' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
    expect(alive(pid)).toBe(true);
    const c = await connectClient({ via: 'http', url: gate.mcpUrl('hostile'), token: gate.token });
    expect(textOf(await c.call('echo', { text: 'fine' }))).toBe('echo:fine');
    await c.close();
  });
});

describe('file modes', () => {
  it('in a data directory that already existed: history.db, its WAL files, token, lock and socket are 0600', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'hostile' });
    await c.call('echo', { text: 'write something' });
    await c.close();
    const p = dataPaths(gate.dataDir);
    for (const f of [p.history, `${p.history}-wal`, `${p.history}-shm`, p.token, p.lockfile, p.socket]) expect(mode(f), f).toBe('600');
  });

  it('a data directory the gate creates is 0700, each level of it (and an upgrade to a URL `new URL` rejects is a 400)', async () => {
    const dir = join(root, 'new', 'nested', 'data');
    mkdirSync(join(root, 'new'), { mode: 0o755 });
    const g = await startGate(dir, ['--ui']);
    try {
      const port = new URL(g.url).port;
      const reply = await new Promise<string>((resolve, reject) => {
        const s = connect(Number(port), '127.0.0.1', () => s.write(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`));
        let out = '';
        s.on('data', (d: Buffer) => (out += d.toString()));
        s.on('close', () => resolve(out));
        s.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 400/);
      expect(alive(gatePid(g))).toBe(true);
      expect(mode(join(root, 'new', 'nested'))).toBe('700');
      expect(mode(dir)).toBe('700');
      const p = dataPaths(dir);
      for (const f of [p.config, p.history, p.token, p.lockfile]) expect(mode(f), f).toBe('600');
    } finally {
      await g.stop();
    }
  });
});
