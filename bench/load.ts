/**
 * The gate under load (issue 10), each row against a baseline measured in the same run:
 * - admission: sampling round trips through gates on an empty, a 10k-event and the seeded
 *   history (HTTP → stdio server-everything, trust: trust, limits read but never reached);
 * - flood: another server's echo while one server sends 2,000 sampling requests at once (refused
 *   by its rate limit), against that echo with the gate idle;
 * - 20 sessions: echo throughput of 20 clients at once through the stdio bridge, against 20
 *   clients on server-everything directly; on Linux also CPU and wake-ups per echo of each route's
 *   processes (process-cost.ts);
 * - idle RSS of a gate with 10 servers configured and no session, against a bare Node process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from './clients.js';
import type { BenchClient, Route } from './clients.js';
import { seedHistory, type SeededHistory } from './history-seed.js';
import { available as costAvailable, childrenOf, CostMeter, type ProcessCost } from './process-cost.js';
import { EVERYTHING, GATE_BIN, ROOT } from './locations.js';
import { startGate, startNode } from './processes.js';
import type { BenchGate } from './processes.js';
import { errorText, toRow, valueRow } from './results.js';
import type { Failure, Row } from './results.js';
import { summarize, timeAsync } from './stats.js';

const FLOOD_SERVER = join(ROOT, 'out', 'node', 'bench', 'flood-server.js');
const STDIO_SERVER: Route = { kind: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'] };

const echo = (c: BenchClient): Promise<unknown> => c.call('echo', { message: 'bench' });
const sample = (c: BenchClient): Promise<unknown> => c.call('trigger-sampling-request', { prompt: 'bench', maxTokens: 100 });

function everything(id: string, extra = ''): string {
  return `  ${id}:\n    command: ${JSON.stringify(process.execPath)}\n    args: ${JSON.stringify([EVERYTHING, 'stdio'])}\n${extra}`;
}

const UNLIMITED = `defaults:
  trust: trust
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
servers:
`;

/**
 * Sampling round trips through three gates whose history is empty, 10k events and the seeded one
 * (the seeded events' server "docs" is the one sampled, so its day window is full).
 */
export async function benchAdmission(seeded: SeededHistory, opts: { n: number; warmup: number }, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  try {
    progress('admission: seeding a 10k-event history');
    const small = await seedHistory(10_000, 90, () => undefined);
    const gates: [string, string, BenchGate][] = [];
    for (const [id, label, dataDir] of [
      ['admission:0', 'empty history', undefined],
      ['admission:10k', '10,000 events', small.dir],
      ['admission:seeded', `${seeded.events.toLocaleString('en-US')} events`, seeded.dir],
    ] as const) {
      progress(`admission: starting a gate on ${label}`);
      gates.push([id, label, await startGate(UNLIMITED + everything('docs'), dataDir ? { dataDir } : {})]);
    }
    const clients = await Promise.all(gates.map(([, , g]) => connect({ kind: 'http', url: g.mcpUrl('docs'), token: g.token })));
    const samples: number[][] = gates.map(() => []);
    progress(`admission: ${opts.n} sampling round trips per gate`);
    for (const c of clients) await timeAsync(() => sample(c), opts.warmup);
    for (let done = 0; done < opts.n; done += 25) {
      const k = Math.min(25, opts.n - done);
      for (const [i, c] of clients.entries()) await timeAsync(() => sample(c), k, samples[i]);
    }
    const base = summarize(samples[0]!);
    // Retention runs on the seeded history next: nothing else may be writing to it then.
    await Promise.all(gates.map(([, , g]) => g.stop()));
    return gates.map(([id, label], i) =>
      toRow('load', id, `sampling round trip, gate on ${label}`, i === 0 ? base : summarize(samples[i]!), i === 0 ? null : 'admission:0', i === 0 ? undefined : base),
    );
  } catch (e) {
    failures.push({ id: 'admission', error: errorText(e) });
    return [];
  }
}

