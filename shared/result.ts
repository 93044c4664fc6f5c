/**
 * What crosses a process boundary (IPC, WebSocket, the control socket): a thrown Error loses everything
 * but its message on the way, so failures travel as values (Signal's `wrapResult`).
 */
export type ErrorCode =
  | 'bad-request'
  | 'not-found'
  | 'conflict'
  | 'unauthorized'
  | 'unavailable'
  | 'internal';

export interface GateError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: GateError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
