/**
 * Requests waiting for a human: one entry per held request (or completion under review), each with
 * its own timeout. Entries can be decided in any order, from any UI or the CLI; the first decision wins.
 *
 * `changed` tells what changed, not the whole queue (issue 10: 200 requests arriving at once sent
 * one UI 13 MB, each event carrying every request again): the changes of one turn of the event
 * loop are gathered into one PendingDelta — added, changed fields, removed.
 */
import { EventEmitter } from 'node:events';
import type { Decision, PendingDelta, PendingPatch, PendingRequest, ResponseDecision } from '../../shared/types.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';

export type Waited<D> =
  | { kind: 'decided'; decision: D }
  | { kind: 'timed-out' }
  | { kind: 'cancelled'; by: 'server' | 'client' | 'gate'; reason: string };

/** Checks (and may normalise, e.g. clamp maxTokens) a decision before it is accepted. */
export type DecisionCheck<D> = (decision: D) => Result<D>;

interface Entry {
  view: PendingRequest;
  settle: (w: Waited<Decision | ResponseDecision>) => void;
  check: DecisionCheck<Decision | ResponseDecision>;
  timer: NodeJS.Timeout;
}

/**
 * How long changes gather before they go out as one delta: under a burst, admissions run in 1 ms
 * turns (pacer.ts), and a delta per turn was a WebSocket write per turn to every UI.
 */
const DELTA_MS = 10;

/** What one turn did to a request: was it listed before, was its view replaced, which fields changed. */
interface Touched {
  listedBefore: boolean;
  replaced: boolean;
  fields: Set<string>;
}

export class ApprovalQueue extends EventEmitter<{ changed: [PendingDelta] }> {
  private readonly entries = new Map<string, Entry>();
  private readonly touched = new Map<string, Touched>();
  private flushing: NodeJS.Timeout | null = null;

  list(): PendingRequest[] {
    return [...this.entries.values()].map((e) => e.view);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Hold `view` until decided, timed out (at view.expiresAt) or cancelled. */
  wait<D extends Decision | ResponseDecision>(view: PendingRequest, check: DecisionCheck<D>): Promise<Waited<D>> {
    return new Promise((resolve) => {
      const ms = Math.max(0, Date.parse(view.expiresAt) - Date.now());
      const entry: Entry = {
        view,
        check: check as unknown as DecisionCheck<Decision | ResponseDecision>,
        settle: (w) => {
          if (this.entries.get(view.id) !== entry) return;
          this.touch(view.id, 'removed');
          this.entries.delete(view.id);
          clearTimeout(entry.timer);
          resolve(w as Waited<D>);
        },
        timer: setTimeout(() => entry.settle({ kind: 'timed-out' }), ms),
      };
      entry.timer.unref?.();
      this.touch(view.id, 'replaced');
      this.entries.set(view.id, entry);
    });
  }

  /** Change what a waiting entry shows (the text a provider has streamed so far) and tell the UIs. */
  patch(id: string, patch: Partial<Pick<PendingRequest, 'partial'>>): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.touch(id, Object.keys(patch));
    entry.view = { ...entry.view, ...patch };
  }

  decide(id: string, stage: PendingRequest['stage'], decision: Decision | ResponseDecision): Result<{ id: string }> {
    const entry = this.entries.get(id);
    if (!entry) return fail('not-found', `no pending request ${id} (already decided, timed out or cancelled)`);
    if (entry.view.stage !== stage) {
      const waiting = { request: 'a request decision', response: 'a response review', answering: 'its provider to finish (use Stop)' }[entry.view.stage];
      return fail('conflict', `request ${id} is waiting for ${waiting}`);
    }
    const checked = entry.check(decision);
    if (!checked.ok) return checked;
    entry.settle({ kind: 'decided', decision: checked.value });
    return ok({ id });
  }

  cancel(id: string, by: 'server' | 'client' | 'gate', reason: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    entry.settle({ kind: 'cancelled', by, reason });
    return true;
  }

  /** On shutdown: everything still waiting is cancelled by the gate (and so denied to the server). */
  cancelAll(reason: string): void {
    for (const id of [...this.entries.keys()]) this.cancel(id, 'gate', reason);
  }

  /** Note a change; the turn's changes go out together, once the turn is over. */
  private touch(id: string, what: 'removed' | 'replaced' | string[]): void {
    let t = this.touched.get(id);
    if (!t) {
      t = { listedBefore: this.entries.has(id), replaced: false, fields: new Set() };
      this.touched.set(id, t);
    }
    if (what === 'replaced') t.replaced = true;
    else if (what !== 'removed') for (const f of what) t.fields.add(f);
    this.flushing ??= setTimeout(() => this.flush(), DELTA_MS);
  }

  /** Compare each touched request's state now with before the turn: added, changed, removed or nothing. */
  private flush(): void {
    this.flushing = null;
    const delta: Required<PendingDelta> = { added: [], changed: [], removed: [] };
    for (const [id, t] of this.touched) {
      const now = this.entries.get(id)?.view;
      if (!now) {
        if (t.listedBefore) delta.removed.push(id);
      } else if (!t.listedBefore || t.replaced) {
        delta.added.push(now);
      } else if (t.fields.size > 0) {
        const patch: PendingPatch = { id };
        for (const f of t.fields) (patch as Record<string, unknown>)[f] = (now as unknown as Record<string, unknown>)[f];
        delta.changed.push(patch);
      }
    }
    this.touched.clear();
    const out: PendingDelta = {};
    if (delta.added.length) out.added = delta.added;
    if (delta.changed.length) out.changed = delta.changed;
    if (delta.removed.length) out.removed = delta.removed;
    if (out.added || out.changed || out.removed) this.emit('changed', out);
  }
}
