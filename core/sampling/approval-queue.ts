/**
 * Requests waiting for a human: one entry per held request (or completion under review), each with
 * its own timeout. Entries can be decided in any order, from any UI or the CLI; the first decision wins.
 */
import { EventEmitter } from 'node:events';
import type { Decision, PendingRequest, ResponseDecision } from '../../shared/types.js';
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

export class ApprovalQueue extends EventEmitter<{ changed: [PendingRequest[]] }> {
  private readonly entries = new Map<string, Entry>();

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
          if (!this.entries.delete(view.id)) return;
          clearTimeout(entry.timer);
          this.emit('changed', this.list());
          resolve(w as Waited<D>);
        },
        timer: setTimeout(() => entry.settle({ kind: 'timed-out' }), ms),
      };
      entry.timer.unref?.();
      this.entries.set(view.id, entry);
      this.emit('changed', this.list());
    });
  }

  /** Change what a waiting entry shows (the text a provider has streamed so far) and tell the UIs. */
  patch(id: string, patch: Partial<Pick<PendingRequest, 'partial'>>): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.view = { ...entry.view, ...patch };
    this.emit('changed', this.list());
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
}
