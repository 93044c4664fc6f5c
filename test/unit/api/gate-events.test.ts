/** A UI listener that throws must not break what emitted the event (a session opening, a row changing). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Gate } from '../../../core/gate.js';
import { createLogger } from '../../../core/log.js';

describe('gate events', () => {
  it('a throwing listener is logged and skipped; the others still hear the event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-events-'));
    writeFileSync(join(dir, 'config.yaml'), 'servers: {}\n');
    const logged: string[] = [];
    const gate = await Gate.start({ dataDir: dir, port: 0, log: createLogger({ write: (l) => logged.push(l) }) });
    try {
      let heard = 0;
      gate.client.on('servers.changed', () => {
        throw new Error('renderer went away');
      });
      gate.client.on('servers.changed', () => heard++);
      expect(() => gate.api.emit('servers.changed', [])).not.toThrow();
      expect(heard).toBe(1);
      expect(logged.some((l) => /servers\.changed listener failed: renderer went away/.test(l))).toBe(true);
      // A change that emits from inside the core (a config edit) goes through too.
      const r = await gate.client.call('servers.upsert', { server: { id: 'a', command: 'node' } });
      expect(r.ok).toBe(true);
      // servers.changed goes out once per turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      expect(heard).toBeGreaterThan(1);
    } finally {
      await gate.stop();
    }
  });
});
