import { describe, expect, it } from 'vitest';
import { evaluateRequest } from '../../../core/policy/evaluate.js';
import type { UsageSource } from '../../../core/policy/types.js';
import { FakeUsage, NOW, ctxWith, request } from './helpers.js';
import type { PolicyOverrides } from './helpers.js';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

function verdictOf(usage: UsageSource, overrides: PolicyOverrides = {}, params = request(), now = NOW) {
  return evaluateRequest(params, ctxWith(overrides, { usage, now })).verdict;
}

describe('rate limits', () => {
  it('perMinute: denies the 6th request within a minute, allows it once the first leaves the window', () => {
    const u = new FakeUsage().add(5, 30 * SEC);
    expect(verdictOf(u, { rateLimit: { perMinute: 5 } })).toMatchObject({ action: 'deny', rule: 'limit.perMinute', code: -1 });
    expect(verdictOf(u, { rateLimit: { perMinute: 6 } }).action).toBe('ask');
    // 61 s later the window is empty again.
    expect(verdictOf(u, { rateLimit: { perMinute: 5 } }, request(), new Date(NOW.getTime() + 31 * SEC)).action).toBe('ask');
  });

  it('perHour counts the last 60 minutes', () => {
    const limits = { rateLimit: { perHour: 60, perSession: null } };
    expect(verdictOf(new FakeUsage().add(60, 30 * MIN), limits).rule).toBe('limit.perHour');
    expect(verdictOf(new FakeUsage().add(60, 61 * MIN), limits).action).toBe('ask');
  });

  it('perDay counts the last 24 hours', () => {
    const limits = { rateLimit: { perDay: 300, perSession: null } };
    expect(verdictOf(new FakeUsage().add(300, 5 * HOUR), limits).rule).toBe('limit.perDay');
    expect(verdictOf(new FakeUsage().add(300, 25 * HOUR), limits).action).toBe('ask');
  });

  it('perSession counts only this client session, at any age', () => {
    const u = new FakeUsage().add(50, 48 * HOUR, { session: 'sess' });
    expect(verdictOf(u, { rateLimit: { perSession: 50 } }).rule).toBe('limit.perSession');
    const other = new FakeUsage().add(50, 48 * HOUR, { session: 'other' });
    expect(verdictOf(other, { rateLimit: { perSession: 50 } }).action).toBe('ask');
  });

  it('counts only this server', () => {
    expect(verdictOf(new FakeUsage().add(10, SEC, { server: 'other' }), { rateLimit: { perMinute: 1 } }).action).toBe('ask');
  });

  it('a null limit never denies', () => {
    const u = new FakeUsage().add(1000, SEC);
    expect(verdictOf(u, { rateLimit: { perMinute: null, perHour: null, perDay: null, perSession: null } }).action).toBe('ask');
  });

  it('denies a flood from a trusted server at once (no human involved)', () => {
    const u = new FakeUsage().add(5, SEC);
    expect(verdictOf(u, { trust: 'trust' })).toMatchObject({ action: 'deny', rule: 'limit.perMinute' });
  });

  it('fails closed when history cannot be read', () => {
    const broken: UsageSource = {
      countRequests: () => {
        throw new Error('database is locked');
      },
      tokensUsed: () => 0,
    };
    expect(verdictOf(broken)).toMatchObject({ action: 'deny', rule: 'limit.unavailable' });
  });
});

describe('daily token budget', () => {
  it('denies when used + requested maxTokens exceeds the budget', () => {
    const u = new FakeUsage().add(1, 2 * HOUR, { tokens: 9_950 });
    expect(verdictOf(u, { tokenBudgetPerDay: 10_000 }, request({ maxTokens: 100 }))).toMatchObject({ action: 'deny', rule: 'limit.tokenBudgetPerDay' });
    expect(verdictOf(u, { tokenBudgetPerDay: 10_000 }, request({ maxTokens: 50 })).action).toBe('ask');
  });
  it('forgets tokens older than 24 hours', () => {
    const u = new FakeUsage().add(1, 25 * HOUR, { tokens: 1_000_000 });
    expect(verdictOf(u, { tokenBudgetPerDay: 10_000 }).action).toBe('ask');
  });
  it('a null budget never denies', () => {
    expect(verdictOf(new FakeUsage().add(1, SEC, { tokens: 1e9 }), { tokenBudgetPerDay: null }).action).toBe('ask');
  });
  it('rate limits are checked before the budget', () => {
    const u = new FakeUsage().add(5, SEC, { tokens: 1e9 });
    expect(verdictOf(u, { tokenBudgetPerDay: 10 }).rule).toBe('limit.perMinute');
  });
});

describe('usage snapshot', () => {
  it('reports used and limit for every window', () => {
    const u = new FakeUsage().add(2, 10 * SEC, { tokens: 100 }).add(3, 2 * HOUR, { tokens: 50 }).add(1, 30 * HOUR, { session: 'sess' });
    // Request windows count this request too; tokens are what was charged before it.
    expect(verdictOf(u).usage).toEqual({
      minute: { used: 3, limit: 5 },
      hour: { used: 3, limit: 60 },
      day: { used: 6, limit: 300 },
      session: { used: 7, limit: 50 },
      tokensToday: { used: 350, limit: 200000 },
    });
  });
  it('counts the request once when the caller recorded it in history first (the sampling hold)', () => {
    // History as the hold leaves it: 4 earlier requests plus this one, already inserted.
    const u = new FakeUsage().add(4, 10 * SEC).add(1, 0);
    const ctx = { ...ctxWith({ rateLimit: { perMinute: 5 } }, { usage: u }), usageIncludesRequest: undefined };
    const first = evaluateRequest(request(), ctx).verdict;
    expect(first.action).toBe('ask');
    expect(first.usage?.minute).toEqual({ used: 5, limit: 5 });
    u.add(1, 0);
    expect(evaluateRequest(request(), ctx).verdict).toMatchObject({ action: 'deny', rule: 'limit.perMinute' });
  });
  it('is null when the request was denied before limits', () => {
    expect(verdictOf(new FakeUsage(), { trust: 'deny' }).usage).toBeNull();
  });
});
