/**
 * Grants (issue 23): the user decides once for what they would otherwise approve again and again.
 * "Approve for this session" covers later requests of the same client session from that server;
 * "for N minutes" covers the server's requests until it expires. Every grant covers one kind and the
 * request's shape as approved (tools, includeContext, media): a request that adds to it, or carries a
 * high risk flag, asks again. Grants live in memory (a restart ends them); "Always" and "Never" are
 * the server's trust, written to config.yaml.
 */
import { z } from 'zod';
import type { HoldKind } from './types.js';

/** The most a timed grant may last. */
export const MAX_GRANT_MINUTES = 24 * 60;

export const GrantRequestSchema = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('session') }).strict(),
  z.object({ scope: z.literal('minutes'), minutes: z.number().int().min(1).max(MAX_GRANT_MINUTES) }).strict(),
  z.object({ scope: z.literal('always') }).strict(),
]);
export type GrantRequest = z.infer<typeof GrantRequestSchema>;

export type GrantScope = { type: 'session'; sessionId: string } | { type: 'minutes'; minutes: number; expiresAt: string };

export interface Grant {
  id: string;
  server: string;
  kind: HoldKind;
  scope: GrantScope;
  /** The request shape approved: a later request may carry these and nothing more ("tools", "includeContext:thisServer", "media:image/png", "mode:url", "host:example.com"). */
  features: string[];
  createdAt: string;
  /** The request whose approval made it. */
  fromEventId: string;
  /** Requests it approved since. */
  uses: number;
}

/** How the grant reads in a row's `decidedBy`. */
export function grantDecidedBy(g: Grant): 'user (session)' | 'user (timed)' {
  return g.scope.type === 'session' ? 'user (session)' : 'user (timed)';
}

/** One line for a grant, for the CLI and the Servers view. */
export function describeGrant(g: Grant): string {
  const scope = g.scope.type === 'session' ? `this session (${g.scope.sessionId.slice(0, 8)})` : `until ${g.scope.expiresAt.slice(11, 16)} UTC (${g.scope.minutes} min)`;
  const shape = g.features.length ? `, with ${g.features.join(', ')}` : '';
  return `${g.kind} for ${scope}${shape}; used ${g.uses}×`;
}
