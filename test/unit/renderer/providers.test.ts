// Issue 8 in the renderer: the providers store, the provider form, and the view-model for answers the
// gate writes with the user's own model (money, the model switch, parameters not applied, totals).
import { describe, expect, it } from 'vitest';
import type { ProviderStatus } from '../../../shared/api.js';
import type { AnswerPlan } from '../../../shared/types.js';
import { chosenOption, costTotal, decisionModel, formatCost, formatUsage, formatUsd, modelOptionLabel, notAppliedText, answeredByLabel } from '../../../renderer/src/lib/answer.js';
import { EMPTY_MODEL_ROW, EMPTY_PROVIDER_FORM, entryToForm, formToEntry } from '../../../renderer/src/lib/provider-form.js';
import type { ProviderForm } from '../../../renderer/src/lib/provider-form.js';
import { keyState } from '../../../renderer/src/lib/provider-view.js';
import { createApprovalsStore } from '../../../renderer/src/stores/approvals.js';
import { createProvidersStore } from '../../../renderer/src/stores/providers.js';
import { FakeGateClient, pending } from './fake-client.js';

function status(id: string, overrides: Partial<ProviderStatus> = {}): ProviderStatus {
  return {
    id,
    kind: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    default: 'claude-sonnet-4-5',
    keySource: 'keychain',
    keyPresent: false,
    keychainAvailable: true,
    models: [{ name: 'claude-sonnet-4-5', aliases: ['sonnet'], vision: true, audio: false, tools: true, inputPerMTok: 3, outputPerMTok: 15 }],
    servers: [],
    ...overrides,
  };
}

const PLAN: AnswerPlan = {
  providerId: 'claude',
  kind: 'anthropic',
  model: 'claude-sonnet-4-5',
  why: 'hint "sonnet" matched',
  estimatedCostUsd: 0.0042,
  notApplied: ['temperature'],
  refusals: [],
  models: [
    { name: 'claude-sonnet-4-5', aliases: ['sonnet'], estimatedCostUsd: 0.0042, notApplied: ['temperature'], refusals: [] },
    { name: 'claude-haiku-4-5', aliases: ['haiku'], estimatedCostUsd: 0.0011, notApplied: ['temperature'], refusals: [] },
    { name: 'text-only', aliases: [], estimatedCostUsd: null, notApplied: [], refusals: ['the request has an image and this model takes none'] },
  ],
};

