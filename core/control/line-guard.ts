/**
 * Guards a newline-delimited JSON-RPC byte stream before the SDK's stdio transport parses it: a line
 * longer than the cap is discarded (the SDK would otherwise drop the whole connection when its read
 * buffer overflows) and reported, so one hostile message costs one error, not the session.
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

export class LineGuard extends Transform {
  private lineBytes = 0;
  private discarding = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onOversized: (bytes: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl + 1;
      const piece = chunk.subarray(start, end);
      if (!this.discarding) {
        if (this.lineBytes + piece.length - (nl === -1 ? 0 : 1) > this.maxLineBytes) {
          // Everything of this line up to here was already passed on: end it so the parser
          // rejects the fragment as one malformed line, then swallow the rest.
          this.discarding = true;
          this.push(Buffer.from('\n'));
        } else {
          this.push(piece);
          this.lineBytes += piece.length;
        }
      }
      if (this.discarding) this.lineBytes += piece.length;
      if (nl === -1) break;
      if (this.discarding) this.onOversized(this.lineBytes);
      this.discarding = false;
      this.lineBytes = 0;
      start = end;
      if (start >= chunk.length) break;
    }
    done();
  }
}
