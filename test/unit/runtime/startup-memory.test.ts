import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { quietStartup, trimAfterStartup } from '../../../core/runtime/startup-memory.js';

const youngBytes = (): number => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.physical_space_size;
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function churn(): void {
  // Short-lived garbage, as start-up makes: the young generation grows to take it.
  let keep = 0;
  for (let i = 0; i < 300_000; i++) keep += { i, s: `x${i}` }.s.length;
  expect(keep).toBeGreaterThan(0);
}

describe('start-up memory', () => {
  it('an idle gate gives back the young generation start-up grew', async () => {
    churn();
    const before = youngBytes();
    trimAfterStartup(() => true, 0);
    await settle(20);
    expect(youngBytes()).toBeLessThan(before);
    // gc() never reaches the gate's own global.
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  it('asks once whether the gate is idle, and leaves a busy one to V8', async () => {
    let asked = 0;
    trimAfterStartup(() => (asked++, false), 0);
    await settle(20);
    expect(asked).toBe(1);
  });

  it('start-up ends once, however often it is ended', () => {
    const end = quietStartup();
    end();
    expect(() => end()).not.toThrow();
  });
});
