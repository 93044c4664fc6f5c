/**
 * Where the bench finds the gate and the reference server. Compiled to out/node/bench/, so the
 * checkout root is three levels up from the built file (and two from the source).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'sampling-gate.js'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no Sampling Gate checkout above ${from}`);
  }
}

export const ROOT = findRoot(import.meta.dirname);
export const GATE_BIN = join(ROOT, 'bin', 'sampling-gate.js');
export const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
