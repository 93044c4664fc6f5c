#!/usr/bin/env node
// The `sampling-gate` command. The CLI is TypeScript compiled to out/node and bundled into
// out/node/bundle by `npm run build` (run by `npm install` through the prepare script;
// build/bundle-cli.mjs says why it is bundled).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../out/node/bundle/cli.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('sampling-gate: not built yet — run `npm install` (or `npm run build`) in the checkout first\n');
  process.exit(1);
}
const { run } = await import(new URL('../out/node/bundle/cli.js', import.meta.url).href);
await run(process.argv.slice(2));
