/**
 * A sliding window over timestamped items: how many are live, and the sums of two values, since any
 * moment the caller names — in amortised O(1) when, as the limits do, each caller's `since` only
 * moves forward (now − 1 min, now − 1 h, now − 24 h on every request).
 *
 * Items are kept sorted by time. Each window the caller has asked about gets a cursor: the index of
 * its first item at or after its `since`, and the count and sums of the live items from there on.
 * A new item (normally the newest) updates every cursor it falls inside; moving a cursor forward
 * drops what it passes. Items removed (a request refused by a limit stops counting) are marked dead
 * and skipped, so no array is shifted on the hot path; the front is compacted now and then.
 */

export interface WindowItem {
  at: number;
  a: number;
  b: number;
  dead: boolean;
}

interface Cursor {
  since: number;
  index: number;
  count: number;
  a: number;
  b: number;
}

/** Cursors kept: the limits ask for three windows; one spare for an odd caller. */
const MAX_CURSORS = 4;

export class UsageWindow {
  private items: WindowItem[] = [];
  private head = 0;
  private readonly cursors: Cursor[] = [];

  /**
   * @param coveredFrom answers are exact for `since >= coveredFrom` (older items were never loaded
   *   or have been dropped); callers check `covers()` and ask SQL otherwise.
   */
  constructor(private coveredFrom: number) {}

  covers(since: number): boolean {
    return since >= this.coveredFrom;
  }

  /** Add an item; usually the newest, so this is a push. Returns it, to change or remove later. */
  add(at: number, a = 0, b = 0): WindowItem {
    const item: WindowItem = { at, a, b, dead: false };
    let i = this.items.length;
    // Sorted insert from the back: a clock that stepped back costs a short walk, nothing more.
    while (i > this.head && this.items[i - 1]!.at > at) i--;
    if (i === this.items.length) this.items.push(item);
    else this.items.splice(i, 0, item);
    for (const c of this.cursors) {
      if (at >= c.since) {
        c.count++;
        c.a += a;
        c.b += b;
      } else {
        // Older than this window: sorted order puts it at or before the cursor's first item.
        c.index++;
      }
    }
    return item;
  }

  remove(item: WindowItem): void {
    if (item.dead) return;
    item.dead = true;
    for (const c of this.cursors) {
      if (item.at >= c.since) {
        c.count--;
        c.a -= item.a;
        c.b -= item.b;
      }
    }
  }

  /** Change an item's values in place (a token charge corrected by the completion). */
  change(item: WindowItem, a: number, b: number): void {
    if (item.dead) return;
    for (const c of this.cursors) {
      if (item.at >= c.since) {
        c.a += a - item.a;
        c.b += b - item.b;
      }
    }
    item.a = a;
    item.b = b;
  }

  /** Live items at or after `since`, and the sums of their values. `since` must be covered. */
  since(since: number): { count: number; a: number; b: number } {
    const c = this.cursorFor(since);
    while (c.index < this.items.length && this.items[c.index]!.at < since) {
      const item = this.items[c.index]!;
      if (!item.dead) {
        c.count--;
        c.a -= item.a;
        c.b -= item.b;
      }
      c.index++;
    }
    c.since = since;
    this.compact();
    return { count: c.count, a: c.a, b: c.b };
  }

  /** Items older than `before` can be dropped once no cursor needs them; answers start there. */
  forgetBefore(before: number): void {
    if (before > this.coveredFrom) this.coveredFrom = before;
    this.compact();
  }

  get size(): number {
    return this.items.length - this.head;
  }

  private cursorFor(since: number): Cursor {
    // The cursor that starts latest but not after `since` can be moved forward to it.
    let best: Cursor | null = null;
    for (const c of this.cursors) if (c.since <= since && (!best || c.since > best.since)) best = c;
    if (best) return best;
    // Earlier than every cursor: start a new one (or restart the earliest) with one pass.
    let c: Cursor;
    if (this.cursors.length < MAX_CURSORS) {
      c = { since, index: this.head, count: 0, a: 0, b: 0 };
      this.cursors.push(c);
    } else {
      c = this.cursors.reduce((x, y) => (x.since <= y.since ? x : y));
      Object.assign(c, { since, index: this.head, count: 0, a: 0, b: 0 });
    }
    let i = this.head;
    while (i < this.items.length && this.items[i]!.at < since) i++;
    c.index = i;
    for (; i < this.items.length; i++) {
      const item = this.items[i]!;
      if (item.dead) continue;
      c.count++;
      c.a += item.a;
      c.b += item.b;
    }
    return c;
  }

  /** Drop items before both the earliest cursor and the covered range, when enough have piled up. */
  private compact(): void {
    let keepFrom = this.items.length;
    for (const c of this.cursors) keepFrom = Math.min(keepFrom, c.index);
    let drop = this.head;
    while (drop < keepFrom && this.items[drop]!.at < this.coveredFrom) drop++;
    this.head = drop;
    if (this.head < 1024 || this.head * 2 < this.items.length) return;
    this.items = this.items.slice(this.head);
    for (const c of this.cursors) c.index -= this.head;
    this.head = 0;
  }
}