describe('providers store', () => {
  it('loads sorted, follows providers.changed and unsubscribes on dispose', async () => {
    const client = new FakeGateClient().answer('providers.list', () => ({ ok: true, value: [status('z'), status('a')] }));
    const store = createProvidersStore(client);
    await store.getState().load();
    expect(store.getState().providers.map((p) => p.id)).toEqual(['a', 'z']);
    client.emit('providers.changed', [status('m')]);
    expect(store.getState().providers.map((p) => p.id)).toEqual(['m']);
    store.getState().dispose();
    expect(client.listenerCount('providers.changed')).toBe(0);
  });

  it('shows the gate refusing to list as an error', async () => {
    const client = new FakeGateClient().answer('providers.list', () => ({ ok: false, error: { code: 'internal', message: 'boom' } }));
    const store = createProvidersStore(client);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ loaded: true, error: 'boom', providers: [] });
  });

  it('sends the key once and keeps only whether one is present', async () => {
    const client = new FakeGateClient()
      .answer('providers.list', () => ({ ok: true, value: [status('claude')] }))
      .answer('providers.setKey', ({ id, key }) => ({ ok: true, value: { id, keyPresent: key !== null } }));
    const store = createProvidersStore(client);
    await store.getState().load();
    const r = await store.getState().setKey('claude', 'sk-ant-secret-123');
    expect(r).toEqual({ ok: true, value: { id: 'claude', keyPresent: true } });
    expect(client.calls.at(-1)).toEqual({ method: 'providers.setKey', params: { id: 'claude', key: 'sk-ant-secret-123' } });
    expect(store.getState().providers[0]?.keyPresent).toBe(true);
    // The key is nowhere in the store's state.
    expect(JSON.stringify(store.getState())).not.toContain('sk-ant-secret-123');
    await store.getState().setKey('claude', null);
    expect(store.getState().providers[0]?.keyPresent).toBe(false);
  });

  it('upserts then reloads; removes; an error stays visible', async () => {
    let listed = [status('claude')];
    const client = new FakeGateClient()
      .answer('providers.list', () => ({ ok: true, value: listed }))
      .answer('providers.upsert', ({ id }) => ((listed = [...listed, status(id)]), { ok: true, value: { id } }))
      .answer('providers.remove', ({ id }) => (id === 'claude' ? { ok: true, value: { id } } : { ok: false, error: { code: 'not-found', message: `no provider ${id}` } }));
    const store = createProvidersStore(client);
    const parsed = formToEntry({ ...EMPTY_PROVIDER_FORM, id: 'local', kind: 'openai', models: [{ ...EMPTY_MODEL_ROW, name: 'llama3.2' }] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect((await store.getState().upsert(parsed.id, parsed.provider)).ok).toBe(true);
    expect(store.getState().providers.map((p) => p.id)).toEqual(['claude', 'local']);
    expect(await store.getState().remove('claude')).toBe(true);
    expect(store.getState().providers.map((p) => p.id)).toEqual(['local']);
    expect(await store.getState().remove('ghost')).toBe(false);
    expect(store.getState().error).toBe('no provider ghost');
  });

  it('tests a provider: running, then latency and model, or the exact error', async () => {
    let release: () => void = () => undefined;
    const client = new FakeGateClient().answer(
      'providers.test',
      ({ id, model }) =>
        new Promise((r) =>
          (release = () =>
            r(
              model === 'broken'
                ? { ok: false, error: { code: 'unavailable', message: 'claude: 401 authentication_error: invalid x-api-key' } }
                : { ok: true, value: { id, model: 'claude-sonnet-4-5-20250929', latencyMs: 412, text: 'Hello' } },
            )),
        ),
    );
    const store = createProvidersStore(client);
    const running = store.getState().test('claude');
    expect(store.getState().tests.claude).toEqual({ state: 'running', model: null });
    // A second click while one runs makes no second call.
    await store.getState().test('claude');
    expect(client.calls.filter((c) => c.method === 'providers.test')).toHaveLength(1);
    expect(client.calls[0]?.params).toEqual({ id: 'claude' });
    release();
    await running;
    expect(store.getState().tests.claude).toEqual({ state: 'ok', result: { id: 'claude', model: 'claude-sonnet-4-5-20250929', latencyMs: 412, text: 'Hello' } });
    const failing = store.getState().test('claude', 'broken');
    release();
    await failing;
    expect(store.getState().tests.claude).toEqual({ state: 'failed', code: 'unavailable', message: 'claude: 401 authentication_error: invalid x-api-key' });
    expect(client.calls.at(-1)?.params).toEqual({ id: 'claude', model: 'broken' });
  });
});

describe('approvals store: stop', () => {
  it('calls approvals.stop and leaves the entry until the gate says it ended', async () => {
    const answering = pending('a', '2026-01-01T00:00:01Z', { stage: 'answering', partial: 'Once upon' });
    const client = new FakeGateClient()
      .answer('approvals.list', () => ({ ok: true, value: [answering] }))
      .answer('approvals.stop', ({ id }) => ({ ok: true, value: { id } }));
    const store = createApprovalsStore(client);
    await store.getState().load();
    expect(await store.getState().stop('a')).toBe(true);
    expect(client.calls.at(-1)).toEqual({ method: 'approvals.stop', params: { id: 'a' } });
    expect(store.getState().pending.map((p) => p.id)).toEqual(['a']);
    expect(store.getState().busy).toEqual([]);
    client.emit('approvals.changed', { removed: ['a'] });
    expect(store.getState().pending).toEqual([]);
  });

  it('shows why a stop failed', async () => {
    const client = new FakeGateClient()
      .answer('approvals.list', () => ({ ok: true, value: [pending('a', '2026-01-01T00:00:01Z', { stage: 'answering' })] }))
      .answer('approvals.stop', () => ({ ok: false, error: { code: 'not-found', message: 'already finished' } }));
    const store = createApprovalsStore(client);
    await store.getState().load();
    expect(await store.getState().stop('a')).toBe(false);
    expect(store.getState().error).toBe('already finished');
  });
});

