/**
 * The approval queue as a list, kept up to date from `approvals.changed` deltas (shared/types.ts
 * PendingDelta) by the renderer and the desktop shell alike. Pure: no Node, no DOM.
 */
import type { PendingDelta, PendingRequest } from './types.js';

/**
 * `list` with `delta` applied, oldest first (the queue order). Requests the delta does not touch
 * keep their identity, so a view can skip re-rendering them.
 */
export function applyPendingDelta(list: readonly PendingRequest[], delta: PendingDelta): PendingRequest[] {
  const removed = new Set(delta.removed ?? []);
  const added = new Map((delta.added ?? []).map((p) => [p.id, p]));
  const changed = new Map((delta.changed ?? []).map((c) => [c.id, c]));
  let next: PendingRequest[] = [];
  for (const p of list) {
    if (removed.has(p.id) && !added.has(p.id)) continue;
    const replacement = added.get(p.id);
    if (replacement) {
      added.delete(p.id);
      next.push(replacement);
      continue;
    }
    const patch = changed.get(p.id);
    next.push(patch ? { ...p, ...patch } : p);
  }
  if (added.size > 0) {
    next = next.concat([...added.values()]);
    next.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }
  return next;
}
