/**
 * Audit export cost (issue 12): the decision latency of a sampling request — a
 * `trigger-sampling-request` round trip through the stdio bridge, `trust: trust` — on gates whose
 * `audit:` syslog sink is up, down, or stalled, against the same gate with the sink up. The hold
 * never waits for an export, so the ratios should stay near 1×; a sink that is down makes the
 * exporter retry in the background, one that is stalled (accepts, never reads) makes every batch
 * wait for its timeout. A gate without `audit:` is the baseline for the sink-up row.
 *
 * The "up" receiver is a local TCP server that reads to the gate's end-of-stream and closes, as
 * rsyslog's imtcp does; "down" is a free port nothing listens on.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { onCleanup } from './cleanup.js';
import { connect } from './clients.js';
import type { BenchClient } from './clients.js';
import { EVERYTHING, GATE_BIN } from './locations.js';
import { freePort, startGate } from './processes.js';
import { measureInterleaved, type Series } from './interleave.js';
import type { Failure, Row } from './results.js';

function config(audit: string): string {
  return `defaults:
  trust: trust
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
servers:
  everything:
    command: ${JSON.stringify(process.execPath)}
    args: ${JSON.stringify([EVERYTHING, 'stdio'])}
${audit}`;
}

const auditTo = (port: number): string => `audit:
  content: hashed
  retryMaxSeconds: 2
  syslog: { host: 127.0.0.1, port: ${port}, timeoutSeconds: 2 }
`;

/** A receiver like imtcp: reads everything, closes when the sender has finished. Counts messages. */
async function listen(onSocket: (s: Socket) => void): Promise<{ port: number; server: Server }> {
  const server = createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onCleanup(() => new Promise<void>((r) => server.close(() => r())));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, server };
}

export async function benchAudit(opts: { n: number; warmup: number }, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  progress('audit: starting a syslog receiver and four gates (no audit, sink up, down, stalled)');
  const up = await listen((s) => {
    s.on('data', () => undefined);
    s.on('end', () => s.end());
    s.on('error', () => undefined);
  });
  // Stalled: accepts and never reads or closes; the gate's per-batch timeout ends each attempt.
  const stalledSockets: Socket[] = [];
  const stalled = await listen((s) => {
    s.pause();
    s.on('error', () => undefined);
    stalledSockets.push(s);
  });
  onCleanup(() => stalledSockets.forEach((s) => s.destroy()));
  const downPort = await freePort();

  const gates = [
    { id: 'audit:off', label: '(r) no audit: configured', baseline: null, yaml: '' },
    { id: 'audit:sink-up', label: '(s) syslog sink up', baseline: 'audit:off', yaml: auditTo(up.port) },
    { id: 'audit:sink-down', label: '(t) syslog sink down (connection refused)', baseline: 'audit:sink-up', yaml: auditTo(downPort) },
    { id: 'audit:sink-stalled', label: '(u) syslog sink stalled (never reads)', baseline: 'audit:sink-up', yaml: auditTo(stalled.port) },
  ];
  const sample = async (c: BenchClient): Promise<void> => {
    const r = await c.call('trigger-sampling-request', { prompt: 'bench', maxTokens: 100 });
    if (r.isError) throw new Error(`sampling failed: ${JSON.stringify(r.content).slice(0, 200)}`);
  };
  const series: Series[] = [];
  for (const g of gates) {
    const gate = await startGate(config(g.yaml));
    const client = await connect({ kind: 'stdio', command: process.execPath, args: [GATE_BIN, 'connect', 'everything', '--data-dir', gate.dataDir] });
    series.push({ id: g.id, label: g.label, baseline: g.baseline, run: () => sample(client) });
  }
  return measureInterleaved('audit', series, opts, failures, progress);
}
