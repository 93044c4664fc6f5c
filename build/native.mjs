/**
 * `npm run build` step: compiles native/fd_handoff.c (the bridge handing the client's stdio to the
 * gate, core/handoff/) into out/native/fd_handoff.node with the machine's C compiler ($CC, else cc)
 * against the headers of the Node that runs this script. Node-API: the same file loads in Node and
 * in Electron, so nothing is rebuilt for the app.
 *
 * Optional: on Windows (no descriptor passing), or with no compiler or headers, it says so and the
 * build goes on — bridges then copy bytes, as they did before (slower, same behaviour).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'native', 'fd_handoff.c');
const target = join(root, 'out', 'native', 'fd_handoff.node');

function headers() {
  const candidates = [
    join(dirname(process.execPath), '..', 'include', 'node'),
    process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
  ];
  return candidates.find((dir) => dir && existsSync(join(dir, 'node_api.h')) && existsSync(join(dir, 'uv.h'))) ?? null;
}

function skip(why) {
  rmSync(target, { force: true });
  console.warn(`native: fd_handoff not built (${why}); bridges will copy bytes instead of handing stdio to the gate`);
}

if (process.platform === 'win32') {
  skip('Windows has no descriptor passing');
} else {
  const include = headers();
  if (!include) {
    skip(`no Node headers beside ${process.execPath}`);
  } else {
    mkdirSync(dirname(target), { recursive: true });
    const link = process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared'];
    const args = ['-std=c11', '-D_GNU_SOURCE', '-O2', '-Wall', '-Wextra', '-fPIC', '-fvisibility=hidden', `-I${include}`, ...link, '-o', target, source];
    try {
      execFileSync(process.env.CC || 'cc', args, { stdio: ['ignore', 'inherit', 'inherit'] });
    } catch (err) {
      skip(`the C compiler failed: ${err.message.split('\n')[0]}`);
    }
  }
}
