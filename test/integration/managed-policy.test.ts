/**
 * The managed policy with a real gate, the CLI and the raw server: a managed file lowers a rate
 * limit and locks a server's trust; the user's edits of either — `trust` from the CLI, the API's
 * setTrust, hand edits of config.yaml — are refused or ignored with the reason; the lowered limit
 * is what denies, and `policy explain` names the managed rule. A broken managed file then denies
 * everything (fail closed) and says why in the config problems and `servers`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../shared/types.js';
import { connectClient, RAW_SERVER, sampleViaRaw, textRequest, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

const managedDir = mkdtempSync(join(tmpdir(), 'sg-managed-'));
const MANAGED = join(managedDir, 'managed.yaml');
process.env.SAMPLING_GATE_MANAGED = MANAGED;

// The organisation's audit sink: a receiver that reads each batch and closes, as imtcp does.
const received: string[] = [];
const receiver = createServer((s) => {
  let data = '';
  s.on('data', (d: Buffer) => (data += d.toString('utf8')));
  s.on('end', () => {
    received.push(data);
    s.end();
  });
});
let MANAGED_POLICY = '';
const managedPolicy = (port: number): string => `# The organisation's floor.
defaults:
  rateLimit: { perHour: 2 }
servers:
  raw:
    trust: { value: ask, locked: true }
audit:
  retryMaxSeconds: 1
  syslog: { host: 127.0.0.1, port: ${port} }
`;

const userConfig = (trust: string, perHour: number): string => `defaults:
  trust: ask
  rateLimit: { perMinute: null, perHour: ${perHour}, perDay: null, perSession: null }
servers:
  raw:
${serverEntry(RAW_SERVER, [], `    trust: ${trust}\n`)}`;

let gate: RunningGate;
let client: TestClient;

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  MANAGED_POLICY = managedPolicy((receiver.address() as AddressInfo).port);
  writeFileSync(MANAGED, MANAGED_POLICY);
  gate = await startGate(tempDataDir(userConfig('ask', 60)));
  client = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' });
});

afterAll(async () => {
  if (process.env.SG_DEBUG) process.stderr.write(gate?.output());
  await client?.close();
  await gate?.stop();
  gate?.remove();
  await new Promise((r) => receiver.close(r));
  rmSync(managedDir, { recursive: true, force: true });
});

describe('a managed policy users cannot loosen', () => {
  it('servers shows the locked trust and who set it', async () => {
    const [raw] = await gate.json<(ServerStatus & { managed?: ServerStatus['managed'] })[]>('servers');
    expect(raw).toMatchObject({ id: 'raw', trust: 'ask', managed: { file: MANAGED, locked: ['trust'], decided: { trust: 'servers.raw.trust', 'rateLimit.perHour': 'defaults.rateLimit.perHour' }, refusal: null } });
    const table = await gate.cli('servers');
    expect(table.stdout).toContain(`managed policy: ${MANAGED}`);
    expect(table.stdout).toMatch(/raw\s+ask \(locked\)/);
  });

  it('changing the locked trust is refused, from the CLI and the API, with the reason', async () => {
    const r = await gate.cli('trust', 'raw', 'trust');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`raw: trust is locked by the managed policy (${MANAGED}: servers.raw.trust): it stays ask`);
    await expect(gate.api('servers.setTrust', { id: 'raw', trust: 'deny' })).rejects.toThrow(/conflict: raw: trust is locked by the managed policy/);
    expect((await gate.api('servers.list', {}))[0]?.trust).toBe('ask');
  });

  it('hand edits of the locked trust and the lowered limit are ignored, each reported with the reason', async () => {
    writeFileSync(join(gate.dataDir, 'config.yaml'), userConfig('trust', 500));
    const problems = await waitFor(async () => {
      const p = await gate.api('config.status', {});
      return p.length >= 2 ? p : undefined;
    }, 'the overridden settings to be reported');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'locked', path: 'servers.raw.trust', line: 8, message: expect.stringContaining(`trust is locked by the managed policy (${MANAGED}: servers.raw.trust): this setting is ignored, "ask" applies`) }),
        expect.objectContaining({ kind: 'locked', path: 'defaults.rateLimit.perHour', message: expect.stringContaining(`the managed policy (${MANAGED}: defaults.rateLimit.perHour) is stricter: 2 applies, not 500`) }),
      ]),
    );
    expect((await gate.api('servers.list', {}))[0]?.trust).toBe('ask');
    const cli = await gate.cli('servers');
    expect(cli.stderr).toContain('ignored: ');
  });

  it('the managed limit is the one that denies, and policy explain names the managed rule', async () => {
    // Trust stays ask (locked): the first two are held for the human; the third is over the managed limit.
    for (let i = 0; i < 2; i++) {
      const call = sampleViaRaw(client, textRequest(`held ${i}`));
      const p = await gate.nextPending('raw');
      await gate.api('approvals.decide', { id: p.id, decision: { kind: 'approve' } });
      expect('result' in (await call)).toBe(true);
    }
    const third = await sampleViaRaw(client, textRequest('one too many'));
    expect('error' in third && third.error.data?.rule).toBe('limit.perHour');
    const id = 'error' in third ? third.error.data!.eventId! : '';
    const explained = await gate.cli('policy', 'explain', id);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain(`managed rule: defaults.rateLimit.perHour in ${MANAGED}`);
    expect(explained.stdout).toContain('decided by the managed policy: defaults.rateLimit.perHour');
    const json = await gate.json<{ managed: unknown; rule: string }>('policy', 'explain', id);
    expect(json).toMatchObject({ rule: 'limit.perHour', managed: { file: MANAGED, key: 'defaults.rateLimit.perHour', locked: false } });

    // The managed policy's audit sink got every event, whatever config.yaml says.
    const status = await waitFor(async () => {
      const a = await gate.api('audit.status', {});
      return a.sinks[0]?.backlog === 0 && a.sinks[0].delivered >= 3 ? a : undefined;
    }, 'the managed sink to deliver');
    expect(status.sinks).toEqual([expect.objectContaining({ id: 'managed.syslog', source: 'managed policy', content: 'metadata', state: 'ok' })]);
    expect(received.join('')).toContain(`event_id="${id}"`);
  });

  it('a broken managed file denies everything and says why; fixing it restores the policy', async () => {
    writeFileSync(MANAGED, 'defaults:\n  trust: { value: ask, locked: true }\n  maxTokensCap: lots\n');
    await waitFor(async () => ((await gate.api('config.status', {})).some((p) => p.kind === 'managed') ? true : undefined), 'the broken file to be reported');
    const problem = (await gate.api('config.status', {})).find((p) => p.kind === 'managed')!;
    expect(problem).toMatchObject({ file: MANAGED, line: 3, path: 'defaults.maxTokensCap' });
    const refused = await sampleViaRaw(client, textRequest('while broken'));
    expect('error' in refused && refused.error.data?.rule).toBe('managed.invalid');
    expect('error' in refused && refused.error.data?.reason).toContain(`the managed policy ${MANAGED} is invalid (line 3: defaults.maxTokensCap:`);
    const servers = await gate.cli('servers');
    expect(servers.stderr).toContain('managed policy invalid, every sampling request is denied');
    expect(servers.stdout).toMatch(/raw\s+deny/);
    expect(gate.output()).toMatch(/managed policy: .*every sampling request is denied until it is fixed/);

    writeFileSync(MANAGED, MANAGED_POLICY);
    await waitFor(async () => ((await gate.api('config.status', {})).every((p) => p.kind !== 'managed') ? true : undefined), 'the fixed file to be in force');
    expect((await gate.api('servers.list', {}))[0]).toMatchObject({ trust: 'ask', managed: { refusal: null } });
  });
});
