/**
 * What each rewiring import did, kept in `<data dir>/imports.json` so Undo (the first-run screen,
 * `sampling-gate import --undo <client>`) knows which backup to restore, whether the client has
 * changed its file since, and which entries the gate wrote. Holds paths and a hash, no secrets;
 * owner-only like everything in the data directory.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientKind } from '../../shared/client-import.js';
import { CLIENT_KINDS } from '../../shared/client-import.js';
import { writeFileAtomic } from '../atomic-write.js';
import { makePrivate } from '../paths.js';
import type { JsonPath } from '../config/importers/types.js';

export interface ImportRecord {
  client: ClientKind;
  /** The client's file as the import named it. */
  file: string;
  backup: string;
  /** ISO time of the rewrite. */
  at: string;
  /** sha256 of the text the import wrote: equal to the file now → the client has not touched it since. */
  wrote: string;
  /** The entries the import replaced. */
  rewired: JsonPath[];
}

const FILE = 'imports.json';

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function readRecords(dataDir: string): ImportRecord[] {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { imports?: unknown };
    return Array.isArray(parsed.imports) ? parsed.imports.filter(isRecord) : [];
  } catch {
    // A damaged file only costs Undo; imports themselves never depend on it.
    return [];
  }
}

export function addRecord(dataDir: string, record: ImportRecord): void {
  writeRecords(dataDir, [...readRecords(dataDir), record]);
}

export function removeRecord(dataDir: string, record: ImportRecord): void {
  writeRecords(
    dataDir,
    readRecords(dataDir).filter((r) => !(r.client === record.client && r.file === record.file && r.backup === record.backup)),
  );
}

/** The newest import of `client` (of `file`, when given) that can still be undone. */
export function latestRecord(dataDir: string, client: ClientKind, file?: string): ImportRecord | null {
  const mine = readRecords(dataDir).filter((r) => r.client === client && (file === undefined || r.file === file));
  return mine.sort((a, b) => a.at.localeCompare(b.at)).at(-1) ?? null;
}

function writeRecords(dataDir: string, records: ImportRecord[]): void {
  const file = join(dataDir, FILE);
  writeFileAtomic(file, JSON.stringify({ version: 1, imports: records }, null, 2) + '\n', 0o600);
  makePrivate(file);
}

function isRecord(v: unknown): v is ImportRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    (CLIENT_KINDS as readonly unknown[]).includes(r.client) &&
    typeof r.file === 'string' &&
    typeof r.backup === 'string' &&
    typeof r.at === 'string' &&
    typeof r.wrote === 'string' &&
    Array.isArray(r.rewired) &&
    r.rewired.every((p) => Array.isArray(p) && p.every((k) => typeof k === 'string'))
  );
}
