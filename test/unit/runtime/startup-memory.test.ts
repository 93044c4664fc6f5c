import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { quietStartup, trimAfterStartup } from '../../../core/runtime/startup-memory.js';

const MODULE = join(import.meta.dirname, '..', '..', '..', 'core', 'runtime', 'startup-memory.ts');
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

  it('while starting, hot code is not optimised; once started, it is', () => {
    // V8's flags cannot be read back from JavaScript, so the effect is checked instead, in a child
    // that may ask V8 how a function runs (--allow-natives-syntax; bit 4 of the status is "optimised").
    const script = `(async () => {
      const { quietStartup } = await import(${JSON.stringify(pathToFileURL(MODULE).href)});
      function hot(x) { let s = 0; for (let i = 0; i < 50; i++) s += (x * i) % 7; return s; }
      const end = quietStartup();
      for (let i = 0; i < 200000; i++) hot(i);
      const during = %GetOptimizationStatus(hot);
      end();
      // TurboFan compiles on a helper thread: on a busy machine the optimised code arrives later.
      let after = 0;
      for (let round = 0; round < 200 && !(after & 16); round++) {
        for (let i = 0; i < 100000; i++) hot(i);
        after = %GetOptimizationStatus(hot);
        await new Promise((r) => setTimeout(r, 5));
      }
      console.log(JSON.stringify({ during, after }));
    })();`;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--experimental-strip-types', '--no-warnings', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const { during, after } = JSON.parse(r.stdout) as { during: number; after: number };
    const OPTIMISED = 1 << 4;
    expect(during & OPTIMISED).toBe(0);
    expect(after & OPTIMISED).toBe(OPTIMISED);
  });
});
