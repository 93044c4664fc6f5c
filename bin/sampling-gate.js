#!/usr/bin/env node
// The `sampling-gate` command. The CLI is TypeScript compiled to out/node and bundled into
// out/node/bundle by `npm run build` (run by `npm install` in a checkout through the prepare script,
// and before `npm pack` through prepack; build/bundle-cli.mjs says why it is bundled).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = (name) => new URL(`../out/node/bundle/${name}`, import.meta.url);
if (!existsSync(fileURLToPath(bundle('cli.js')))) {
  process.stderr.write('sampling-gate: not built yet — run `npm install` (or `npm run build`) in the checkout first\n');
  process.exit(1);
}
// Before anything else loads: on a Node older than `engines`, run again on the bundled Node 22, or
// say what is needed and exit 1 — never a silent crash in the native SQLite module (cli/node-guard.ts).
const { requireFittingNode } = await import(bundle('node-guard.js').href);
await requireFittingNode({ script: fileURLToPath(import.meta.url), args: process.argv.slice(2), from: import.meta.url });
const { run } = await import(bundle('cli.js').href);
await run(process.argv.slice(2));
