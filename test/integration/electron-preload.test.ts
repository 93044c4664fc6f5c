/**
 * The built preload (out/preload/index.cjs), loaded as a sandboxed renderer would load it: it may
 * require nothing but `electron`, exposes `window.gate` and `window.desktop` and nothing else, and every bridge function
 * lands on a channel the main process registers (one per gate method) or subscribes to an event.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATE_EVENTS, gateMethods } from '../../shared/api.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('Electron preload bundle', () => {
  it('requires only electron, exposes only window.gate and window.desktop, and maps onto main channels', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'test', 'fixtures', 'load-preload.cjs'), join(ROOT, 'out', 'preload', 'index.cjs')], { encoding: 'utf8' });
    const { required, exposed, invoked } = JSON.parse(out) as { required: string[]; exposed: string[]; invoked: string[] };
    expect(required).toEqual(['electron']);
    // window.gate (the gate API) and window.desktop (the shell's one event: open a request).
    expect(exposed).toEqual(['gate', 'desktop']);
    const methods = invoked.filter((c) => !c.startsWith('on:'));
    const events = invoked.filter((c) => c.startsWith('on:') && c !== 'on:desktop:open-request');
    expect(invoked.filter((c) => c === 'on:desktop:open-request')).toHaveLength(1);
    expect([...new Set(methods)].sort()).toEqual(Object.keys(gateMethods).map((m) => `gate:call:${m}`).sort());
    expect(events.length).toBe(GATE_EVENTS.length);
  });
});
