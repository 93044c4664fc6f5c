/**
 * Builds the three Electron parts: main (ESM, hosts the gate core; node_modules stay external so
 * better-sqlite3's native module loads from disk), the sandboxed preload (one CommonJS file — a
 * sandboxed preload cannot import), and the renderer (also served by `sampling-gate serve --ui`).
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: true,
      lib: { entry: resolve(root, 'electron/main/index.ts') },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      lib: { entry: resolve(root, 'electron/preload/index.ts') },
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    publicDir: resolve(root, 'renderer/public'),
    base: './',
    plugins: [react()],
    // React Fast Refresh needs an inline <script> preamble, which the CSP (no 'unsafe-inline') blocks
    // in development too; we keep the policy and give up hot reload (reload the window instead).
    server: { hmr: false },
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // No inline scripts or eval: the CSP has neither 'unsafe-inline' nor 'unsafe-eval'.
      assetsInlineLimit: 0,
      sourcemap: false,
      minify: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
