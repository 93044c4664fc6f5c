/**
 * The conformance suite's client-side scenarios for elicitation and input_required
 * (@modelcontextprotocol/conformance, `conformance client`): each scenario's server is run once
 * with a client talking to it directly, and again with the same client reaching it through the
 * gate — over the HTTP endpoint and over the stdio bridge. Every check that passes directly passes
 * through the gate. And when the client cannot elicit, the gate's own form answers the scenario:
 * approving it accepts the form's defaults.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATE_BIN, REPO, startGate, waitFor } from '../fixtures/v2-processes.js';
import type { GateProc } from '../fixtures/v2-processes.js';
import { node22, scenarioServer, type CheckRecord } from '../support/conformance.js';

const CLIENT = join(REPO, 'test', 'fixtures', 'conformance-clients', 'client.mjs');
const SCENARIOS = ['elicitation-sep1034-client-defaults', 'sep-2322-client-request-state'] as const;

let gate: GateProc;
beforeAll(async () => {
  gate = await startGate('servers: {}\n');
});
afterAll(async () => {
  await gate?.stop();
});

function runClient(scenario: string, url: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(node22(), [CLIENT, url], { cwd: REPO, env: { ...process.env, MCP_CONFORMANCE_SCENARIO: scenario, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const passed = (checks: CheckRecord[]): string[] => checks.filter((c) => c.status === 'SUCCESS').map((c) => c.id).sort();
const failed = (checks: CheckRecord[]): string[] => checks.filter((c) => c.status === 'FAILURE').map((c) => `${c.id}: ${c.errorMessage ?? ''}`);

/** The scenario's server as a server of the gate (trusted, as a user would set one up). */
async function throughGate(scenario: string, via: 'http' | 'stdio', env: Record<string, string> = {}): Promise<CheckRecord[]> {
  const server = await scenarioServer(scenario);
  const id = `cf-${scenario.slice(0, 40)}-${via}`.replace(/[^A-Za-z0-9._-]/g, '-');
  await gate.api('servers.upsert', { server: { id, url: server.url, trust: 'trust' } });
  const connect = JSON.stringify({ command: node22(), args: [GATE_BIN, 'connect', id, '--data-dir', gate.dataDir] });
  const run = await runClient(scenario, gate.mcpUrl(id), via === 'http' ? { SG_BEARER: gate.token, ...env } : { SG_CONNECT: connect, ...env });
  expect(run.code, run.out).toBe(0);
  return server.finish();
}

describe.each(SCENARIOS)('client scenario %s', (scenario) => {
  let direct: CheckRecord[];

  it('passes directly', async () => {
    const server = await scenarioServer(scenario);
    const run = await runClient(scenario, server.url);
    expect(run.code, run.out).toBe(0);
    direct = await server.finish();
    expect(failed(direct)).toEqual([]);
    expect(passed(direct).length).toBeGreaterThanOrEqual(5);
  });

  it.each(['http', 'stdio'] as const)('passes the same through the gate (%s)', async (via) => {
    const through = await throughGate(scenario, via);
    expect(failed(through)).toEqual([]);
    expect(passed(through)).toEqual(passed(direct));
    const rows = await gate.json<{ kind: string; outcome: string }[]>('history', '--kind', 'elicitation', '--limit', '1');
    expect(rows[0]).toMatchObject({ kind: 'elicitation', outcome: 'auto-approved' });
  });
});

describe('a client that cannot elicit, through the gate', () => {
  it('elicitation-sep1034-client-defaults: the gate\'s own form answers, and approving it accepts the defaults', async () => {
    const scenario = 'elicitation-sep1034-client-defaults';
    const server = await scenarioServer(scenario);
    await gate.api('servers.upsert', { server: { id: 'cf-gate-form', url: server.url, trust: 'trust' } });
    const client = runClient(scenario, gate.mcpUrl('cf-gate-form'), { SG_BEARER: gate.token, SG_NO_ELICITATION: '1' });
    const p = await waitFor(async () => (await gate.api('approvals.list', {})).find((x) => x.server === 'cf-gate-form'), 'the gate\'s form');
    expect(p.elicitation).toMatchObject({ answeredBy: 'gate', mode: 'form' });
    expect((await gate.cli('approve', p.id)).code).toBe(0);
    expect((await client).code).toBe(0);
    const checks = await server.finish();
    expect(failed(checks)).toEqual([]);
    expect(passed(checks)).toHaveLength(5);
  });
});
