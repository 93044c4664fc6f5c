/**
 * The managed policy file (issue 12): read-only for the gate, at the OS's machine-wide place, watched
 * live like config.yaml. A file that exists but cannot be read or parsed puts the gate in the
 * `broken` state, which denies every sampling request (fail closed) and is reported as a config
 * problem of kind `managed` (banner, log, `sampling-gate servers`).
 */
import { EventEmitter } from 'node:events';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { platform } from 'node:os';
import { join } from 'node:path';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { ManagedFileSchema, unwrapLocks } from '../../shared/managed-policy.js';
import type { ManagedState } from '../../shared/managed-policy.js';
import type { AuditConfig } from '../../shared/audit-schema.js';
import type { ConfigProblem } from '../../shared/types.js';
import type { Logger } from '../log.js';
import { formatProblem } from './parse-config.js';

/** SAMPLING_GATE_MANAGED (tests, unusual installs), else the OS's machine-wide place. */
export function managedPolicyPath(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = platform()): string {
  if (env.SAMPLING_GATE_MANAGED) return env.SAMPLING_GATE_MANAGED;
  switch (os) {
    case 'darwin':
      return '/Library/Application Support/SamplingGate/managed.yaml';
    case 'win32':
      return join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'SamplingGate', 'managed.yaml');
    default:
      return '/etc/sampling-gate/managed.yaml';
  }
}

export type ParsedManaged = { state: ManagedState; problems: ConfigProblem[] };

/** Managed YAML text → its state; problems carry the file, line and field like config.yaml's. */
export function parseManaged(text: string, file: string): ParsedManaged {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e): ConfigProblem => {
      const pos = lines.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, path: '', message: e.message.split('\n')[0] ?? e.message, kind: 'managed' };
    });
    return broken(file, problems);
  }
  const { data, locked } = unwrapLocks(doc.toJS() ?? {});
  const parsed = ManagedFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): ConfigProblem => {
      const path = issue.path.map(String);
      const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys ?? [] : [];
      const node = deepestNode(doc, [...issue.path as (string | number)[], ...keys.slice(0, 1)]);
      const pos = node ? lines.linePos(node) : null;
      return { file, line: pos?.line ?? null, column: pos?.col ?? null, path: [...path, ...keys].join('.'), message: issue.message, kind: 'managed' };
    });
    return broken(file, problems);
  }
  return { state: { kind: 'ok', policy: { ...parsed.data, file, locked } }, problems: [] };
}

function broken(file: string, problems: ConfigProblem[]): ParsedManaged {
  const first = problems[0];
  const reason = first ? `${first.line !== null ? `line ${first.line}: ` : ''}${first.path ? first.path + ': ' : ''}${first.message}` : 'invalid';
  return { state: { kind: 'broken', file, reason }, problems };
}

/** The start offset of the deepest node on `path` that exists. */
function deepestNode(doc: ReturnType<typeof parseDocument>, path: (string | number)[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (node && isNode(node) && node.range) return node.range[0];
  }
  return null;
}

export interface ManagedPolicyEvents {
  change: [ManagedState];
}

export class ManagedPolicyFile extends EventEmitter<ManagedPolicyEvents> {
  private current: ParsedManaged = { state: { kind: 'none' }, problems: [] };
  private lastSeen = '';
  private lastGoodAudit: AuditConfig | undefined;
  private watching = false;

  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {
    super();
    this.reload();
  }

  get state(): ManagedState {
    return this.current.state;
  }

  get problems(): ConfigProblem[] {
    return this.current.problems;
  }

  /**
   * The organisation's `audit:`: while the file is broken, the last good one keeps running — the
   * requests a broken file denies are exactly what the organisation's log must still receive.
   */
  get audit(): AuditConfig | undefined {
    const s = this.current.state;
    if (s.kind === 'ok') return s.policy.audit;
    return s.kind === 'broken' ? this.lastGoodAudit : undefined;
  }

  /** Re-read the file; emits `change` when what it says changed. */
  reload(): void {
    let text: string | null = null;
    let readError: string | null = null;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // No file: no managed policy. A directory at the path, or a file this user may not read, is
      // an administrator's file gone wrong: fail closed.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') readError = (err as Error).message;
    }
    const key = readError !== null ? `error:${readError}` : text === null ? 'absent' : `text:${text}`;
    if (key === this.lastSeen) return;
    const first = this.lastSeen === '';
    this.lastSeen = key;
    if (readError !== null) {
      this.current = broken(this.file, [{ file: this.file, line: null, column: null, path: '', message: `cannot read: ${readError}`, kind: 'managed' }]);
    } else if (text === null) this.current = { state: { kind: 'none' }, problems: [] };
    else this.current = parseManaged(text, this.file);
    const s = this.current.state;
    if (s.kind === 'ok') this.lastGoodAudit = s.policy.audit;
    else if (s.kind === 'none') this.lastGoodAudit = undefined;
    if (s.kind === 'broken') {
      for (const p of this.current.problems) this.log.error(`managed policy: ${formatProblem(p)} — every sampling request is denied until it is fixed`);
    } else if (s.kind === 'ok') {
      this.log.info(`managed policy in force: ${this.file}${s.policy.locked.length ? ` (locked: ${s.policy.locked.join(', ')})` : ''}`);
    } else if (!first) this.log.info(`managed policy ${this.file} removed`);
    if (!first) this.emit('change', s);
  }

  /**
   * Poll the file's stat: the file is usually absent and its directory may not exist (no directory
   * to watch), and an administrator's tooling replaces it however it likes.
   */
  watch(intervalMs = 1000): void {
    if (this.watching) return;
    this.watching = true;
    watchFile(this.file, { interval: intervalMs, persistent: false }, this.onStat);
  }

  close(): void {
    // With its listener: other stores in this process may watch the same file.
    if (this.watching) unwatchFile(this.file, this.onStat);
    this.watching = false;
  }

  private readonly onStat = (): void => this.reload();
}
