/** The CLI's way to a running gate: the gate API over the data directory's control socket. */
import { request } from 'node:http';
import type { GateMethod, GateMethodResults, GateParams } from '../shared/api.js';
import type { Result } from '../shared/result.js';

export class NoGateError extends Error {}

export function callGate<M extends GateMethod>(socketPath: string, method: M, params: GateParams<M>): Promise<Result<GateMethodResults[M]>> {
  const body = JSON.stringify({ method, params });
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, path: '/api/call', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Result<GateMethodResults[M]>);
          } catch {
            reject(new Error('the gate sent an unreadable answer'));
          }
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') reject(new NoGateError('no gate is running for this data directory'));
      else reject(err);
    });
    req.end(body);
  });
}

/** Whether a gate answers on the socket. */
export async function gateRunning(socketPath: string): Promise<boolean> {
  try {
    const r = await callGate(socketPath, 'status.get', {});
    return r.ok;
  } catch {
    return false;
  }
}
