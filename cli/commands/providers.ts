/**
 * `providers [--json]` and `providers test <id> [--model NAME]` (CONTRACT.md section 8): through the
 * running gate when there is one (it holds the desktop app's keychain), else from config.yaml and
 * the environment directly.
 */
import type { ProviderStatus, ProviderTestResult } from '../../shared/api.js';
import { ConfigStore } from '../../core/config/config-store.js';
import { formatProblem } from '../../core/config/parse-config.js';
import { silentLogger } from '../../core/log.js';
import type { DataPaths } from '../../core/paths.js';
import { ensureDataDir } from '../../core/paths.js';
import { adapterFor } from '../../core/providers/index.js';
import { EncryptedKeyFile } from '../../core/providers/keys.js';
import { ProviderService } from '../../core/providers/provider-service.js';
import { ProviderError } from '../../core/providers/types.js';
import { callGate, gateRunning } from '../control-client.js';
import { printJson, printTable } from '../output.js';
import { failed } from './requests.js';

export async function providers(paths: DataPaths, json: boolean): Promise<number> {
  let list: ProviderStatus[];
  if (await gateRunning(paths.socket)) {
    const r = await callGate(paths.socket, 'providers.list', {});
    if (!r.ok) return failed(r);
    list = r.value;
  } else {
    list = local(paths).service.status();
  }
  if (json) {
    printJson(list.map(({ id, kind, baseUrl, default: def, keySource, keyPresent, models, servers }) => ({ id, kind, baseUrl, default: def, keySource, keyPresent, models, servers })));
  } else if (list.length === 0) {
    process.stdout.write(`no providers configured (add one under providers: in ${paths.config}, or in the app's Providers view)\n`);
  } else {
    printTable(
      ['ID', 'KIND', 'BASE URL', 'DEFAULT', 'KEY', 'MODELS', 'SERVERS'],
      list.map((p) => [p.id, p.kind, p.baseUrl, p.default, `${p.keySource}${p.keyPresent ? '' : p.keySource === 'none' ? '' : ' (missing)'}`, p.models.map((m) => m.name).join(', '), p.servers.join(', ') || '-']),
    );
  }
  return 0;
}

export async function testProvider(paths: DataPaths, id: string, model: string | undefined): Promise<number> {
  let result: ProviderTestResult;
  if (await gateRunning(paths.socket)) {
    const r = await callGate(paths.socket, 'providers.test', { id, ...(model ? { model } : {}) });
    if (!r.ok) return failed(r);
    result = r.value;
  } else {
    const { service, store } = local(paths);
    if (!Object.hasOwn(store.config.providers, id)) {
      process.stderr.write(`sampling-gate: no provider "${id}" in ${paths.config}\n`);
      return 1;
    }
    try {
      result = await service.test(id, model);
    } catch (err) {
      process.stderr.write(`sampling-gate: ${err instanceof ProviderError ? err.message : (err as Error).message}\n`);
      return 1;
    }
  }
  process.stdout.write(`${result.id}: ok in ${result.latencyMs} ms — model ${result.model} answered "${result.text.replace(/\s+/g, ' ').trim()}"\n`);
  return 0;
}

/** Without a gate there is no keychain: keys come from the environment (`apiKey: { env }`) only. */
function local(paths: DataPaths): { store: ConfigStore; service: ProviderService } {
  ensureDataDir(paths.dir);
  const store = ConfigStore.open(paths.config, silentLogger);
  // A broken config.yaml keeps no providers: say why, as `servers` does.
  for (const p of store.problems) process.stderr.write(`sampling-gate: ${formatProblem(p)}\n`);
  const keys = new EncryptedKeyFile(paths.keys, null);
  return { store, service: new ProviderService({ config: () => store.config, keys, adapterFor }) };
}
