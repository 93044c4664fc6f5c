/**
 * The gate's own requests to a 2026-07-28 URL server (a task's tasks/update and tasks/cancel,
 * task-inputs.ts): one stateless POST each, with the headers a 2026 server checks against the body
 * (era2026-headers.ts) and the server's configured headers, the answer read from a JSON body or from
 * the SSE event that carries it. Nothing of it goes to the client, so nothing else is read.
 */
import { modernHeadersFor } from './era2026-headers.js';
import { admit, MAX_FRAME_BYTES, type Msg } from './envelope.js';

/** How long the gate waits for the answer to a request of its own (as on a session: relay-session.ts). */
export const OWN_REQUEST_MS = 30_000;

export function gatePost(server: { url: string; headers: Record<string, string> }): (m: Msg) => Promise<Msg | null> {
  return async (m) => {
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...server.headers, ...modernHeadersFor(m) };
    const response = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify(m), redirect: 'manual', signal: AbortSignal.timeout(OWN_REQUEST_MS) });
    const text = await textWithin(response, MAX_FRAME_BYTES);
    const type = response.headers.get('content-type') ?? '';
    const candidates = type.includes('text/event-stream') ? sseData(text) : [text];
    for (const data of candidates) {
      const answer = parse(data);
      if (answer && answer.id === m.id && ('result' in answer || 'error' in answer)) return answer;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return null;
  };
}

function parse(data: string): Msg | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const verdict = admit(value, { peer: 'the server', answerWithoutId: false });
  return verdict.kind === 'deliver' && !Array.isArray(verdict.message) ? (verdict.message as Msg) : null;
}

/** The data of each SSE event. */
function sseData(text: string): string[] {
  return text.split(/\r?\n\r?\n/).map((event) =>
    event
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.replace(/^data: ?/, ''))
      .join('\n'),
  );
}

/** A response body of at most `max` bytes (the frame limit); a longer one is an error, not buffered. */
export async function textWithin(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > max) throw new Error(`a body larger than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
