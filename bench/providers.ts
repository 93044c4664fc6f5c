/**
 * Provider cost (issue 8): a sampling request answered by the user's own model through the gate,
 * against the same SDK call made directly to the same local provider. The provider is the
 * Messages API fake the tests use (test/fixtures/fake-providers), streaming, on 127.0.0.1.
 *
 * - baseline: the gate's Anthropic adapter (the official SDK, streaming) called in this process;
 * - through the gate: a client that declares no sampling calls server-everything's
 *   `trigger-sampling-request` through the stdio bridge; `trust: trust`, so the gate records,
 *   evaluates, calls the provider, records usage and cost, and answers the server. The ratio thus
 *   includes the MCP tools/call round trip the direct call does not make.
 */
import { ProviderSchema } from '../shared/provider-schema.js';
import { adapterFor } from '../core/providers/index.js';
import { ANTHROPIC_TEST_KEY, startAnthropic } from '../test/fixtures/fake-providers/anthropic.js';
import { onCleanup } from './cleanup.js';
import { connect } from './clients.js';
import { EVERYTHING, GATE_BIN } from './locations.js';
import { startGate } from './processes.js';
import { measureInterleaved } from './interleave.js';
import type { Failure, Row } from './results.js';

const PROMPT = 'Name three colours of the rainbow';
const MODEL = 'claude-bench';

export async function benchProviders(opts: { n: number; warmup: number }, failures: Failure[], progress: (msg: string) => void): Promise<Row[]> {
  progress('providers: starting the local Messages API and the gate');
  // A model id of the bench's own: the SDK warns on stderr about ids it knows to be deprecated.
  const fake = await startAnthropic({ models: { [MODEL]: `${MODEL}-20261101` } });
  onCleanup(() => fake.close());
  // One provider entry for both paths: the gate reads it from config.yaml (JSON is YAML), the
  // direct call gets the same entry parsed.
  const entry = { kind: 'anthropic', baseUrl: fake.url, apiKey: { env: 'SG_BENCH_ANTHROPIC_KEY' }, models: [{ name: MODEL, inputPerMTok: 3, outputPerMTok: 15, tools: true }] };
  process.env.SG_BENCH_ANTHROPIC_KEY = ANTHROPIC_TEST_KEY;
  const gate = await startGate(`defaults:
  trust: trust
  rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null }
  tokenBudgetPerDay: null
  answerWith: provider
  provider: claude
providers:
  claude: ${JSON.stringify(entry)}
servers:
  everything:
    command: ${JSON.stringify(process.execPath)}
    args: ${JSON.stringify([EVERYTHING, 'stdio'])}
`);
  const client = await connect({ kind: 'stdio', command: process.execPath, args: [GATE_BIN, 'connect', 'everything', '--data-dir', gate.dataDir] }, { sampling: false });

  const provider = ProviderSchema.parse(entry);
  const adapter = adapterFor('anthropic');
  const params = { messages: [{ role: 'user', content: { type: 'text', text: PROMPT } }], maxTokens: 100, temperature: 0.7 };
  const direct = (): Promise<unknown> =>
    adapter.complete({ providerId: 'claude', provider, model: provider.models[0]!, apiKey: ANTHROPIC_TEST_KEY, params, signal: new AbortController().signal });
  const viaGate = async (): Promise<unknown> => {
    const r = await client.call('trigger-sampling-request', { prompt: PROMPT, maxTokens: 100 });
    if (r.isError) throw new Error(`the gate did not answer: ${JSON.stringify(r.content).slice(0, 200)}`);
    return r;
  };

  return measureInterleaved(
    'providers',
    [
      { id: 'provider:direct', label: '(p) Anthropic SDK streaming call, direct', baseline: null, run: direct },
      { id: 'provider:gate-stdio', label: '(q) gate stdio bridge, answered by that provider', baseline: 'provider:direct', run: viaGate },
    ],
    opts,
    failures,
    progress,
  );
}
