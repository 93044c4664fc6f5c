/**
 * A command server as a transport: the child process is spawned with an allow-list environment,
 * its stdout read by the gate's own line reader (ndjson.ts: same frame limit and envelope check as
 * the client side), its stderr available at once for the servers view. Closing ends its stdin, then
 * SIGTERM, then SIGKILL — as the SDK's StdioClientTransport does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { FlowControlled } from './flow.js';
import { NdjsonTransport } from './ndjson.js';

export interface ChildParams {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** `server "x"`, for error messages. */
  peer: string;
}

/** How long each step of closing waits for the child to exit. */
const EXIT_GRACE_MS = 2000;

export class ChildStdioTransport implements Transport, FlowControlled {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  onbackpressure?: (congested: boolean) => void;
  /** The child's stderr, readable before start() so no early line is lost. */
  readonly stderr = new PassThrough();
  private child: ChildProcess | null = null;
  private framing: NdjsonTransport | null = null;
  private exited = false;

  constructor(private readonly params: ChildParams) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): Promise<void> {
    if (this.child) return Promise.reject(new Error('already started'));
    return new Promise((resolve, reject) => {
      const child = spawn(this.params.command, this.params.args, {
        env: this.params.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
        ...(this.params.cwd ? { cwd: this.params.cwd } : {}),
      });
      this.child = child;
      const framing = new NdjsonTransport({ input: child.stdout!, output: child.stdin!, peer: this.params.peer, peerIsClient: false });
      this.framing = framing;
      framing.onmessage = (m) => this.onmessage?.(m);
      framing.onerror = (e) => this.onerror?.(e);
      framing.onbackpressure = (congested) => this.onbackpressure?.(congested);
      child.stderr!.pipe(this.stderr);
      child.stdin!.on('error', (e) => this.onerror?.(e));
      child.on('error', (err) => {
        reject(err);
        this.onerror?.(err);
      });
      child.on('spawn', () => {
        void framing.start();
        resolve();
      });
      child.on('close', () => {
        this.exited = true;
        void framing.close();
        this.onclose?.();
      });
    });
  }

  pauseInput(): void {
    this.framing?.pauseInput();
  }

  resumeInput(): void {
    this.framing?.resumeInput();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (!this.framing || this.exited) return Promise.reject(new Error('Not connected'));
    return this.framing.send(message);
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    const gone = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const within = (ms: number) => Promise.race([gone, new Promise<void>((r) => setTimeout(r, ms).unref())]);
    try {
      child.stdin?.end();
    } catch {
      // already closed
    }
    // Exit status, not 'close': a grandchild holding the pipes open must not keep this one alive.
    const alive = (): boolean => child.exitCode === null && child.signalCode === null;
    await within(EXIT_GRACE_MS);
    if (alive()) {
      child.kill('SIGTERM');
      await within(EXIT_GRACE_MS);
    }
    if (alive()) child.kill('SIGKILL');
  }
}
