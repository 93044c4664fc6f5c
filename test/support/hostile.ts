/** The raw, hostile MCP server fixture (test/fixtures/hostile-server.mjs). */
import { join, resolve } from 'node:path';

export const HOSTILE_SERVER = join(resolve(import.meta.dirname, '..', '..'), 'test', 'fixtures', 'hostile-server.mjs');