/** Another server's echo while one server floods 2,000 requests refused by its limit. */
export async function benchFlood(opts: { n: number; flood: number }, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  try {
    progress('flood: starting a gate with server-everything and a flooding server');
    const gate = await startGate(`defaults:
  trust: trust
  rateLimit: { perMinute: 5, perHour: 60, perDay: 300, perSession: 50 }
servers:
${everything('everything')}  flood:
    command: ${JSON.stringify(process.execPath)}
    args: ${JSON.stringify([FLOOD_SERVER])}
`);
    const calm = await connect({ kind: 'http', url: gate.mcpUrl('everything'), token: gate.token });
    const flooder = await connect({ kind: 'http', url: gate.mcpUrl('flood'), token: gate.token });
    await timeAsync(() => echo(calm), 50);
    const idle = await timeAsync(() => echo(calm), Math.max(20, Math.min(300, opts.n)));
    progress(`flood: ${opts.flood} sampling requests at once, echo on the other server meanwhile`);
    const during: number[] = [];
    let flooding = true;
    const flood = flooder.call('flood', { n: opts.flood }).finally(() => (flooding = false));
    const t0 = performance.now();
    while (flooding) await timeAsync(() => echo(calm), 1, during);
    const result = await flood;
    const took = performance.now() - t0;
    const counts = JSON.parse((result.content[0] as { text: string }).text) as { ok: number; refused: number };
    if (counts.ok + counts.refused !== opts.flood) throw new Error(`flood: ${JSON.stringify(counts)}`);
    if (during.length === 0) during.push(took);
    const base = summarize(idle);
    return [
      toRow('load', 'flood:idle', 'echo on another server, gate idle', base, null, undefined),
      toRow('load', 'flood:during', `echo on another server during a ${opts.flood}-request flood (${counts.refused} refused, ${(took / 1000).toFixed(1)} s)`, summarize(during), 'flood:idle', base),
    ];
  } catch (e) {
    failures.push({ id: 'flood', error: errorText(e) });
    return [];
  }
}

/**
 * Echo throughput of `sessions` clients at once: through the stdio bridge vs directly. On Linux also
 * what each route's processes spend per echo — CPU and wake-ups, per process kind — which is where a
 * bridged echo's extra time goes (two more processes in the path, each woken twice).
 */
