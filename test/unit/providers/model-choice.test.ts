/** Model choice by the MCP spec's modelPreferences rules, and the key sources (issue 8). */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProviderSchema, costUsd } from '../../../shared/provider-schema.js';
import { ConfigSchema } from '../../../shared/config-schema.js';
import { effectivePolicy } from '../../../shared/effective-policy.js';
import { chooseModel } from '../../../core/providers/model-choice.js';
import { EncryptedKeyFile, resolveKey, type KeyCipher } from '../../../core/providers/keys.js';
import { adapterFor } from '../../../core/providers/index.js';
import { ProviderService } from '../../../core/providers/provider-service.js';

const provider = ProviderSchema.parse({
  kind: 'anthropic',
  default: 'sonnet',
  models: [
    { name: 'claude-opus-4-5', aliases: ['opus'], cost: 0.9, speed: 0.2, intelligence: 1 },
    { name: 'claude-sonnet-4-5', aliases: ['sonnet', 'claude'], cost: 0.5, speed: 0.5, intelligence: 0.8 },
    { name: 'claude-haiku-4-5', aliases: ['haiku'], cost: 0.1, speed: 0.9, intelligence: 0.5, inputPerMTok: 1, outputPerMTok: 5 },
  ],
});

describe('chooseModel', () => {
  it('hints are tried in order as substrings of names, then aliases', () => {
    expect(chooseModel(provider, { hints: [{ name: 'gpt-4' }, { name: 'haiku' }] })).toMatchObject({ model: { name: 'claude-haiku-4-5' }, why: expect.stringMatching(/hint "haiku"/) });
    expect(chooseModel(provider, { hints: [{ name: 'claude-3' }, { name: 'sonnet' }] }).model.name).toBe('claude-sonnet-4-5');
    // "claude" is a substring of every name: the first configured model wins, as the spec's order says.
    expect(chooseModel(provider, { hints: [{ name: 'claude' }] }).model.name).toBe('claude-opus-4-5');
    expect(chooseModel(provider, { hints: [{ name: 'OPUS' }] }).model.name).toBe('claude-opus-4-5');
  });

  it('without a matching hint the priorities are scored against cost, speed and intelligence', () => {
    expect(chooseModel(provider, { costPriority: 1 }).model.name).toBe('claude-haiku-4-5');
    expect(chooseModel(provider, { speedPriority: 0.9, intelligencePriority: 0.1 }).model.name).toBe('claude-haiku-4-5');
    expect(chooseModel(provider, { intelligencePriority: 1, costPriority: 0.2 }).model.name).toBe('claude-opus-4-5');
    expect(chooseModel(provider, { hints: [{ name: 'llama' }], intelligencePriority: 1 }).why).toMatch(/no hint matched; best score/);
  });

  it('with no preferences (or junk) the provider default answers', () => {
    expect(chooseModel(provider, undefined)).toMatchObject({ model: { name: 'claude-sonnet-4-5' }, why: "the provider's default model" });
    expect(chooseModel(provider, { hints: 'x', costPriority: 'high' }).model.name).toBe('claude-sonnet-4-5');
  });
});

