/**
 * Who stopped a held request is recorded from the abort cause the relay gives, never guessed from
 * its wording: the client, the server or the gate (e.g. an idle HTTP session being closed).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_DEFAULTS } from '../../../shared/config-schema.js';
import { HistoryStore } from '../../../core/history/history-store.js';
import { ApprovalQueue } from '../../../core/hold/approval-queue.js';
import { Cancellation, cancellationOf, type Actor } from '../../../core/hold/cancellation.js';
import type { Hold } from '../../../core/hold/hold.js';
import { SAMPLING_CLIENT, samplingHold } from '../../support/hold.js';

const PARAMS = { messages: [{ role: 'user', content: { type: 'text', text: 'hold me' } }], maxTokens: 10 };

/** Until the request is waiting (the first one also loads the policy engine). */
async function listed(queue: ApprovalQueue): Promise<void> {
  for (let i = 0; i < 1000 && queue.size === 0; i++) await new Promise((r) => setTimeout(r, 5));
}

function setup(): { hold: Hold; history: HistoryStore; queue: ApprovalQueue } {
  const history = new HistoryStore(join(mkdtempSync(join(tmpdir(), 'sg-cancel-')), 'history.db'));
  const queue = new ApprovalQueue();
  const hold = samplingHold({ history, queue, policyFor: () => ({ ...BUILT_IN_DEFAULTS, rules: [] }) });
  return { hold, history, queue };
}

describe('cancellation', () => {
  it('cancellationOf reads the cause, and treats anything else as the gate', () => {
    const a = new AbortController();
    a.abort(new Cancellation('client', 'client disconnected'));
    expect(cancellationOf(a.signal)).toMatchObject({ by: 'client', reason: 'client disconnected' });
    const b = new AbortController();
    b.abort('some string');
    expect(cancellationOf(b.signal)).toMatchObject({ by: 'gate', reason: 'some string' });
  });

  it.each<[Actor, string]>([
    ['client', 'client disconnected'],
    ['server', 'server cancelled the request'],
  ])('a request waiting for a human, aborted by the %s (%s), is recorded as cancelled by it', async (by, reason) => {
    const { hold, history, queue } = setup();
    const controller = new AbortController();
    const admitted = hold.admit({ kind: 'sampling', serverId: 's', sessionId: 'x', era: '2025-11-25', params: PARAMS, client: SAMPLING_CLIENT, signal: controller.signal });
    await listed(queue);
    const [pending] = queue.list();
    controller.abort(new Cancellation(by, reason));
    expect(await admitted).toMatchObject({ kind: 'cancelled' });
    expect(history.get(pending!.id)).toMatchObject({ outcome: 'cancelled', decidedBy: by, reason });
    expect(queue.size).toBe(0);
    history.close();
  });

  it('one the gate ends (an idle session closed) is denied, so the server still hears an answer', async () => {
    const { hold, history, queue } = setup();
    const controller = new AbortController();
    const admitted = hold.admit({ kind: 'sampling', serverId: 's', sessionId: 'x', era: '2025-11-25', params: PARAMS, client: SAMPLING_CLIENT, signal: controller.signal });
    await listed(queue);
    const [pending] = queue.list();
    controller.abort(new Cancellation('gate', 'idle HTTP session'));
    expect(await admitted).toMatchObject({ kind: 'refuse', refusal: { code: -1 } });
    expect(history.get(pending!.id)).toMatchObject({ outcome: 'denied', decidedBy: 'gate', reason: 'idle HTTP session' });
    history.close();
  });
});
