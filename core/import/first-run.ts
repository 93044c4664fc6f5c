/**
 * First run (the gate API's `clients.*`): the MCP clients on this machine — each client's user-level
 * file, where the importers look — what an import with rewire would do to each (the servers, the exact
 * change to the file as a diff, from a dry run), the import itself, and which imports Undo can revert.
 * Only these default files: the API never takes a path to write from the UI.
 *
 * Everything is rewired to the stdio bridge, never to the HTTP endpoint: the desktop gate listens on
 * a new port each time it starts, and the bridge always finds it.
 */
import { readFileSync } from 'node:fs';
import type { ServerConfig } from '../../shared/config-schema.js';
import type { ClientImportResult, ClientKind, ClientScan } from '../../shared/client-import.js';
import { CLIENT_KINDS } from '../../shared/client-import.js';
import { FORMATS } from '../config/importers/formats.js';
import { defaultLocation, type Host } from '../config/importers/locations.js';
import { importClient } from './client-import.js';
import { latestRecord, sha256 } from './import-records.js';
import { lineDiff } from './line-diff.js';

export interface ScanContext {
  host: Host;
  servers: Record<string, ServerConfig>;
  /** config.yaml's upsert (the gate's config store); used by importDetected only. */
  upsert: (id: string, entry: Record<string, unknown>) => void;
  bridge: { command: string; args: string[] };
  dataDirArgs: string[];
  configFile: string;
  dataDir: string;
}

export async function scanClients(ctx: ScanContext): Promise<ClientScan[]> {
  return Promise.all(CLIENT_KINDS.map((client) => scanClient(client, ctx)));
}

export async function scanClient(client: ClientKind, ctx: ScanContext): Promise<ClientScan> {
  const file = defaultLocation(client, ctx.host);
  const record = latestRecord(ctx.dataDir, client, file);
  const base: ClientScan = {
    client,
    label: FORMATS[client].label,
    file,
    state: 'missing',
    problem: null,
    digest: null,
    servers: [],
    lines: [],
    diff: [],
    undo: record ? { backup: record.backup, at: record.at } : null,
  };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? base : { ...base, state: 'invalid', problem: `cannot read: ${(err as Error).message}` };
  }
  const text = bytes.toString('utf8');
  try {
    const outcome = await importClient({
      client,
      file,
      text,
      rewire: true,
      dryRun: true,
      target: { servers: () => ctx.servers },
      bridge: ctx.bridge,
      dataDirArgs: ctx.dataDirArgs,
      httpRoute: null,
      configFile: ctx.configFile,
      dataDir: ctx.dataDir,
    });
    return {
      ...base,
      state: 'found',
      digest: sha256(bytes),
      servers: outcome.servers,
      lines: outcome.lines,
      diff: outcome.next === null ? [] : lineDiff(text, outcome.next),
    };
  } catch (err) {
    return { ...base, state: 'invalid', problem: (err as Error).message, digest: sha256(bytes) };
  }
}

export class ChangedSinceScan extends Error {}

/** Import one detected client with what the scan showed: refused if its file changed since (`digest`). */
export async function importDetected(client: ClientKind, opts: { rewire: boolean; digest: string }, ctx: ScanContext): Promise<ClientImportResult> {
  const file = defaultLocation(client, ctx.host);
  const bytes = readFileSync(file);
  if (sha256(bytes) !== opts.digest) throw new ChangedSinceScan(`${file} changed since it was shown; look at the changes again`);
  const outcome = await importClient({
    client,
    file,
    text: bytes.toString('utf8'),
    rewire: opts.rewire,
    dryRun: false,
    target: { servers: () => ctx.servers, upsert: ctx.upsert },
    bridge: ctx.bridge,
    dataDirArgs: ctx.dataDirArgs,
    httpRoute: null,
    configFile: ctx.configFile,
    dataDir: ctx.dataDir,
  });
  return { client, file, lines: outcome.lines, imported: outcome.imported, backup: outcome.backup };
}