describe('money', () => {
  it('shows fractions of a cent with two significant digits and dollars with cents', () => {
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.000015)).toBe('$0.000015');
    expect(formatUsd(0.0123)).toBe('$0.012');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0.05)).toBe('$0.05');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(12.3)).toBe('$12.30');
    expect(formatUsd(1234.567)).toBe('$1,234.57');
    expect(formatCost(null)).toBe('no prices configured');
    expect(formatCost(0.0042)).toBe('$0.0042');
  });

  it('totals the listed rows without floating-point dust and counts the rows with a cost', () => {
    expect(costTotal([{ costUsd: 0.1 }, { costUsd: 0.2 }, { costUsd: null }, {}])).toEqual({ usd: 0.3, priced: 2 });
    expect(costTotal([])).toEqual({ usd: 0, priced: 0 });
  });

  it('labels usage and who answered', () => {
    expect(formatUsage({ inputTokens: 1234, outputTokens: 56 })).toBe('1,234 in / 56 out');
    expect(formatUsage(null)).toBe('—');
    expect(answeredByLabel('provider:claude')).toEqual({ kind: 'provider', label: 'claude' });
    expect(answeredByLabel('client')).toEqual({ kind: 'client', label: 'client' });
    expect(answeredByLabel(null)).toEqual({ kind: 'unknown', label: '—' });
  });
});

describe('the model switch', () => {
  it('sends a model only when the user switched away from the gate’s choice', () => {
    expect(decisionModel(PLAN, 'claude-sonnet-4-5')).toBeUndefined();
    expect(decisionModel(PLAN, 'claude-haiku-4-5')).toBe('claude-haiku-4-5');
    expect(decisionModel(undefined, 'claude-haiku-4-5')).toBeUndefined();
  });

  it('shows each option with its own estimate, or why it cannot answer', () => {
    expect(chosenOption(PLAN, 'claude-haiku-4-5').estimatedCostUsd).toBe(0.0011);
    expect(chosenOption(PLAN, 'text-only').refusals).toHaveLength(1);
    expect(chosenOption(PLAN, 'nope').refusals[0]).toMatch(/not a configured model/);
    expect(modelOptionLabel(PLAN.models[1]!, false)).toBe('claude-haiku-4-5 (haiku) — ≈ $0.0011');
    expect(modelOptionLabel(PLAN.models[0]!, true)).toBe('claude-sonnet-4-5 (sonnet) — ≈ $0.0042 · chosen by the gate');
    expect(modelOptionLabel(PLAN.models[2]!, false)).toBe('text-only — cannot answer: the request has an image and this model takes none');
  });

  it('says which requested parameter will not be applied, with its value and the API', () => {
    const request = { maxTokens: 100, temperature: 0.7, modelPreferences: { hints: [{ name: 'x' }] }, messages: [] };
    expect(notAppliedText('temperature', request, 'anthropic')).toBe('temperature 0.7 — not applied: the Anthropic API does not take it');
    expect(notAppliedText('metadata', { ...request, metadata: { user: 'dana' } }, 'anthropic')).toBe('metadata {"user":"dana"} — not applied: not sent to the Anthropic API');
    expect(notAppliedText('stopSequences', request, 'openai')).toBe('stopSequences — not applied: not sent to the OpenAI-compatible API');
    expect(notAppliedText('modelPreferences.hints', request, 'openai')).toBe('modelPreferences.hints [{"name":"x"}] — not applied: not sent to the OpenAI-compatible API');
    // A sentence from the gate is shown as it is.
    const lowered = 'maxTokens lowered to 8192 (model "claude-haiku-4-5" has maxOutputTokens 8192; 9000 was requested)';
    expect(notAppliedText(lowered, request, 'anthropic')).toBe(lowered);
  });
});

