/**
 * Relay cost: `tools/call echo` round trips on five routes to the real server-everything, and
 * `trigger-sampling-request` round trips (the server asks the client to sample; with `trust: trust`
 * the gate's hold records the request in history, runs the policy and forwards it) compared with
 * echo on the same route, and `trigger-elicitation-request` round trips (a 13-field form through
 * the same hold: validated, flagged, forwarded, the answer checked against the form) compared with
 * sampling on the same route.
 *
 * Routes are measured interleaved — a short chunk on each route in turn, round after round — so
 * load from other processes on a shared machine lands on every route alike instead of skewing one.
 */
import { connect } from './clients.js';
import type { BenchClient, Route } from './clients.js';
import { EVERYTHING, GATE_BIN } from './locations.js';
import { startEverythingHttp, startGate } from './processes.js';
import type { BenchGate } from './processes.js';
import { measureInterleaved, type Series } from './interleave.js';
import { errorText } from './results.js';
import type { Failure, Row } from './results.js';

interface RouteSpec {
  id: string;
  label: string;
  /** The direct route to the same server (the echo ratio's baseline); null for a baseline. */
  baseline: string | null;
  route(gate: BenchGate, httpUrl: string): Route;
}

const STDIO_SERVER = { kind: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'] } as const;
const bridge = (gate: BenchGate, id: string): Route => ({ kind: 'stdio', command: process.execPath, args: [GATE_BIN, 'connect', id, '--data-dir', gate.dataDir] });

const ROUTES: readonly RouteSpec[] = [
  { id: 'stdio-direct', label: '(a) stdio direct', baseline: null, route: () => STDIO_SERVER },
  { id: 'stdio-bridge', label: '(b) gate stdio bridge → stdio server', baseline: 'stdio-direct', route: (g) => bridge(g, 'everything') },
  // Compared with (a): the question is what reaching this stdio server through the gate costs over
  // running it directly. A stdio server has no HTTP endpoint of its own to compare with, and
  // server-everything's HTTP mode (d) is slower than the gate's endpoint, which would flatter (c).
  { id: 'http-gate-stdio', label: '(c) gate HTTP → stdio server', baseline: 'stdio-direct', route: (g) => ({ kind: 'http', url: g.mcpUrl('everything'), token: g.token }) },
  { id: 'http-direct', label: '(d) Streamable HTTP direct', baseline: null, route: (_g, url) => ({ kind: 'http', url }) },
  { id: 'http-gate-url', label: '(e) gate HTTP → URL server', baseline: 'http-direct', route: (g) => ({ kind: 'http', url: g.mcpUrl('everything-url'), token: g.token }) },
];

const echo = (c: BenchClient): Promise<unknown> => c.call('echo', { message: 'bench' });
const sample = (c: BenchClient): Promise<unknown> => c.call('trigger-sampling-request', { prompt: 'bench', maxTokens: 100 });
const elicit = (c: BenchClient): Promise<unknown> => c.call('trigger-elicitation-request', {});

/** config.yaml for the bench gate. */
function gateConfig(httpUrl: string): string {
  // Limits off: the bench sends thousands of sampling requests a minute, and the default
  // perMinute of 5 would turn all but five into (cheaper) refusals. The counts are still read.
  return `defaults:
  trust: trust
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
  elicitation: { rateLimit: { perMinute: null, perHour: null } }
servers:
  everything:
    command: ${JSON.stringify(process.execPath)}
    args: ${JSON.stringify([EVERYTHING, 'stdio'])}
    trust: trust
  everything-url:
    url: ${httpUrl}
    trust: trust
`;
}

export async function benchRelay(opts: { n: number; warmup: number }, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  progress('relay: starting server-everything (HTTP) and the gate');
  const httpUrl = await startEverythingHttp();
  const gate = await startGate(gateConfig(httpUrl));

  const clients = new Map<string, BenchClient>();
  for (const spec of ROUTES) {
    try {
      clients.set(spec.id, await connect(spec.route(gate, httpUrl)));
    } catch (e) {
      failures.push({ id: spec.id, error: `connect: ${errorText(e)}` });
    }
  }

  const series: Series[] = ROUTES.filter((spec) => clients.has(spec.id)).flatMap((spec) => {
    const client = clients.get(spec.id)!;
    return [
      { id: spec.id, group: 'relay' as const, label: spec.label, baseline: spec.baseline, run: () => echo(client) },
      { id: `sampling:${spec.id}`, group: 'sampling' as const, label: `${spec.label}: sampling`, baseline: spec.id, run: () => sample(client) },
      { id: `elicitation:${spec.id}`, group: 'elicitation' as const, label: `${spec.label}: elicitation`, baseline: `sampling:${spec.id}`, run: () => elicit(client) },
    ];
  });
  return measureInterleaved('relay', series, opts, failures, progress);
}