export async function benchSessions(opts: { sessions: number; calls: number }, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  try {
    progress(`sessions: ${opts.sessions} clients direct and through the stdio bridge`);
    const gate = await startGate(UNLIMITED + everything('everything'));
    const bridge: Route = { kind: 'stdio', command: process.execPath, args: [GATE_BIN, 'connect', 'everything', '--data-dir', gate.dataDir] };
    const direct = await Promise.all(Array.from({ length: opts.sessions }, () => connect(STDIO_SERVER)));
    const gated = await Promise.all(Array.from({ length: opts.sessions }, () => connect(bridge)));
    // Half through the bridge, half through the HTTP endpoint (VS Code, Cursor and 2026-era clients connect over HTTP).
    const half = Math.floor(opts.sessions / 2);
    const httpRoute: Route = { kind: 'http', url: gate.mcpUrl('everything'), token: gate.token };
    const mixed = [...(await Promise.all(Array.from({ length: half }, () => connect(bridge)))), ...(await Promise.all(Array.from({ length: opts.sessions - half }, () => connect(httpRoute))))];
    const pidsOf = (clients: BenchClient[]) => (): number[] => clients.flatMap((c) => (c.pid === null ? [] : [c.pid]));
    const meters = {
      direct: new CostMeter({ client: () => [process.pid], server: pidsOf(direct) }),
      gated: new CostMeter({ client: () => [process.pid], bridge: pidsOf(gated), gate: () => [gate.pid], server: () => childrenOf(gate.pid) }),
      mixed: new CostMeter({ client: () => [process.pid], bridge: pidsOf(mixed), gate: () => [gate.pid], server: () => childrenOf(gate.pid) }),
    };
    const measure = costAvailable();
    /** Echoes per second of `clients` all at once; `split`: also each part's own rate (the mixed round). */
    const throughput = async (clients: BenchClient[], meter: CostMeter<string> | null, split?: number[]): Promise<number> => {
      if (measure) meter?.start();
      const t0 = performance.now();
      const ends = await Promise.all(clients.map((c) => timeAsync(() => echo(c), opts.calls).then(() => performance.now())));
      const perS = (clients.length * opts.calls) / ((performance.now() - t0) / 1000);
      if (measure) meter?.stop();
      // Each half's rate over the time it took to finish its own calls.
      if (split) split.push((half * opts.calls) / ((Math.max(...ends.slice(0, half)) - t0) / 1000), ((clients.length - half) * opts.calls) / ((Math.max(...ends.slice(half)) - t0) / 1000));
      return perS;
    };
    await throughput(direct, null);
    await throughput(gated, null);
    await throughput(mixed, null);
    // Alternate, three rounds each, so load from elsewhere lands on all alike; keep the median.
    const d: number[] = [];
    const g: number[] = [];
    const m: number[] = [];
    const parts: number[][] = [];
    for (let round = 0; round < 3; round++) {
      d.push(await throughput(direct, meters.direct));
      g.push(await throughput(gated, meters.gated));
      const split: number[] = [];
      m.push(await throughput(mixed, meters.mixed, split));
      parts.push(split);
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
    const mixedMedian = median(m);
    const [bridgeHalf, httpHalf] = parts[m.indexOf(mixedMedian)]!;
    const base = valueRow('load', 'sessions:direct', `echo/s, ${opts.sessions} clients on server-everything directly`, median(d), 'per-s', null);
    const rows = [
      base,
      valueRow('load', 'sessions:bridge', `echo/s, ${opts.sessions} clients through the stdio bridge`, median(g), 'per-s', base),
      valueRow('load', 'sessions:mixed', `echo/s, ${half} clients through the bridge + ${opts.sessions - half} through the HTTP endpoint (bridge half ${bridgeHalf!.toFixed(0)}/s, HTTP half ${httpHalf!.toFixed(0)}/s)`, mixedMedian, 'per-s', base),
    ];
    if (measure) {
      const echoes = 3 * opts.sessions * opts.calls;
      rows.push(...costRows(meters.direct.totals(), meters.gated.totals(), echoes));
      // Where the mixed round's time goes: the HTTP clients' own cost is in `client` (this process).
      const mixedCpu = meters.mixed.totals();
      const cpuBase = rows.find((r) => r.id === 'sessions:cpu-direct')!;
      const parts = Object.entries(mixedCpu).map(([kind, c]) => `${kind} ${((c.cpuMs / echoes) * 1000).toFixed(0)} µs`).join(', ');
      rows.push(valueRow('load', 'sessions:cpu-mixed', `CPU per echo, bridge + HTTP halves (${parts})`, Object.values(mixedCpu).reduce((sum, c) => sum + c.cpuMs, 0) / echoes, 'ms', cpuBase));
    }
    return rows;
  } catch (e) {
    failures.push({ id: 'sessions', error: errorText(e) });
    return [];
  }
}

/** CPU and wake-ups per echo, direct vs bridged, each label naming what every process kind spent. */
function costRows(direct: Record<string, ProcessCost>, gated: Record<string, ProcessCost>, echoes: number): Row[] {
  const per = (costs: Record<string, ProcessCost>, pick: (c: ProcessCost) => number): number => Object.values(costs).reduce((sum, c) => sum + pick(c), 0) / echoes;
  const parts = (costs: Record<string, ProcessCost>, pick: (c: ProcessCost) => number, unit: (v: number) => string): string =>
    Object.entries(costs).map(([kind, c]) => `${kind} ${unit(pick(c) / echoes)}`).join(', ');
  const cpu = (c: ProcessCost): number => c.cpuMs;
  const wakeups = (c: ProcessCost): number => c.wakeups;
  const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;
  const count = (n: number): string => n.toFixed(2);
  const cpuBase = valueRow('load', 'sessions:cpu-direct', `CPU per echo directly (${parts(direct, cpu, us)})`, per(direct, cpu), 'ms', null);
  const wakeBase = valueRow('load', 'sessions:wakeups-direct', `wake-ups per echo directly (${parts(direct, wakeups, count)})`, per(direct, wakeups), 'count', null);
  return [
    cpuBase,
    valueRow('load', 'sessions:cpu-bridge', `CPU per echo through the bridge (${parts(gated, cpu, us)})`, per(gated, cpu), 'ms', cpuBase),
    wakeBase,
    valueRow('load', 'sessions:wakeups-bridge', `wake-ups per echo through the bridge (${parts(gated, wakeups, count)})`, per(gated, wakeups), 'count', wakeBase),
  ];
}

/** RSS of a gate with 10 servers configured and no session, against an idle bare Node. */
export async function benchIdleRss(failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  try {
    progress('rss: an idle gate with 10 servers configured');
    const servers = Array.from({ length: 10 }, (_, i) => (i % 2 ? everything(`s${i}`) : `  s${i}:\n    url: http://127.0.0.1:9/mcp\n`)).join('');
    const gate = await startGate(`servers:\n${servers}`);
    const bare = await startNode(['-e', 'console.log("ready"); setInterval(() => {}, 1 << 30)'], /ready/);
    await new Promise((r) => setTimeout(r, 2_000));
    const rss = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
    const base = valueRow('load', 'rss:node', 'RSS of an idle bare Node process', rss(bare.pid), 'MiB', null);
    return [base, valueRow('load', 'rss:gate', 'RSS of an idle gate, 10 servers configured, no session', rss(gate.pid), 'MiB', base)];
  } catch (e) {
    failures.push({ id: 'rss', error: errorText(e) });
    return [];
  }
}