describe('provider form', () => {
  const filled: ProviderForm = {
    ...EMPTY_PROVIDER_FORM,
    id: 'claude',
    kind: 'anthropic',
    default: 'sonnet',
    models: [
      { ...EMPTY_MODEL_ROW, name: 'claude-sonnet-4-5', aliases: 'sonnet, claude', cost: '0.5', speed: '0.5', intelligence: '0.8', inputPerMTok: '3', outputPerMTok: '15', vision: true, tools: true },
      { ...EMPTY_MODEL_ROW },
    ],
  };

  it('turns the form into config.yaml’s entry, skipping blank rows; keychain means no apiKey', () => {
    const r = formToEntry(filled);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.id).toBe('claude');
    expect(r.provider).toMatchObject({
      kind: 'anthropic',
      default: 'sonnet',
      models: [{ name: 'claude-sonnet-4-5', aliases: ['sonnet', 'claude'], cost: 0.5, speed: 0.5, intelligence: 0.8, inputPerMTok: 3, outputPerMTok: 15, vision: true, audio: false, tools: true }],
    });
    expect(r.provider.apiKey).toBeUndefined();
    expect(r.provider.baseUrl).toBeUndefined();
  });

  it('names an environment variable when asked, optional for a local server', () => {
    const r = formToEntry({ ...filled, kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', keySource: 'env', keyEnv: 'OLLAMA_API_KEY', keyOptional: true, default: '' });
    expect(r.ok && r.provider.apiKey).toEqual({ env: 'OLLAMA_API_KEY', optional: true });
    expect(r.ok && r.provider.baseUrl).toBe('http://127.0.0.1:11434/v1');
  });

  it('points each error at its field, model rows by their place in the form', () => {
    const r = formToEntry({
      ...filled,
      id: 'bad id',
      baseUrl: 'ftp://x',
      keySource: 'env',
      keyEnv: '1-not-a-name',
      default: 'gpt-9',
      models: [{ ...EMPTY_MODEL_ROW }, { ...filled.models[0]!, cost: '1.5', inputPerMTok: 'cheap' }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['baseUrl', 'default', 'id', 'keyEnv', 'models.1.cost', 'models.1.inputPerMTok'].sort());
    expect(r.errors['models.1.inputPerMTok']).toBe('a number');
  });

  it('needs at least one model and no duplicate names', () => {
    const none = formToEntry({ ...filled, models: [{ ...EMPTY_MODEL_ROW }] });
    expect(!none.ok && none.errors.models).toBe('list at least one model');
    const twice = formToEntry({ ...filled, default: '', models: [filled.models[0]!, filled.models[0]!] });
    expect(!twice.ok && twice.errors['models.1.name']).toMatch(/listed twice/);
  });

  it('round-trips an entry through the form', () => {
    const r = formToEntry(filled);
    if (!r.ok) throw new Error('invalid');
    const back = formToEntry(entryToForm(r.id, r.provider));
    expect(back).toEqual(r);
  });
});

describe('key state', () => {
  it('says where the key is and whether it can be entered here, never what it is', () => {
    expect(keyState({ keySource: 'keychain', keyPresent: true, keychainAvailable: true })).toEqual({ text: 'key stored in the OS keychain', ok: true, canEnter: true });
    expect(keyState({ keySource: 'none', keyPresent: false, keychainAvailable: true })).toMatchObject({ ok: false, canEnter: true });
    expect(keyState({ keySource: 'none', keyPresent: false, keychainAvailable: false })).toEqual({
      text: 'keychain not available here — set apiKey: { env: NAME }',
      ok: false,
      canEnter: false,
    });
    expect(keyState({ keySource: 'env:ANTHROPIC_API_KEY', keyPresent: true, keychainAvailable: false })).toEqual({
      text: 'from the environment variable ANTHROPIC_API_KEY (set)',
      ok: true,
      canEnter: false,
    });
    expect(keyState({ keySource: 'env:ANTHROPIC_API_KEY', keyPresent: false, keychainAvailable: true }).ok).toBe(false);
    // Ollama: an optional key that is not set is not a problem.
    expect(keyState({ keySource: 'env:OLLAMA_API_KEY', keyPresent: false, keychainAvailable: false, keyMissing: null })).toMatchObject({ ok: true, text: expect.stringMatching(/no key needed/) });
    expect(keyState({ keySource: 'none', keyPresent: false, keychainAvailable: false, keyMissing: null }).ok).toBe(true);
  });
});