describe('config', () => {
  const base = { providers: { claude: { kind: 'anthropic', models: [{ name: 'm' }] } } };
  it('answerWith and provider merge: defaults < server; one provider is the default provider', () => {
    const config = ConfigSchema.parse({ ...base, servers: { a: { command: 'x', answerWith: 'provider' }, b: { command: 'x' } } });
    expect(effectivePolicy(config, 'a')).toMatchObject({ answerWith: 'provider', provider: 'claude' });
    expect(effectivePolicy(config, 'b')).toMatchObject({ answerWith: 'auto', provider: 'claude' });
  });

  it('an unknown provider, an unknown default model and a duplicate model are errors with their path', () => {
    const bad = ConfigSchema.safeParse({ ...base, defaults: { provider: 'nope' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['defaults', 'provider']);
    const model = ProviderSchema.safeParse({ kind: 'openai', default: 'x', models: [{ name: 'm' }, { name: 'm' }] });
    expect(model.error!.issues.map((i) => i.path.join('.'))).toEqual(['models.1.name', 'default']);
    expect(ProviderSchema.safeParse({ kind: 'openai', models: [{ name: 'm' }], apiKey: 'sk-inline' }).success).toBe(false);
  });

  it('cost is usage × the configured prices; no prices, no cost', () => {
    expect(costUsd(provider.models[2]!, { inputTokens: 1000, outputTokens: 2000 })).toBeCloseTo(0.011, 10);
    expect(costUsd(provider.models[0]!, { inputTokens: 1000, outputTokens: 2000 })).toBeNull();
  });
});

describe('keys', () => {
  const cipher: KeyCipher = {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (b) => Buffer.from(Buffer.from(b).map((x) => x ^ 0x5a)).toString('utf8'),
  };

  it('env keys come from the environment; a missing required one says which variable', () => {
    const p = ProviderSchema.parse({ kind: 'anthropic', apiKey: { env: 'K' }, models: [{ name: 'm' }] });
    const none = new EncryptedKeyFile(join(mkdtempSync(join(tmpdir(), 'sg-keys-')), 'keys.bin'), null);
    expect(resolveKey('c', p, none, { K: 'sk-1' })).toMatchObject({ source: 'env:K', present: true, key: 'sk-1', missing: null });
    expect(resolveKey('c', p, none, {}).missing).toMatch(/K is not set/);
    const local = ProviderSchema.parse({ kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', models: [{ name: 'llama3.2' }] });
    expect(resolveKey('l', local, none, {})).toMatchObject({ source: 'none', present: false, missing: null });
  });

  it('keychain keys are stored encrypted in a 0600 file and never readable without the cipher', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sg-keys-')), 'keys.bin');
    const store = new EncryptedKeyFile(file, cipher);
    store.set('claude', 'sk-ant-secret');
    expect(readFileSync(file, 'utf8')).not.toContain('sk-ant-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const p = ProviderSchema.parse({ kind: 'anthropic', models: [{ name: 'm' }] });
    expect(resolveKey('claude', p, store, {})).toMatchObject({ source: 'keychain', present: true, key: 'sk-ant-secret' });
    const headless = new EncryptedKeyFile(file, null);
    expect(headless.has('claude')).toBe(true);
    expect(headless.get('claude')).toBeUndefined();
    expect(() => headless.set('x', 'y')).toThrow(/keychain/);
    store.delete('claude');
    expect(resolveKey('claude', p, store, {}).missing).toMatch(/no API key/);
  });
});

describe('ProviderService.plan', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex').toString('base64');
  const config = ConfigSchema.parse({
    providers: {
      claude: {
        kind: 'anthropic',
        default: 'text-only',
        models: [
          { name: 'text-only', inputPerMTok: 1, outputPerMTok: 1 },
          { name: 'sees', vision: true, inputPerMTok: 3, outputPerMTok: 15 },
        ],
      },
    },
  });
  const service = new ProviderService({ config: () => config, keys: new EncryptedKeyFile(join(mkdtempSync(join(tmpdir(), 'sg-keys-')), 'keys.bin'), null), adapterFor });
  const image = { messages: [{ role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } }], maxTokens: 100, temperature: 0.5 };

  it('when the preferred model cannot take the request, the first that can is chosen, saying why', () => {
    const plan = service.plan('claude', image);
    expect(plan.model).toBe('sees');
    expect(plan.why).toMatch(/text-only cannot take this request .*: sees is the first model that can/);
    expect(plan.switchedFrom).toBeUndefined();
    expect(plan.notApplied).toContain('temperature');
    expect(plan.models.find((m) => m.name === 'text-only')!.refusals.join(' ')).toMatch(/image/);
  });

  it("the user's switch is recorded against the gate's own choice", () => {
    const plan = service.plan('claude', { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 10 }, 'sees');
    expect(plan).toMatchObject({ model: 'sees', switchedFrom: 'text-only', why: expect.stringMatching(/^chosen by the user/) });
    expect(() => service.plan('claude', image, 'nope')).toThrow(/no model "nope"/);
  });
});
