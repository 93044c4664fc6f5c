/**
 * `npm run build` step after tsc: the `sampling-gate` command as a few files instead of ~330
 * modules. bin/sampling-gate.js runs out/node/bundle/cli.js.
 *
 * Why: every module Node loads costs a resolution, a compile and a record kept for the process's
 * life. The headless gate loaded ~260 at start (zod alone 95, yaml 72, then the MCP SDK's with the
 * first session): bundled, an idle gate holds ~3 MiB less (docs/bench.md, idle RSS) and a CLI
 * command starts ~80 ms sooner — `connect` runs for every MCP client session.
 *
 * Bundled: our code, zod and yaml. Left to node_modules: better-sqlite3 (a native module), the MCP
 * SDK (it loads with the first session, bringing its own copy of zod then — bundling it too would
 * share one; not needed for the idle figure and not yet tested across the suite), and what loads
 * only with a feature that is configured — OpenTelemetry (an OTLP sink), the provider SDKs (a
 * provider call), ws (--ui), jsonc-parser (importing a client's config: its Node entry is UMD,
 * whose require() calls a bundler cannot follow).
 * Dynamic imports stay lazy: each becomes a chunk loaded when first needed.
 *
 * The Node version guard is an entry of its own: it must decide before any other module loads.
 * Every chunk lands flat in out/node/bundle/, three levels below the package root like
 * out/node/cli/ (cli/install-paths.ts finds the root from there), and the history's writer thread
 * and its statistics are entries of their own next to them (core/history/writer-port.ts loads
 * ./writer-worker.js, stats-reader.ts ./stats-worker.js).
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}out/node/bundle`;

rmSync(dir, { recursive: true, force: true });
await build({
  input: {
    cli: `${root}out/node/cli/main.js`,
    'writer-worker': `${root}out/node/core/history/writer-worker.js`,
    // The history's aggregates off the event loop (core/history/stats-reader.ts loads ./stats-worker.js).
    'stats-worker': `${root}out/node/core/history/stats-worker.js`,
    // Loaded by bin/sampling-gate.js before the CLI, on whatever Node started it (cli/node-guard.ts).
    'node-guard': `${root}out/node/cli/node-guard.js`,
  },
  platform: 'node',
  external: [/^node:/, 'better-sqlite3', 'jsonc-parser', 'tldts', /^@modelcontextprotocol\//, /^@opentelemetry\//, /^@anthropic-ai\//, /^openai(\/|$)/, /^ws(\/|$)/],
  output: { dir, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: true },
  logLevel: 'warn',
});
