/** A hold with the sampling room only, as unit tests and the bench build it (core/gate.ts builds the real one). */
import type { EffectivePolicy } from '../../shared/config-schema.js';
import type { HistoryStore } from '../../core/history/history-store.js';
import { ApprovalQueue } from '../../core/hold/approval-queue.js';
import { clientCapsFrom } from '../../core/hold/client-caps.js';
import { Hold } from '../../core/hold/hold.js';
import type { GrantStore } from '../../core/grants/grant-store.js';
import { silentLogger } from '../../core/log.js';
import { SamplingKind } from '../../core/sampling/sampling-kind.js';

export function samplingHold(opts: { history: HistoryStore; policyFor: () => EffectivePolicy; queue?: ApprovalQueue; now?: () => Date; grants?: GrantStore }): Hold {
  const queue = opts.queue ?? new ApprovalQueue();
  return new Hold({
    history: opts.history,
    queue,
    policyFor: opts.policyFor,
    log: silentLogger,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.grants ? { grants: opts.grants } : {}),
    kinds: [new SamplingKind({ policyFor: opts.policyFor, queue, log: silentLogger })],
  });
}

/** A client that declared `sampling` (and nothing else). */
export const SAMPLING_CLIENT = clientCapsFrom({ sampling: {} });
