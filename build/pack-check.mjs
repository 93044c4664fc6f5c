/**
 * `prepack`, after `npm run build`: the tarball must run where it is installed without running any
 * script there (npm's allow-scripts policy skips a package's install scripts; `--ignore-scripts`
 * skips them all), so everything the CLI, the gate and the web UI load is built here, and this
 * checks it is. package.json `files` says what goes in: bin/, the CLI bundle, the built renderer,
 * the native addon and its source — never test/, bench/, the TypeScript sources or source maps.
 * Fails the pack, naming what is missing, rather than publish a package that cannot start.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const need = [
  'bin/sampling-gate.js',
  'out/node/bundle/cli.js',
  'out/node/bundle/node-guard.js',
  'out/node/bundle/writer-worker.js',
  'out/node/bundle/stats-worker.js',
  'out/renderer/index.html',
  'native/fd_handoff.c',
  'LICENSE',
  'README.md',
];
// The bridge's descriptor passing: where the build machine could compile it (Linux, macOS), the
// package carries it; installed on another platform it fails to load and bridges copy bytes.
if (process.platform !== 'win32') need.push('out/native/fd_handoff.node');

const missing = need.filter((f) => !existsSync(join(root, f)));
// Nothing packed may carry this machine's paths (a build that inlined __dirname, a stray map).
const leaks = ['out/node/bundle', 'out/renderer']
  .flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).map((f) => join(dir, String(f))))
  .filter((f) => /\.(js|html|css)$/.test(f) && readFileSync(join(root, f), 'utf8').includes(root));
if (missing.length > 0 || leaks.length > 0) {
  if (missing.length) console.error(`pack: not built: ${missing.join(', ')} — run \`npm run build\` with a C compiler (cc) on PATH`);
  if (leaks.length) console.error(`pack: these files name the build machine's path ${root}: ${leaks.join(', ')}`);
  process.exit(1);
}
