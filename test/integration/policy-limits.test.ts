/**
 * Rate limits through the real relay: a server that floods is refused under `limit.*` at once —
 * its requests never join the human's queue — while another server's request is held and answered
 * during the flood; and the counts come from history, so a restarted gate still refuses.
 *
 * The flooder's limit is per hour (not per minute) so the restart check cannot race the rolling
 * minute on a slow machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PendingRequest } from '../../shared/types.js';
import { connectClient, RAW_SERVER, sampleViaRaw, textRequest, type RawAnswer } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';

const HELD = 3;

const CONFIG = `defaults:
  trust: ask
servers:
  flooder:
${serverEntry(RAW_SERVER, [], `    policy: { rateLimit: { perMinute: null, perHour: ${HELD} } }\n`)}
  quiet:
${serverEntry(RAW_SERVER)}
`;

type Answer = RawAnswer;

const params = (t: string): Record<string, unknown> => textRequest(t);

let gate: RunningGate;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir(CONFIG);
  gate = await startGate(dataDir);
});

afterAll(async () => {
  if (process.env.SG_DEBUG) process.stderr.write(gate.output());
  await gate?.stop();
  gate?.remove();
});

describe('limits through the real relay', () => {
  it('a flood is refused at once and never queued, while another server is held and answered during it', async () => {
    const flooder = await connectClient({ via: 'stdio', dataDir, serverId: 'flooder' });
    const quiet = await connectClient({ via: 'http', url: gate.mcpUrl('quiet'), token: gate.token });
    try {
      // The first HELD requests are within the limit: they wait for the human.
      const held = Array.from({ length: HELD }, (_, i) => sampleViaRaw(flooder, params(`held ${i}`)));
      const pending: PendingRequest[] = [];
      for (let i = 0; i < HELD; i++) pending.push(await gate.nextPending('flooder'));

      // Flood until the other server's request has been held, approved and answered.
      let quietAnswered = false;
      const floodAnswers: Answer[] = [];
      let largestQueue = 0;
      let firstRound!: () => void;
      const floodStarted = new Promise<void>((r) => (firstRound = r));
      const flood = (async () => {
        let round = 0;
        while (!quietAnswered) {
          const batch = await Promise.all(Array.from({ length: 10 }, (_, i) => sampleViaRaw(flooder, params(`flood ${round}.${i}`))));
          floodAnswers.push(...batch);
          const queue = await gate.api('approvals.list', {});
          largestQueue = Math.max(largestQueue, queue.filter((p) => p.server === 'flooder').length);
          round++;
          firstRound();
        }
      })();

      // The other server's request goes in once the flood is under way (and it keeps going).
      await floodStarted;
      const quietCall = sampleViaRaw(quiet, params('the quiet one'));
      const q = await gate.nextPending('quiet');
      expect((await gate.cli('approve', q.id)).code).toBe(0);
      const quietAnswer = await quietCall;
      const floodedBeforeQuietAnswered = floodAnswers.length;
      quietAnswered = true;
      await flood;

      // The other server: held for the human and answered while the flood ran.
      expect('result' in quietAnswer).toBe(true);
      expect(quiet.sampled).toHaveLength(1);
      expect(floodedBeforeQuietAnswered).toBeGreaterThanOrEqual(10);

      // The flood: every request refused by the limit, with -1, none forwarded, none queued.
      expect(floodAnswers.length).toBeGreaterThanOrEqual(10);
      for (const a of floodAnswers) {
        expect('error' in a && a.error.code).toBe(-1);
        expect('error' in a && a.error.data?.rule).toBe('limit.perHour');
      }
      expect(largestQueue).toBe(HELD);
      expect(flooder.sampled).toHaveLength(0);
      const rows = await gate.api('history.query', { query: { server: 'flooder', limit: 10000 } });
      const limited = rows.filter((r) => r.rule === 'limit.perHour');
      expect(limited).toHaveLength(floodAnswers.length);
      for (const r of limited) expect(r).toMatchObject({ outcome: 'auto-denied', decidedBy: 'policy' });

      // The held ones are still the human's to decide.
      for (const p of pending) await gate.api('approvals.decide', { id: p.id, decision: { kind: 'deny', reason: 'flood test' } });
      for (const a of await Promise.all(held)) expect('error' in a && a.error.code).toBe(-1);
    } finally {
      await flooder.close();
      await quiet.close();
    }
  });

  it('the counts survive a restart: the next request after a restart is still refused', async () => {
    await gate.stop();
    gate = await startGate(dataDir);
    const flooder = await connectClient({ via: 'stdio', dataDir, serverId: 'flooder' });
    try {
      const a = await sampleViaRaw(flooder, params('after restart'));
      expect('error' in a && a.error.data?.rule).toBe('limit.perHour');
      expect(await gate.api('approvals.list', {})).toEqual([]);
      expect(flooder.sampled).toHaveLength(0);
      // A different server is not affected by the flooder's count.
      const quiet = await connectClient({ via: 'http', url: gate.mcpUrl('quiet'), token: gate.token });
      try {
        const call = sampleViaRaw(quiet, params('still fine'));
        const q = await gate.nextPending('quiet');
        expect(q.usage?.hour.used).toBe(2);
        await gate.api('approvals.decide', { id: q.id, decision: { kind: 'approve' } });
        expect('result' in (await call)).toBe(true);
      } finally {
        await quiet.close();
      }
    } finally {
      await flooder.close();
    }
  });
});
