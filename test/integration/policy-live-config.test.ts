/**
 * config.yaml edited while a real gate runs: a hand edit (trust ask → deny) decides the next
 * request without a restart; an invalid edit keeps the last good config and is reported with file,
 * line and field (config.status, the log, `sampling-gate servers`); the CLI's `trust` change
 * rewrites one line and keeps the user's comments and layout.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigProblem } from '../../shared/types.js';
import { connectClient, RAW_SERVER, type TestClient, sampleViaRaw, textRequest, type RawAnswer } from '../support/sampling-client.js';
import { runCli, serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

const ORIGINAL = `# My gate — this comment must survive every edit
defaults:
  trust: ask            # ask unless a server says otherwise
  rateLimit: { perMinute: 100 }

servers:
  # the raw test server
  raw:
${serverEntry(RAW_SERVER, [], '    trust: ask          # hand-edited below\n')}`;

type Answer = RawAnswer;

const params = (t: string): Record<string, unknown> => textRequest(t);

let gate: RunningGate;
let file: string;
let client: TestClient;

async function sample(t: string): Promise<Answer> {
  return sampleViaRaw(client, params(t));
}

/** Save the way editors do: write a temp file, rename it over config.yaml. */
function save(text: string): void {
  writeFileSync(`${file}.swp`, text);
  renameSync(`${file}.swp`, file);
}

const trustOf = async (id: string): Promise<string | undefined> => (await gate.api('servers.list', {})).find((s) => s.id === id)?.trust;
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

beforeAll(async () => {
  const dir = tempDataDir(ORIGINAL);
  file = join(dir, 'config.yaml');
  gate = await startGate(dir);
  client = await connectClient({ via: 'stdio', dataDir: dir, serverId: 'raw' });
});

afterAll(async () => {
  if (process.env.SG_DEBUG) process.stderr.write(gate.output());
  await client?.close();
  await gate?.stop();
  gate?.remove();
});

describe('live config through the real gate', () => {
  const DENIED = ORIGINAL.replace('trust: ask          # hand-edited below', 'trust: deny         # hand-edited below');
  const INVALID = DENIED.replace('    trust: deny         # hand-edited below\n', '    trust: trust\n    policy:\n      maxTokensCap: -5   # a typo\n');

  it('a hand edit (ask → deny) decides the next request, without a restart', async () => {
    const call = sample('before the edit');
    const p = await gate.nextPending('raw');
    await gate.api('approvals.decide', { id: p.id, decision: { kind: 'deny' } });
    await call;

    save(DENIED);
    await waitFor(async () => ((await trustOf('raw')) === 'deny' ? true : undefined), 'trust deny to apply');
    const a = await sample('after the edit');
    expect('error' in a && a.error).toMatchObject({ code: -1, data: { rule: 'trust.deny' } });
    expect(client.sampled).toHaveLength(0);
  });

  it('an invalid edit keeps the last good config and is reported with file, line and field', async () => {
    save(INVALID);
    const problems = await waitFor(async () => {
      const list = await gate.api('config.status', {});
      return list.length > 0 ? list : undefined;
    }, 'the invalid edit to be reported');
    expect(problems).toContainEqual<ConfigProblem>(
      expect.objectContaining({ file, line: lineOf(INVALID, 'maxTokensCap: -5'), path: 'servers.raw.policy.maxTokensCap' }),
    );
    expect((await gate.api('status.get', {})).configProblems).toEqual(problems);
    expect(gate.output()).toContain(`${file}:${lineOf(INVALID, 'maxTokensCap: -5')}`);
    expect(gate.output()).toMatch(/keeping the last good config/);

    // `trust: trust` in the broken file is not in force: the last good config (deny) still is.
    expect(await trustOf('raw')).toBe('deny');
    const a = await sample('during the broken edit');
    expect('error' in a && a.error.data?.rule).toBe('trust.deny');
    expect(client.sampled).toHaveLength(0);
  });

  it('the CLI trust change rewrites one line and keeps comments and layout, and applies live', async () => {
    save(DENIED);
    await waitFor(async () => ((await gate.api('config.status', {})).length === 0 ? true : undefined), 'the fixed file to load');

    const r = await gate.cli('trust', 'raw', 'trust');
    expect(r).toMatchObject({ code: 0, stdout: 'raw: trust trust\n' });
    // Exactly one value changed: comments, their alignment and `{ perMinute: 100 }` stay as typed.
    expect(readFileSync(file, 'utf8')).toBe(DENIED.replace('trust: deny         # hand-edited below', 'trust: trust         # hand-edited below'));

    await waitFor(async () => ((await trustOf('raw')) === 'trust' ? true : undefined), 'trust to apply');
    const a = await sample('now trusted');
    expect('result' in a).toBe(true);
    expect(client.sampled).toHaveLength(1);
    const row = (await gate.api('history.query', { query: { server: 'raw', limit: 1 } }))[0]!;
    expect(row).toMatchObject({ outcome: 'auto-approved', rule: 'trust.trust' });
  });

  it('`sampling-gate servers` with a gate running reports the config problems the gate sees', async () => {
    save(INVALID);
    await waitFor(async () => ((await gate.api('config.status', {})).length > 0 ? true : undefined), 'the invalid edit to be noticed');
    const r = await gate.cli('servers');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${file}:${lineOf(INVALID, 'maxTokensCap: -5')}:7: servers.raw.policy.maxTokensCap:`);
    expect(r.stdout).toContain('raw');
  });

  it('`sampling-gate servers` reports an invalid file on stderr with file, line and field', async () => {
    await client.close();
    await gate.stop();
    save(INVALID);
    const r = await runCli(['servers', '--data-dir', gate.dataDir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${file}:${lineOf(INVALID, 'maxTokensCap: -5')}:7: servers.raw.policy.maxTokensCap:`);
  });
});
