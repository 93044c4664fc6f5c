/**
 * Undo a rewiring import: put the client's file back as it was. If the file is exactly what the import
 * wrote, the backup is restored byte for byte. If the client has changed the file since (Claude Code
 * rewrites ~/.claude.json all the time), restoring the backup would throw those changes away: then
 * only the entries the gate wrote are put back from the backup — those still going through the gate —
 * and the file as it was before the undo is backed up too. Servers stay in config.yaml either way.
 */
import { constants, copyFileSync, existsSync, readFileSync } from 'node:fs';
import type { ClientKind, ClientUndoResult } from '../../shared/client-import.js';
import { writeFileAtomic } from '../atomic-write.js';
import { FORMATS } from '../config/importers/formats.js';
import { isObject, parseJsonc, replaceValues } from '../config/importers/jsonc.js';
import { gateIdOf } from '../config/importers/read-entry.js';
import type { JsonPath } from '../config/importers/types.js';
import { latestRecord, removeRecord, sha256 } from './import-records.js';

export class NothingToUndo extends Error {}

export function undoImport(dataDir: string, client: ClientKind, file?: string): ClientUndoResult {
  const label = FORMATS[client].label;
  const record = latestRecord(dataDir, client, file);
  if (!record) throw new NothingToUndo(`no import of ${label}${file ? ` (${file})` : ''} to undo in this data directory`);
  if (!existsSync(record.backup)) throw new Error(`the backup ${record.backup} is gone; ${record.file} left as it is`);
  const backup = readFileSync(record.backup);
  const current = existsSync(record.file) ? readFileSync(record.file) : null;
  const lines = [`${label}: ${record.file}`];

  if (current === null || sha256(current) === record.wrote) {
    // Bytes, not a string: a file that is not valid UTF-8 comes back exactly too.
    writeFileAtomic(record.file, backup);
    removeRecord(dataDir, record);
    lines.push(`restored ${record.file} from ${record.backup}`, 'the imported servers stay in config.yaml', `restart ${label} to use its servers directly`);
    return { client, file: record.file, backup: record.backup, restored: 'file', lines };
  }

  const now = parseJsonc(current.toString('utf8'));
  const then = parseJsonc(backup.toString('utf8'));
  if (!now.ok) throw new Error(`${record.file}: not valid JSON now (${now.error}); restore ${record.backup} by hand`);
  if (!then.ok) throw new Error(`${record.backup}: not valid JSON (${then.error})`);
  const replacements: { path: JsonPath; value: unknown }[] = [];
  for (const path of record.rewired) {
    const entry = valueAt(now.value, path);
    const name = path.at(-1)!;
    if (!isObject(entry) || gateIdOf(entry) === null) {
      lines.push(`left ${name}: changed since the import, it no longer goes through the gate`);
      continue;
    }
    replacements.push({ path, value: valueAt(then.value, path) });
    lines.push(`put back ${name} as it was before the import`);
  }
  if (replacements.length === 0) {
    removeRecord(dataDir, record);
    lines.push(`nothing left to put back; ${record.file} left as it is`);
    return { client, file: record.file, backup: record.backup, restored: 'entries', lines };
  }
  const keep = `${record.file}.sampling-gate-backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  copyFileSync(record.file, keep, constants.COPYFILE_EXCL);
  writeFileAtomic(record.file, replaceValues(current.toString('utf8'), replacements).text);
  removeRecord(dataDir, record);
  lines.push(
    `${label} changed ${record.file} after the import, so only the entries the gate wrote were put back (the file before this undo: ${keep})`,
    'the imported servers stay in config.yaml',
    `restart ${label} to use its servers directly`,
  );
  return { client, file: record.file, backup: record.backup, restored: 'entries', lines };
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let v = root;
  for (const key of path) v = isObject(v) ? v[key] : undefined;
  return v;
}
