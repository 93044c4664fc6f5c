/**
 * The live config: loads config.yaml, watches it, keeps the last good config when an edit is invalid,
 * and writes the UI's / CLI's changes back into the same YAML document so comments and layout stay.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, watch, writeFileSync } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { YAMLMap, isMap, parseDocument } from 'yaml';
import type { RawConfig, EffectivePolicy } from '../../shared/config-schema.js';
import { effectivePolicy } from '../../shared/effective-policy.js';
import type { ConfigProblem, Trust } from '../../shared/types.js';
import type { Logger } from '../log.js';
import { formatProblem, parseConfig } from './parse-config.js';
import { writeFileAtomic } from '../atomic-write.js';
import { STARTER_CONFIG } from './starter.js';
import { setScalarInPlace } from './yaml-patch.js';
import { ManagedPolicyFile, managedPolicyPath } from './managed-store.js';
import { entryAsServer, lockProblems, managedBy, serverEditRefusal, trustEditRefusal } from './managed-locks.js';

export interface ConfigStoreEvents {
  change: [RawConfig];
  problems: [ConfigProblem[]];
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export class ConfigStore extends EventEmitter<ConfigStoreEvents> {
  private current: RawConfig;
  /** config.yaml as the gate applies it: the user's, plus the providers the managed policy defines. */
  private merged: RawConfig;
  private problemList: ConfigProblem[] = [];
  private lockList: ConfigProblem[] = [];
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private lastText = '';

  private constructor(
    readonly file: string,
    initial: RawConfig,
    private readonly log: Logger,
    /** The machine-wide managed policy (issue 12): stricter or locked keys win over this file. */
    readonly managed: ManagedPolicyFile,
  ) {
    super();
    this.current = initial;
    this.merged = initial;
    managed.on('change', () => {
      this.applyManaged();
      this.emit('change', this.merged);
      this.emit('problems', this.problems);
    });
  }

  /**
   * Load the file (writing the starter config if there is none). A broken file at startup is
   * reported, and the gate runs with no servers until it is fixed: a gate that refuses to start
   * would leave a client's `connect` with nothing to talk to.
   */
  static open(file: string, log: Logger, opts: { managedFile?: string } = {}): ConfigStore {
    if (!existsSync(file)) writeFileSync(file, STARTER_CONFIG, { mode: 0o600 });
    const empty = parseConfig('{}', file);
    if (!empty.ok) throw new Error('built-in empty config is invalid');
    const managed = new ManagedPolicyFile(opts.managedFile ?? managedPolicyPath(), log);
    const store = new ConfigStore(file, empty.config, log, managed);
    store.reload();
    return store;
  }

  get config(): RawConfig {
    return this.merged;
  }

  /** Problems with config.yaml, its settings a managed lock overrides, and a broken managed file. */
  get problems(): ConfigProblem[] {
    return [...this.managed.problems, ...this.problemList, ...this.lockList];
  }

  /**
   * The policy in force for a server. Computed once per config (and managed policy) and shared:
   * merging cost ~80 µs, and the hold asks several times per request (issue 10). Do not mutate it.
   */
  policyFor(serverId: string): EffectivePolicy {
    const state = this.managed.state;
    if (this.policies.merged !== this.merged || this.policies.state !== state) this.policies = { merged: this.merged, state, byServer: new Map() };
    let policy = this.policies.byServer.get(serverId);
    if (!policy) {
      policy = effectivePolicy(this.merged, serverId, state);
      this.policies.byServer.set(serverId, policy);
    }
    return policy;
  }

  private policies: { merged: unknown; state: unknown; byServer: Map<string, EffectivePolicy> } = { merged: null, state: null, byServer: new Map() };

  /** Re-read the file. Returns the problems (empty when the new config is in force). */
  reload(): ConfigProblem[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      return this.setProblems([{ file: this.file, line: null, column: null, path: '', message: `cannot read: ${(err as Error).message}` }]);
    }
    if (text === this.lastText && this.problemList.length === 0) return [];
    this.lastText = text;
    const parsed = parseConfig(text, this.file);
    if (!parsed.ok) {
      for (const p of parsed.problems) this.log.warn(`config: ${formatProblem(p)} (keeping the last good config)`);
      return this.setProblems(parsed.problems);
    }
    this.current = parsed.config;
    this.applyManaged();
    this.setProblems([]);
    this.emit('change', this.merged);
    return [];
  }

  /**
   * Recompute what depends on the managed policy: the providers it defines (with
   * allowOnlyListedProviders, only those), and the config.yaml settings its locks override.
   */
  private applyManaged(): void {
    const state = this.managed.state;
    if (state.kind === 'ok' && (Object.keys(state.policy.providers).length > 0 || state.policy.allowOnlyListedProviders)) {
      const providers = state.policy.allowOnlyListedProviders ? { ...state.policy.providers } : { ...this.current.providers, ...state.policy.providers };
      this.merged = { ...this.current, providers };
    } else this.merged = this.current;
    this.lockList = lockProblems(this.current, this.lastText, this.file, state);
    for (const p of this.lockList) this.log.warn(`config: ${formatProblem(p)}`);
  }

  /** Watch the directory, not the file: editors save by renaming a temp file over it. */
  watch(): void {
    if (this.watcher) return;
    const name = basename(this.file);
    this.watcher = watch(dirname(this.file), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = setTimeout(() => this.reload(), 80);
    });
    this.watcher.on('error', (err) => this.log.warn(`config watch failed: ${err.message}`));
    this.managed.watch();
  }

  close(): void {
    this.managed.close();
    this.watcher?.close();
    this.watcher = null;
    if (this.debounce) clearTimeout(this.debounce);
  }

  /** Why setTrust would refuse this edit (a managed lock), or null. */
  trustEditProblem(serverId: string, trust: Trust): string | null {
    if (!Object.hasOwn(this.current.servers, serverId)) return `no server "${serverId}"`;
    return trustEditRefusal(this.current, serverId, trust, this.managed.state);
  }

  setTrust(serverId: string, trust: Trust): void {
    const refusal = trustEditRefusal(this.current, serverId, trust, this.managed.state);
    if (refusal) throw new ConfigEditError('conflict', refusal);
    this.edit(
      (doc) => {
        if (!doc.hasIn(['servers', serverId])) throw new ConfigEditError('not-found', `no server "${serverId}" in ${this.file}`);
        doc.setIn(['servers', serverId, 'trust'], trust);
      },
      (text) => (Object.hasOwn(this.current.servers, serverId) ? setScalarInPlace(text, ['servers', serverId, 'trust'], trust) : null),
    );
  }

  upsertServer(serverId: string, entry: Record<string, unknown>): void {
    // The form sends the trust it shows: only a changed trust is an edit the managed policy may refuse.
    const existing = Object.hasOwn(this.current.servers, serverId) ? this.current.servers[serverId] : undefined;
    const trustChanged = typeof entry.trust === 'string' && entry.trust !== (existing?.trust ?? 'ask');
    const withEntry = { ...this.current, servers: { ...this.current.servers, [serverId]: existing ?? entryAsServer(entry) } };
    const refusal = serverEditRefusal(serverId, entry, this.managed.state) ?? (trustChanged ? trustEditRefusal(withEntry, serverId, entry.trust as Trust, this.managed.state) : null);
    if (refusal) throw new ConfigEditError('conflict', refusal);
    this.edit((doc) => {
      const servers = doc.get('servers', true);
      if (!isMap(servers) || (servers.flow && servers.items.length === 0)) {
        // `servers: {}` (flow) would keep growing on one line: switch to block style.
        doc.set('servers', new YAMLMap());
      }
      const existing = doc.getIn(['servers', serverId], true);
      if (isMap(existing)) {
        // Keep the entry's comments: change fields in place, drop the transport fields not given.
        for (const key of ['command', 'args', 'env', 'url', 'headers', 'trust']) {
          if (entry[key] === undefined) {
            if (key !== 'trust') existing.delete(key);
          } else existing.set(key, doc.createNode(entry[key]));
        }
      } else {
        doc.setIn(['servers', serverId], doc.createNode(entry));
      }
    });
  }

  removeServer(serverId: string): void {
    this.edit((doc) => {
      if (!doc.deleteIn(['servers', serverId])) throw new ConfigEditError('not-found', `no server "${serverId}"`);
    });
  }

  /**
   * Add or replace a provider (the Providers view). An existing entry's comments stay: its fields are
   * changed in place and the ones no longer given are removed. Never a key: those live in keys.ts.
   */
  upsertProvider(providerId: string, entry: Record<string, unknown>): void {
    this.refuseManagedProvider(providerId);
    this.edit((doc) => {
      const providers = doc.get('providers', true);
      if (!isMap(providers) || (providers.flow && providers.items.length === 0)) doc.set('providers', new YAMLMap());
      const existing = doc.getIn(['providers', providerId], true);
      if (isMap(existing)) {
        for (const key of new Set([...existing.items.map((i) => String((i.key as { value?: unknown })?.value ?? i.key)), ...Object.keys(entry)])) {
          if (entry[key] === undefined) existing.delete(key);
          else existing.set(key, doc.createNode(entry[key]));
        }
      } else {
        doc.setIn(['providers', providerId], doc.createNode(entry));
      }
    });
  }

  /** Remove a provider; refused while a server or the defaults name it (the config would not load). */
  removeProvider(providerId: string): void {
    this.refuseManagedProvider(providerId);
    this.edit((doc) => {
      if (!doc.deleteIn(['providers', providerId])) throw new ConfigEditError('not-found', `no provider "${providerId}"`);
    });
  }

  /** A provider the managed policy defines is the organisation's: not changed or removed from here. */
  private refuseManagedProvider(providerId: string): void {
    const s = this.managed.state;
    if (s.kind === 'ok' && Object.hasOwn(s.policy.providers, providerId)) {
      throw new ConfigEditError('conflict', `provider "${providerId}" is set by ${managedBy(s.policy.file, `providers.${providerId}`)} and cannot be changed here`);
    }
  }

  setRetention(days: number | null): void {
    this.edit(
      (doc) => {
        if (days === null) doc.deleteIn(['ui', 'historyRetentionDays']);
        else doc.setIn(['ui', 'historyRetentionDays'], days);
      },
      (text) => (days === null ? null : setScalarInPlace(text, ['ui', 'historyRetentionDays'], days)),
    );
  }

  /**
   * Apply an edit to the YAML document and write it only if the result is a valid config: an edit
   * from the UI never leaves a broken file behind. The write is atomic, and a symlinked config.yaml
   * (a dotfiles repository) stays a link.
   */
  private edit(change: (doc: ReturnType<typeof parseDocument>) => void, patch?: (text: string) => string | null): void {
    const text = readFileSync(this.file, 'utf8');
    const doc = parseDocument(text);
    if (doc.errors.length > 0) {
      throw new ConfigEditError('conflict', `${this.file} has errors; fix them before changing it from here`);
    }
    let next = patch?.(text) ?? null;
    if (next === null) {
      change(doc);
      // Flow collections as users write them (`[a, b]`, not the library's `[ a, b ]`).
      next = doc.toString({ flowCollectionPadding: false });
    }
    const parsed = parseConfig(next, this.file);
    if (!parsed.ok) throw new ConfigEditError('bad-request', parsed.problems.map(formatProblem).join('; '));
    writeFileAtomic(this.file, next, 0o600);
    this.reload();
  }

  private setProblems(problems: ConfigProblem[]): ConfigProblem[] {
    this.problemList = problems;
    this.emit('problems', this.problems);
    return problems;
  }
}

export class ConfigEditError extends Error {
  constructor(
    readonly code: 'not-found' | 'conflict' | 'bad-request',
    message: string,
  ) {
    super(message);
  }
}
