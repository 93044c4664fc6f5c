/** Every file in test/fixtures/hostile/ must get the outcome it declares. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { samplingCapabilityFrom } from '../../../core/policy/capabilities.js';
import { evaluateRequest } from '../../../core/policy/evaluate.js';
import { stopRegexWorker } from '../../../core/policy/regex-worker.js';
import { PolicySchema } from '../../../shared/config-schema.js';
import { FakeUsage, ctxWith } from './helpers.js';

afterAll(() => stopRegexWorker());

const DIR = fileURLToPath(new URL('../../fixtures/hostile/', import.meta.url));

const FixtureSchema = z
  .object({
    name: z.string().min(1),
    params: z.unknown(),
    clientCapabilities: z.record(z.string(), z.unknown()),
    policy: PolicySchema.optional(),
    priorRequests: z.number().int().min(0).optional(),
    expect: z
      .object({
        action: z.enum(['deny', 'ask', 'approve']),
        rule: z.string().optional(),
        flags: z.array(z.string()).optional(),
      })
      .strict(),
  })
  .strict();

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('hostile corpus', () => {
  it('has a corpus covering every refusal family and benign controls', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    const rules = files.map((f) => FixtureSchema.parse(JSON.parse(readFileSync(DIR + f, 'utf8'))).expect.rule ?? '');
    for (const prefix of ['protocol.', 'trust.deny', 'rule.', 'limit.', 'trust.trust']) {
      expect(rules.some((r) => r.startsWith(prefix)), prefix).toBe(true);
    }
  });

  it.each(files)('%s', (file) => {
    const fixture = FixtureSchema.parse(JSON.parse(readFileSync(DIR + file, 'utf8')));
    const { rateLimit, ...rest } = fixture.policy ?? {};
    const usage = new FakeUsage().add(fixture.priorRequests ?? 0, 2000);
    const ctx = ctxWith(
      { ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), rateLimit: { ...rateLimit } },
      { client: samplingCapabilityFrom(fixture.clientCapabilities), usage },
    );
    const { verdict } = evaluateRequest(fixture.params, ctx);
    expect(verdict.action, fixture.name).toBe(fixture.expect.action);
    if (fixture.expect.rule !== undefined) expect(verdict.rule, fixture.name).toBe(fixture.expect.rule);
    if (fixture.expect.flags) expect(verdict.flags.map((f) => f.id), fixture.name).toEqual(expect.arrayContaining(fixture.expect.flags));
    if (verdict.action === 'deny') {
      const codes = verdict.rule.startsWith('protocol.') ? [-32600, -32602] : [-1];
      expect(codes, fixture.name).toContain(verdict.code);
      expect(verdict.reason.length).toBeGreaterThan(0);
    }
  });
});
