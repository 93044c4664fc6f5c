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
import { startEverythingHttp, startGate, startJsonResponder, startSupergateway } from './processes.js';
import type { BenchGate } from './processes.js';
import { measureInterleaved, type Series } from './interleave.js';
import { errorText, valueRow } from './results.js';
import type { Failure, Row } from './results.js';

interface RouteSpec {
  id: string;
  label: string;
  /** The direct route to the same server (the echo ratio's baseline); null for a baseline. */
  baseline: string | null;
  route(gate: BenchGate, urls: Urls): Route;
  /** Also measured with `trigger-sampling-request` (the floor cannot sample). */
  sampling?: false;
}

interface Urls {
  everything: string;
  floor: string;
  supergateway: string | null;
}

const STDIO_SERVER = { kind: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'] } as const;
const bridge = (gate: BenchGate, id: string): Route => ({ kind: 'stdio', command: process.execPath, args: [GATE_BIN, 'connect', id, '--data-dir', gate.dataDir] });

const ROUTES: readonly RouteSpec[] = [
  { id: 'stdio-direct', label: '(a) stdio direct', baseline: null, route: () => STDIO_SERVER },
  { id: 'stdio-bridge', label: '(b) gate stdio bridge → stdio server', baseline: 'stdio-direct', route: (g) => bridge(g, 'everything') },
  // Compared with (a): the question is what reaching this stdio server through the gate costs over
  // running it directly. A stdio server has no HTTP endpoint of its own to compare with, and
  // server-everything's HTTP mode (d) is slower than the gate's endpoint, which would flatter (c);
  // the floor and supergateway rows below say what an HTTP front for it costs at least, and elsewhere.
  { id: 'http-gate-stdio', label: '(c) gate HTTP → stdio server', baseline: 'stdio-direct', route: (g) => ({ kind: 'http', url: g.mcpUrl('everything'), token: g.token }) },
  { id: 'http-direct', label: '(d) Streamable HTTP direct', baseline: null, route: (_g, u) => ({ kind: 'http', url: u.everything }) },
  { id: 'http-gate-url', label: '(e) gate HTTP → URL server', baseline: 'http-direct', route: (g) => ({ kind: 'http', url: g.mcpUrl('everything-url'), token: g.token }) },
  // The same SDK client against a raw responder answering JSON: an HTTP round trip with nothing behind it.
  { id: 'http-floor', label: 'HTTP floor: raw JSON responder', baseline: null, route: (_g, u) => ({ kind: 'http', url: u.floor }), sampling: false },
];

/** supergateway in front of the same stdio server, when `--supergateway` names it. */
const SUPERGATEWAY: RouteSpec = { id: 'http-supergateway-stdio', label: '(f) supergateway HTTP → stdio server', baseline: 'stdio-direct', route: (_g, u) => ({ kind: 'http', url: u.supergateway! }), sampling: false };

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

export async function benchRelay(opts: { n: number; warmup: number; supergateway: string | null }, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  progress('relay: starting server-everything (HTTP), the HTTP floor, the gate' + (opts.supergateway ? ' and supergateway' : ''));
  const urls: Urls = { everything: await startEverythingHttp(), floor: await startJsonResponder(), supergateway: null };
  if (opts.supergateway) {
    try {
      urls.supergateway = await startSupergateway(opts.supergateway);
    } catch (e) {
      failures.push({ id: SUPERGATEWAY.id, error: `start: ${errorText(e)}` });
    }
  }
  const gate = await startGate(gateConfig(urls.everything));
  const routes = urls.supergateway ? [...ROUTES, SUPERGATEWAY] : ROUTES;

  const clients = new Map<string, BenchClient>();
  for (const spec of routes) {
    try {
      clients.set(spec.id, await connect(spec.route(gate, urls)));
    } catch (e) {
      failures.push({ id: spec.id, error: `connect: ${errorText(e)}` });
    }
  }

  const series: Series[] = routes.filter((spec) => clients.has(spec.id)).flatMap((spec) => {
    const client = clients.get(spec.id)!;
    const echoSeries: Series = { id: spec.id, group: 'relay' as const, label: spec.label, baseline: spec.baseline, run: () => echo(client) };
    if (spec.sampling === false) return [echoSeries];
    return [
      echoSeries,
      { id: `sampling:${spec.id}`, group: 'sampling' as const, label: `${spec.label}: sampling`, baseline: spec.id, run: () => sample(client) },
      { id: `elicitation:${spec.id}`, group: 'elicitation' as const, label: `${spec.label}: elicitation`, baseline: `sampling:${spec.id}`, run: () => elicit(client) },
    ];
  });
  const rows = await measureInterleaved('relay', series, opts, failures, progress);
  return [...rows, ...floorRows(rows)];
}

/**
 * The gate's HTTP endpoint against the least it could cost — the floor (the SDK client on a raw
 * JSON responder) plus the stdio server's own round trip (a) — and against supergateway (f).
 */
function floorRows(rows: readonly Row[]): Row[] {
  const p50 = (id: string): number | undefined => rows.find((r) => r.id === id && r.group === 'relay')?.p50;
  const [floor, direct, gated, sg] = [p50('http-floor'), p50('stdio-direct'), p50('http-gate-stdio'), p50('http-supergateway-stdio')];
  if (floor === undefined || direct === undefined || gated === undefined) return [];
  const ms = (v: number): string => `${v.toFixed(2)} ms`;
  const base = valueRow('relay', 'http-floor+stdio', `floor: HTTP floor ${ms(floor)} + stdio direct (a) ${ms(direct)}`, floor + direct, 'ms', null);
  const out = [base, valueRow('relay', 'http-gate-stdio:floor', `(c) vs the floor: ${gated >= floor + direct ? '+' : ''}${ms(gated - floor - direct)}`, gated, 'ms', base)];
  if (sg !== undefined) {
    const sgRow = valueRow('relay', 'http-supergateway-stdio:p50', '(f) supergateway HTTP → stdio server, p50', sg, 'ms', null);
    out.push(sgRow, valueRow('relay', 'http-gate-stdio:supergateway', '(c) vs (f) supergateway, p50', gated, 'ms', sgRow));
  }
  return out;
}
