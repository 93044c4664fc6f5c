/** Read a JSON request body with a size cap; never trust Content-Length alone. */
import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly rpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Read with 'data'/'end' listeners rather than `for await`: the async iterator's machinery cost a
 * measurable share of a small request's time on the MCP endpoint (docs/bench.md, the HTTP endpoint).
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.destroy();
        reject(new BodyError(413, -32600, `request body larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', reject);
    // A client gone before the body's end: no 'end' comes (what `for await` threw on).
    req.once('close', () => {
      if (!req.complete) reject(new Error('the request was aborted before its body ended'));
    });
    req.once('end', () => {
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(new BodyError(400, -32700, 'Parse error: the body is not JSON'));
      }
    });
  });
}
