/**
 * The one check every JSON-RPC message passes where it enters the gate, from either side and on
 * every transport (the stdio bridge, a server's stdio, Streamable HTTP in both eras, HTTP+SSE):
 * `jsonrpc: "2.0"`; an `id` that is a string or an integer of bounded size; a string `method`;
 * `params` an object or array; `result` an object, or `error` with an integer code and a string
 * message; nesting and size bounded. Everything past this point may use ids as map keys and walk
 * or serialise a message without guarding against a hostile shape.
 *
 * What fails is never fatal to the session: a request gets a `-32600` answer, a response whose id
 * is usable is replaced by an error response for that id (so whoever waits for it is answered), and
 * anything else is dropped with a log line.
 */
import { measure } from '../policy/walk.js';

export type Msg = Record<string, unknown> & { jsonrpc: '2.0' };
export type RpcId = string | number;

/** One frame on any transport: a stdio line, an HTTP body, an SSE event. The same on both sides. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** Nesting of objects and arrays in one message; serde_json's default recursion limit. */
export const MAX_DEPTH = 128;
/** Ids are map keys and are echoed back: a UUID is 36 characters. */
export const MAX_ID_LENGTH = 1024;
export const MAX_METHOD_LENGTH = 1024;

export const INVALID_REQUEST = -32600;
export const INTERNAL_ERROR = -32603;

export type Admitted =
  /** Valid — or an invalid response with a usable id, replaced by an error response for that id. */
  | { kind: 'deliver'; message: Msg; replaced?: string }
  /** An invalid request: `reply` goes back to whoever sent it. */
  | { kind: 'answer'; reply: Msg; reason: string }
  /** Nothing can be answered: log `reason` and go on. */
  | { kind: 'drop'; reason: string };

export function isRpcId(v: unknown): v is RpcId {
  if (typeof v === 'string') return v.length <= MAX_ID_LENGTH;
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/** The message's id when it is one the gate may echo, else null. */
export function usableId(v: unknown): RpcId | null {
  if (!isRecord(v)) return null;
  return isRpcId(v.id) ? v.id : null;
}

/** Why `value` is not a message the gate relays, or null when it is. */
export function envelopeProblem(value: unknown): string | null {
  if (!isRecord(value)) return Array.isArray(value) ? 'a batch where one message was expected' : 'not a JSON-RPC object';
  if (value.jsonrpc !== '2.0') return 'jsonrpc must be "2.0"';
  if ('method' in value) {
    if (typeof value.method !== 'string' || value.method.length === 0 || value.method.length > MAX_METHOD_LENGTH) {
      return `method must be a string of 1 to ${MAX_METHOD_LENGTH} characters`;
    }
    if ('id' in value && !isRpcId(value.id)) return `id must be a string of at most ${MAX_ID_LENGTH} characters or a safe integer`;
    if ('params' in value && (typeof value.params !== 'object' || value.params === null)) return 'params must be an object or an array';
  } else if ('result' in value || 'error' in value) {
    if ('result' in value && 'error' in value) return 'a response carries result or error, not both';
    if ('result' in value) {
      if (!isRpcId(value.id)) return 'a result needs a string or integer id';
      if (!isRecord(value.result)) return 'result must be an object';
    } else {
      if (value.id !== null && !isRpcId(value.id)) return 'an error response needs a string or integer id, or null';
      const e = value.error;
      if (!isRecord(e) || !Number.isSafeInteger(e.code) || typeof e.message !== 'string') return 'error must have an integer code and a string message';
    }
  } else {
    return 'neither a request, a notification nor a response';
  }
  const shape = measure(value, MAX_DEPTH, MAX_FRAME_BYTES);
  if (shape.exceeded === 'depth') return `nests deeper than ${MAX_DEPTH} levels`;
  if (shape.exceeded === 'size') return `larger than ${MAX_FRAME_BYTES} bytes`;
  return null;
}

/**
 * Decide what becomes of one parsed value that arrived from a peer. `answerWithoutId`: whether an
 * invalid request whose id is unusable still gets an `id: null` error (JSON-RPC's rule for a
 * client; a server has nobody waiting for it).
 */
export function admit(value: unknown, opts: { peer: string; answerWithoutId: boolean }): Admitted {
  const problem = envelopeProblem(value);
  if (problem === null) return { kind: 'deliver', message: value as Msg };
  const reason = `invalid message from ${opts.peer}: ${problem}`;
  const id = usableId(value);
  const isRecordValue = isRecord(value);
  if (isRecordValue && 'method' in value) {
    if (!('id' in value)) return { kind: 'drop', reason: `${reason} (a notification: dropped)` };
    if (id === null && !opts.answerWithoutId) return { kind: 'drop', reason: `${reason} (no usable id: dropped)` };
    return { kind: 'answer', reply: errorReply(id, INVALID_REQUEST, `Invalid Request: ${problem}`), reason };
  }
  if (isRecordValue && id !== null && ('result' in value || 'error' in value)) {
    // Someone waits for this id: an error tells them; silence would leave them hanging.
    return { kind: 'deliver', message: errorReply(id, INTERNAL_ERROR, `${opts.peer} sent an invalid response: ${problem}`), replaced: reason };
  }
  if (id === null && opts.answerWithoutId && !(isRecordValue && ('result' in value || 'error' in value))) {
    return { kind: 'answer', reply: errorReply(null, INVALID_REQUEST, `Invalid Request: ${problem}`), reason };
  }
  return { kind: 'drop', reason: `${reason} (dropped)` };
}

export function errorReply(id: RpcId | null, code: number, message: string): Msg {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

/**
 * What a message that a handler failed on gets: a request is answered with an internal error (only
 * that message fails), anything else has nobody to tell.
 */
export function bugReply(m: unknown): Msg | null {
  if (!isRecord(m) || typeof m.method !== 'string') return null;
  const id = usableId(m);
  return id === null ? null : errorReply(id, INTERNAL_ERROR, 'the gate failed to process this message');
}

/** Text safe to put in a log line: short and on one line. */
export function logExcerpt(s: string, max = 200): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
