/** Builders for policy tests: a context with a fake, controllable usage history. */
import { BUILT_IN_DEFAULTS } from '../../../shared/config-schema.js';
import type { EffectivePolicy } from '../../../shared/config-schema.js';
import type { ClientSamplingCapability, PolicyContext, UsageSource } from '../../../core/policy/types.js';

export const IMAGES = {
  png: 'iVBORw0KGgoAAAANSUhEUg==',
  jpeg: '/9j/4AAQSkZJRgAB',
  gif: 'R0lGODlhAQABAAAA',
  webp: 'UklGRiQAAABXRUJQVlA4IA==',
  wav: 'UklGRiQAAABXQVZFZm10IA==',
  mp3: 'SUQzBAAAAAAAAA==',
  svg: 'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=',
  html: 'PGh0bWw+PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0PjwvaHRtbD4=',
} as const;

export const NOW = new Date('2026-11-22T12:00:00Z');

/** One admitted request in the fake history. */
export interface FakeRow {
  at: Date;
  server?: string;
  session?: string;
  tokens?: number;
}

/** A UsageSource over an in-memory list, filtered like the history store would. */
export class FakeUsage implements UsageSource {
  rows: FakeRow[] = [];
  calls = 0;

  add(count: number, msAgo: number, extra: Omit<FakeRow, 'at'> = {}): this {
    for (let i = 0; i < count; i++) this.rows.push({ at: new Date(NOW.getTime() - msAgo), ...extra });
    return this;
  }

  countRequests(serverId: string, since: Date, sessionId?: string): number {
    this.calls++;
    return this.rows.filter(
      (r) => (r.server ?? 'srv') === serverId && r.at >= since && (sessionId === undefined || (r.session ?? 'sess') === sessionId),
    ).length;
  }

  tokensUsed(serverId: string, since: Date): number {
    return this.rows.filter((r) => (r.server ?? 'srv') === serverId && r.at >= since).reduce((sum, r) => sum + (r.tokens ?? 0), 0);
  }
}

export type PolicyOverrides = Partial<Omit<EffectivePolicy, 'rateLimit'>> & { rateLimit?: Partial<EffectivePolicy['rateLimit']> };

export function policyWith(overrides: PolicyOverrides = {}): EffectivePolicy {
  const { rateLimit, ...rest } = overrides;
  return { ...BUILT_IN_DEFAULTS, ...rest, rateLimit: { ...BUILT_IN_DEFAULTS.rateLimit, ...rateLimit } };
}

export const CLIENT_PLAIN: ClientSamplingCapability = { supported: true, tools: false, context: false };
export const CLIENT_FULL: ClientSamplingCapability = { supported: true, tools: true, context: true };

export function ctxWith(
  overrides: PolicyOverrides = {},
  opts: { client?: ClientSamplingCapability; usage?: UsageSource; now?: Date } = {},
): PolicyContext {
  return {
    serverId: 'srv',
    sessionId: 'sess',
    era: '2025-11-25',
    policy: policyWith(overrides),
    client: opts.client ?? CLIENT_PLAIN,
    usage: opts.usage ?? new FakeUsage(),
    now: opts.now ?? NOW,
    // The fake history holds earlier requests only, not the one being evaluated.
    usageIncludesRequest: false,
  };
}

/** A minimal valid request; spread extra fields over it. */
export function request(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messages: [{ role: 'user', content: { type: 'text', text: 'Summarise this paragraph.' } }], maxTokens: 100, ...extra };
}

export function textRequest(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return request({ messages: [{ role: 'user', content: { type: 'text', text } }], ...extra });
}
