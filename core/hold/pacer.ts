/**
 * Turns for the synchronous part of admitting a request (validation, policy, limits), so a flood
 * from one server cannot hold the event loop — and with it every other server's traffic — for the
 * whole flood (issue 10: another server's echo took 1.9 s during a 2,000-request flood).
 *
 * Work goes on at once while the current event-loop turn has spent less than `sliceMs` on it.
 * Past that, callers wait for a turn: each later turn of the event loop admits up to `sliceMs` of
 * them, taking one per server in rotation, so a server with a few requests is not queued behind
 * another's thousands. I/O (other servers' messages, the UI) runs between turns.
 */
export class Pacer {
  private readonly waiting = new Map<string, (() => void)[]>();
  private order: string[] = [];
  private next = 0;
  private sliceStart: number | null = null;
  private draining = false;
  private size = 0;

  /**
   * `sliceMs`: how much of a turn admissions may take before they wait. A quarter of a millisecond:
   * another server's message waits for at most that (plus what the admitted requests do next) at
   * each of the gate's turns it passes through — an echo passes through four — so during a
   * 2,000-request flood its p50 went from 2.3–2.9× idle with 1 ms slices to 1.5–1.6× (issue 10,
   * runs paired on the same machine); the hold's own rate did not change (5,500–5,700 events/s).
   */
  constructor(private readonly sliceMs = 0.25) {}

  /** null: go on now. Otherwise resolves when it is this caller's turn. */
  turn(key: string): Promise<void> | null {
    const now = performance.now();
    if (this.sliceStart === null) {
      this.sliceStart = now;
      // This event-loop turn's slice ends with it.
      setImmediate(() => (this.sliceStart = null));
    }
    if (this.size === 0 && now - this.sliceStart < this.sliceMs) return null;
    return new Promise((resolve) => {
      let queue = this.waiting.get(key);
      if (!queue) {
        this.waiting.set(key, (queue = []));
        this.order.push(key);
      }
      queue.push(resolve);
      this.size++;
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => this.drain());
      }
    });
  }

  /** One slice: release waiters round-robin across keys until `sliceMs` is spent, then yield. */
  private drain(): void {
    const start = performance.now();
    let first = true;
    const release = (): void => {
      if (this.size === 0) {
        this.draining = false;
        return;
      }
      // At least one per turn, however long the last one took.
      if (!first && performance.now() - start >= this.sliceMs) {
        setImmediate(() => this.drain());
        return;
      }
      first = false;
      const resolve = this.take();
      resolve();
      // The released caller's synchronous part runs as the microtask queued by resolve(), before this one.
      queueMicrotask(release);
    };
    release();
  }

  private take(): () => void {
    for (;;) {
      if (this.next >= this.order.length) this.next = 0;
      const key = this.order[this.next]!;
      const queue = this.waiting.get(key)!;
      const resolve = queue.shift();
      if (queue.length === 0) {
        this.waiting.delete(key);
        this.order.splice(this.next, 1);
      } else {
        this.next++;
      }
      if (resolve) {
        this.size--;
        return resolve;
      }
    }
  }
}
