/**
 * Folders are process layers (STYLE.md, after VS Code's code-layering rule): who may import whom.
 * shared/ is pure (no node:, no DOM globals, no electron); core/ and cli/ never import electron or
 * the renderer; renderer/ imports only shared/ and its own files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LAYERS = ['shared', 'core', 'cli', 'electron', 'renderer', 'bench'] as const;
type Layer = (typeof LAYERS)[number];
const ALLOWED: Record<Layer, Layer[]> = {
  shared: ['shared'],
  core: ['shared', 'core'],
  cli: ['shared', 'core', 'cli'],
  // electron → cli: the packaged app's executable is also the `sampling-gate` command (`<app> connect
  // <id>`, electron/main/cli-mode.ts), so MCP clients need no Node; it runs the CLI's own code.
  electron: ['shared', 'core', 'cli', 'electron'],
  renderer: ['shared', 'renderer'],
  bench: ['shared', 'core', 'cli', 'bench'],
};

function sources(dir: string): string[] {
  const abs = join(ROOT, dir);
  let out: string[] = [];
  try {
    for (const name of readdirSync(abs)) {
      const p = join(abs, name);
      if (statSync(p).isDirectory()) out = out.concat(sources(join(dir, name)));
      else if (/\.(ts|tsx|mts)$/.test(name)) out.push(join(dir, name));
    }
  } catch {
    // a layer that does not exist yet has nothing to check
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

describe('layering', () => {
  for (const layer of LAYERS) {
    it(`${layer}/ imports only ${ALLOWED[layer].join(', ')}`, () => {
      const violations: string[] = [];
      for (const file of sources(layer)) {
        for (const spec of imports(file)) {
          if (spec === 'electron' && layer !== 'electron') violations.push(`${file}: electron`);
          if (layer === 'shared' && (spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'net', 'http'].includes(spec))) violations.push(`${file}: ${spec}`);
          if (layer === 'renderer' && spec.startsWith('node:')) violations.push(`${file}: ${spec}`);
          if (!spec.startsWith('.')) continue;
          const target = relative(ROOT, resolve(dirname(join(ROOT, file)), spec)).split(/[\\/]/)[0] as Layer;
          if ((LAYERS as readonly string[]).includes(target) && !ALLOWED[layer].includes(target)) violations.push(`${file}: ${spec}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('the layers exist and have sources', () => {
    for (const layer of ['shared', 'core', 'cli', 'electron', 'renderer'] as const) expect(sources(layer).length, layer).toBeGreaterThan(0);
  });
});
