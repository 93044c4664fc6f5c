/**
 * npm's `prepare` script: `npm install` in a checkout builds (tsc, the CLI bundle, the native addon,
 * the app's bundles). npm also runs `prepare` on `npm pack` and `npm publish` — right after
 * `prepack`, which has just built (build/pack-check.mjs): not twice.
 */
import { execSync } from 'node:child_process';

if (!['pack', 'publish'].includes(process.env.npm_command ?? '')) {
  execSync('npm run build', { stdio: 'inherit' });
}
