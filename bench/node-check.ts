/**
 * bench/run.ts's first import: on a Node older than `engines` the bench would die loading SQLite
 * without a word (cli/node-guard.ts). It runs again on the bundled Node 22, or says what is needed.
 */
import { requireFittingNode } from '../cli/node-guard.js';

await requireFittingNode({ script: process.argv[1]!, args: process.argv.slice(2), from: import.meta.url });
