/**
 * The hold's pacer (issue 10): past its slice, work waits for later turns of the event loop, and
 * those turns serve servers in rotation — a server with one request is not queued behind another's
 * flood — while I/O scheduled meanwhile gets its turn in between.
 */
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../core/hold/pacer.js';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin: stands for a request's validation and policy
  }
}

describe('pacer', () => {
  it('goes on at once within the slice, queues past it, and serves servers in rotation', async () => {
    const pacer = new Pacer(1);
    const order: string[] = [];
    const admit = async (server: string, i: number): Promise<void> => {
      const turn = pacer.turn(server);
      if (turn) await turn;
      busy(0.3);
      order.push(`${server}${i}`);
    };
    const all: Promise<void>[] = [];
    for (let i = 0; i < 30; i++) all.push(admit('flood', i));
    all.push(admit('calm', 0));
    let ioRanAt = -1;
    setImmediate(() => (ioRanAt = order.length));
    await Promise.all(all);
    // The first few ran synchronously within the slice; the calm server's one request was not
    // left for last, behind the rest of the flood.
    expect(order.indexOf('calm0')).toBeLessThan(12);
    expect(order.filter((o) => o.startsWith('flood'))).toEqual(Array.from({ length: 30 }, (_, i) => `flood${i}`));
    // Other work scheduled meanwhile ran before the flood was through.
    expect(ioRanAt).toBeGreaterThan(0);
    expect(ioRanAt).toBeLessThan(31);
  });
});
