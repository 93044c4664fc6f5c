/**
 * Replace a file's content all at once: a temp file beside it (same file system), then one rename,
 * so a crash never leaves half a file. A symlink is written through (its target is replaced, the
 * link stays), and the file keeps its mode unless one is given.
 */
import { chmodSync, existsSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

export function writeFileAtomic(file: string, text: string | Uint8Array, mode?: number): void {
  const real = existsSync(file) ? realpathSync(file) : file;
  const keep = mode ?? (existsSync(real) ? statSync(real).mode & 0o777 : 0o600);
  const tmp = `${real}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: keep });
    chmodSync(tmp, keep); // the umask may have narrowed it
    renameSync(tmp, real);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
