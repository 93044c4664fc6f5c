/** Where this installation lives: the package root, its bin script and its built renderer. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// Compiled to out/node/cli/install-paths.js: the package root is three levels up.
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN_SCRIPT = join(PACKAGE_ROOT, 'bin', 'sampling-gate.js');
export const RENDERER_DIR = join(PACKAGE_ROOT, 'out', 'renderer');

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** What an MCP client should run to reach the gate: this Node and this bin script. */
export function bridgeCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: [BIN_SCRIPT] };
}
