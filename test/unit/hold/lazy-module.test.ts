/** lazyModule (core/hold/lazy-module.ts): loads once, ready() is a promise only while loading, a failure reaches who awaits. */
import { describe, expect, it } from 'vitest';
import { lazyModule } from '../../../core/hold/lazy-module.js';

describe('lazyModule', () => {
  it('imports once; ready() is a promise until loaded, then null; loaded() throws before', async () => {
    let imports = 0;
    const m = lazyModule('the thing', async () => ({ n: ++imports }));
    expect(() => m.loaded()).toThrow('the thing is not loaded yet');
    const first = m.ready();
    expect(first).toBeInstanceOf(Promise);
    void m.load();
    await first;
    expect(m.ready()).toBeNull();
    expect(m.loaded()).toEqual({ n: 1 });
    expect(m.load()).toEqual({ n: 1 });
    expect(imports).toBe(1);
  });

  it('a failed import rejects the waiting request and is not an unhandled rejection', async () => {
    const m = lazyModule('broken', () => Promise.reject(new Error('no such module')));
    void m.load(); // a warm-up nobody awaits
    await expect(m.ready()).rejects.toThrow('no such module');
  });
});
