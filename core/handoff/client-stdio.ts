/**
 * The descriptors a bridge handed over (handoff-listener.ts) as the client's own stdin and stdout:
 * the gate reads the client's requests from the one and writes its answers to the other, as a
 * stdio server would. Only pipes and sockets are taken — what a client gives the server it spawns;
 * anything else (a file, a terminal, a directory from a confused or hostile local peer) is refused
 * and every descriptor closed.
 */
import { Socket } from 'node:net';
import { closeDescriptors, isPipeOrSocket } from './fd-passing.js';

export interface ClientStdio {
  /** The client's requests (the bridge's stdin). Errors end in 'close'. */
  input: Socket;
  /** Where the client reads answers (the bridge's stdout). Errors end in 'close'. */
  output: Socket;
  /** Stops reading, lets what is written drain, then closes both descriptors. */
  close(): void;
}

export class HandoffRefused extends Error {}

/** Owns `fds` from the call: on success through the streams, on failure closed here. */
export function adoptClientStdio(fds: readonly number[]): ClientStdio {
  const refusal =
    fds.length !== 2 ? `expected the client's stdin and stdout, got ${fds.length} descriptor(s)` : fds.every(isPipeOrSocket) ? null : 'a handed-over stdin or stdout must be a pipe or a socket';
  if (refusal) {
    closeDescriptors(fds);
    throw new HandoffRefused(refusal);
  }
  // The net.Socket owns its descriptor from here: destroy() closes it. Wrapping makes it
  // non-blocking, which only the bridge (not reading or writing them any more) shares.
  let input: Socket;
  try {
    input = new Socket({ fd: fds[0], readable: true, writable: false });
  } catch (err) {
    closeDescriptors(fds);
    throw new HandoffRefused(`cannot read the client's stdin: ${(err as Error).message}`);
  }
  let output: Socket;
  try {
    output = new Socket({ fd: fds[1], readable: false, writable: true });
  } catch (err) {
    input.destroy();
    closeDescriptors(fds.slice(1));
    throw new HandoffRefused(`cannot write the client's stdout: ${(err as Error).message}`);
  }
  // From the first moment: a client that goes away during a server's start must not be an
  // unhandled 'error'. A failed stream then closes, and 'close' is what the session listens to.
  input.on('error', () => {});
  output.on('error', () => {});
  return {
    input,
    output,
    close() {
      input.destroy();
      if (output.destroyed) return;
      output.end(() => output.destroy());
      // A client that stopped reading would keep the answer pending forever: it gets a moment.
      setTimeout(() => output.destroy(), 5_000).unref();
    },
  };
}
