/**
 * `<data dir>/gate.json`: written by a running gate so commands can find its HTTP port. It is a hint
 * only — the control socket answering is what proves a gate runs.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { makePrivate } from './paths.js';

export interface GateLock {
  pid: number;
  port: number;
  url: string;
  startedAt: string;
}

export function writeLock(file: string, lock: GateLock): void {
  writeFileSync(file, JSON.stringify(lock) + '\n', { mode: 0o600 });
  makePrivate(file); // a file left by an earlier run keeps its old mode otherwise
}

export function readLock(file: string): GateLock | null {
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as Partial<GateLock>;
    const valid = Number.isInteger(lock.pid) && Number.isInteger(lock.port) && (lock.port ?? 0) > 0 && typeof lock.url === 'string';
    return valid ? (lock as GateLock) : null;
  } catch {
    return null;
  }
}

/** Remove the lock only if this process wrote it (a second gate that failed to start must not). */
export function removeOwnLock(file: string): void {
  if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
}
