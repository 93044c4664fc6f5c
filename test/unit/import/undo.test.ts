/**
 * Import with rewire, then undo, on real files in a temp directory: the backup comes back byte for
 * byte when the client left the file alone; when the client changed it since, only the entries the
 * gate wrote are put back and the client's own change stays.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importClient } from '../../../core/import/client-import.js';
import { latestRecord } from '../../../core/import/import-records.js';
import { NothingToUndo, undoImport } from '../../../core/import/undo.js';
import type { ServerConfig } from '../../../shared/config-schema.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-undo-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Not valid UTF-8 in a string value, a BOM, CRLF and comments: what "byte for byte" must survive.
const ORIGINAL = Buffer.concat([
  Buffer.from('\ufeff{\r\n  // mine\r\n  "numStartups": 3,\r\n  "mcpServers": {\r\n    "fs": { "command": "npx", "args": ["-y", "fs-server"] },\r\n    "note": { "command": "n", "args": ["'),
  Buffer.from([0xff, 0xfe]),
  Buffer.from('"] }\r\n  }\r\n}\r\n'),
]);

async function rewire(file: string): Promise<Record<string, ServerConfig>> {
  const servers: Record<string, ServerConfig> = {};
  const outcome = await importClient({
    client: 'claude-code',
    file,
    text: readFileSync(file, 'utf8'),
    rewire: true,
    dryRun: false,
    target: { servers: () => servers, upsert: (id, e) => void (servers[id] = e as unknown as ServerConfig) },
    bridge: { command: '/opt/Sampling Gate/sampling-gate-desktop', args: [] },
    dataDirArgs: [],
    httpRoute: null,
    configFile: join(dir, 'config.yaml'),
    dataDir: dir,
  });
  expect(outcome.backup).not.toBeNull();
  return servers;
}

describe('undo an import', () => {
  it('restores the backup byte for byte when the file is as the import left it', async () => {
    const file = join(dir, '.claude.json');
    writeFileSync(file, ORIGINAL);
    await rewire(file);
    expect(readFileSync(file, 'utf8')).toContain('"command": "/opt/Sampling Gate/sampling-gate-desktop"');
    const r = undoImport(dir, 'claude-code');
    expect(r.restored).toBe('file');
    expect(readFileSync(file).equals(ORIGINAL)).toBe(true);
    expect(latestRecord(dir, 'claude-code')).toBeNull();
    expect(() => undoImport(dir, 'claude-code')).toThrow(NothingToUndo);
  });

  it('puts back only the gate entries when the client changed the file since, keeping its change', async () => {
    const file = join(dir, '.claude.json');
    writeFileSync(file, '{\n  "numStartups": 3,\n  "mcpServers": {\n    "fs": { "command": "npx", "args": ["-y", "fs-server"] },\n    "web": { "command": "uvx", "args": ["web"] }\n  }\n}\n');
    await rewire(file);
    // The client runs, bumps its counter, and the user points "web" somewhere else by hand.
    const changed = readFileSync(file, 'utf8')
      .replace('"numStartups": 3', '"numStartups": 4')
      .replace(/"web": \{[^}]*\}/, '"web": { "command": "uvx", "args": ["web2"] }');
    writeFileSync(file, changed);
    const r = undoImport(dir, 'claude-code');
    expect(r.restored).toBe('entries');
    expect(r.lines).toContain('put back fs as it was before the import');
    expect(r.lines).toContain('left web: changed since the import, it no longer goes through the gate');
    const now = JSON.parse(readFileSync(file, 'utf8')) as { numStartups: number; mcpServers: Record<string, unknown> };
    expect(now.numStartups).toBe(4);
    expect(now.mcpServers.fs).toEqual({ command: 'npx', args: ['-y', 'fs-server'] });
    expect(now.mcpServers.web).toEqual({ command: 'uvx', args: ['web2'] });
    // The file as it was before the undo is kept too (two backups now: the import's and the undo's).
    expect(readdirSync(dir).filter((f) => f.startsWith('.claude.json.sampling-gate-backup-'))).toHaveLength(2);
  });
});
