/**
 * Every row ends, and no acknowledged decision is lost (issue 9): a real gate is SIGKILLed in the
 * middle of sampling traffic — requests waiting for a human, approved ones waiting for the client's
 * completion, completions in review — and restarted on the same data directory, several times.
 * After each restart no row is left without a final outcome, and every decision the API
 * acknowledged before the kill is still on its row.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { SamplingEvent } from '../../shared/types.js';
import { connectClient, RAW_SERVER, sampleViaRaw, textRequest, type TestClient } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';
import { gatePid } from '../support/raw-peers.js';

const TRIALS = 5;
const REASON = 'the gate stopped before the completion arrived';
const dataDir = tempDataDir(`defaults:
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
  approvalTimeoutSeconds: 600
servers:
  ask:
${serverEntry(RAW_SERVER, [], '    trust: ask\n')}
  auto:
${serverEntry(RAW_SERVER, [], '    trust: trust\n')}
  review:
${serverEntry(RAW_SERVER, [], '    trust: trust\n    policy: { reviewResponses: true }\n')}
`);
let gate: RunningGate | null = null;

afterAll(async () => {
  await gate?.stop();
  gate?.remove();
});

/** A deterministic sequence, so a failing run can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Acked {
  id: string;
  stage: 'request' | 'response';
  kind: 'approve' | 'deny';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SIGKILL mid-traffic, then restart', () => {
  it(`${TRIALS} trials: every row has a final outcome, every acknowledged decision survives`, async () => {
    const seed = Number(process.env.KILL_SEED) || Date.now() % 100_000;
    console.log(`kill-restart seed ${seed} (KILL_SEED=${seed} repeats it)`);
    const rand = prng(seed);
    const acked: Acked[] = [];
    let closedByRestart = 0;

    for (let trial = 0; trial < TRIALS; trial++) {
      gate = await startGate(dataDir);
      await expectAllFinal(gate);
      // Read after an API round trip: the start-up warning goes to stderr, which may arrive after
      // the `listening` line on stdout that startGate waits for.
      closedByRestart += closedAtStart(gate);
      const clients: TestClient[] = [];
      for (const serverId of ['ask', 'auto', 'review']) {
        // Clients take their time answering, so approved requests wait for a completion when the kill comes.
        const delay = 200 + Math.floor(rand() * 800);
        clients.push(
          await connectClient(
            { via: 'stdio', dataDir, serverId },
            { respond: async () => (await sleep(delay), { role: 'assistant', model: 'm', stopReason: 'endTurn', content: { type: 'text', text: 'done' } }) },
          ),
        );
      }
      for (let i = 0; i < 12; i++) {
        const c = clients[i % clients.length]!;
        sampleViaRaw(c, textRequest(`trial ${trial} request ${i}`), 60_000).catch(() => {});
      }
      // One request nobody decides, so every kill leaves at least one row for the restart to close.
      sampleViaRaw(clients[0]!, textRequest(`trial ${trial} left waiting`), 60_000).catch(() => {});
      // Decide some of what waits while traffic flows; each ok from the API is an acknowledged decision.
      const deadline = Date.now() + 400 + rand() * 1500;
      while (Date.now() < deadline) {
        for (const p of await gate.api('approvals.list', {}).catch(() => [])) {
          if (p.stage === 'answering' || JSON.stringify(p.request).includes('left waiting') || rand() < 0.5) continue;
          const kind = rand() < 0.7 ? 'approve' : 'deny';
          const decision = kind === 'approve' ? { kind: 'approve' as const } : { kind: 'deny' as const, reason: `trial ${trial}` };
          const call = p.stage === 'request' ? gate.api('approvals.decide', { id: p.id, decision }) : gate.api('approvals.review', { id: p.id, decision });
          const r = await call.then(
            () => true,
            () => false,
          );
          if (r) acked.push({ id: p.id, stage: p.stage, kind });
        }
        await sleep(50);
      }
      process.kill(gatePid(gate), 'SIGKILL');
      await gate.stop();
      await Promise.allSettled(clients.map((c) => c.close()));
    }

    gate = await startGate(dataDir);
    const rows = await expectAllFinal(gate);
    closedByRestart += closedAtStart(gate);
    for (const a of acked) {
      const row = rows.find((r) => r.id === a.id);
      expect(row, `acknowledged ${a.kind} of ${a.id}`).toBeDefined();
      if (a.kind === 'deny') {
        expect(row, a.id).toMatchObject({ outcome: 'denied', decidedBy: 'user' });
      } else if (a.stage === 'request') {
        // Approved: completed, or closed by the restart — the approval itself is still on the row.
        expect(row!.decidedBy, a.id).toBe('user');
        expect(row!.decidedAt, a.id).not.toBeNull();
        expect(['approved', 'edited', 'failed']).toContain(row!.outcome);
      } else {
        expect(row!.completedAt, a.id).not.toBeNull();
        expect(['auto-approved', 'approved', 'edited', 'failed']).toContain(row!.outcome);
      }
    }
    expect(acked.length).toBeGreaterThan(0);
    console.log(`kill-restart: ${TRIALS} kills, ${rows.length} rows, ${acked.length} acknowledged decisions kept, ${closedByRestart} rows closed at restart`);
    expect(closedByRestart).toBeGreaterThan(0);
  });
});

function closedAtStart(g: RunningGate): number {
  return Number(/(\d+) request\(s\) a previous run left without a final outcome/.exec(g.output())?.[1] ?? 0);
}

async function expectAllFinal(g: RunningGate): Promise<SamplingEvent[]> {
  const rows = await g.api('history.query', { query: { limit: 10_000 } });
  const open = rows.filter((r) => r.outcome === 'pending' || r.completedAt === null);
  expect(open.map((r) => `${r.id} ${r.outcome}`)).toEqual([]);
  for (const r of rows.filter((x) => x.reason === REASON)) expect(r.outcome).toBe('failed');
  return rows;
}
