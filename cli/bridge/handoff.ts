/**
 * The fast way through the bridge: hand the client's stdin and stdout to the gate (SCM_RIGHTS,
 * core/handoff/fd-passing.ts) so that the gate reads and writes them itself, and the bridge only
 * waits for the session to end. A round trip then crosses the client, the gate and the server, not
 * a fourth process woken twice — that was the cost of every bridged call (issue 10, docs/bench.md).
 *
 * Only when both are pipes or sockets (what a client gives the server it spawns) and the gate
 * listens for them; otherwise `handOff` gives null and the bridge copies bytes (stdio-pump.ts) —
 * on Windows, with a terminal or a file for stdin, with a gate from before the handoff, or without
 * the addon.
 */
import { fdPassing, isPipeOrSocket } from '../../core/handoff/fd-passing.js';
import { fdHandoffAddon } from '../install-paths.js';
import { attach, type GateLink } from './gate-link.js';

/** The session's link once the gate took the client's stdio; null: copy bytes instead. */
export async function handOff(handoffPath: string, serverId: string): Promise<GateLink | null> {
  const native = fdPassing(fdHandoffAddon());
  if (!native || !isPipeOrSocket(0) || !isPipeOrSocket(1)) return null;
  let fd: number;
  try {
    fd = native.send(handoffPath, [0, 1]);
  } catch {
    // No gate, or one that does not take descriptors (ENOENT, ECONNREFUSED): the control socket says which.
    return null;
  }
  // A refusal (unknown server) rejects as from the control socket; the gate closed what it was sent.
  return attach({ fd }, serverId);
}

/**
 * The bridge's whole job once the gate holds the client's stdio: stay alive, because the client
 * watches this process. Resolves when the gate ends the session (0) or the connection fails (1);
 * the bridge exiting (killed by the client) ends the session on the gate's side.
 */
export function holdSession(link: GateLink): Promise<number> {
  return new Promise((resolve) => {
    link.onData(() => true); // the gate sends nothing more; read on to see the end
    link.socket.on('close', () => resolve(0));
    link.socket.on('error', (err) => {
      process.stderr.write(`sampling-gate: connection to the gate lost: ${err.message}\n`);
      resolve(1);
    });
  });
}
