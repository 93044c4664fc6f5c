/**
 * `pending`, `approve`, `deny`: deciding from a terminal, through the running gate. Every kind of
 * held request: sampling (approve, --edit, deny), elicitation (forward to the client or deny it;
 * when the gate answers, approve --answer FILE.json with the form's content, approve to consent to a
 * URL or accept a form's defaults, deny to decline).
 */
import type { GrantRequest } from '../../shared/grants.js';
import { readFileSync } from 'node:fs';
import { checkContent, parseRequestedSchema } from '../../shared/elicitation-form.js';
import type { Result } from '../../shared/result.js';
import type { PendingRequest } from '../../shared/types.js';
import { callGate } from '../control-client.js';
import { oneLine, printJson, printTable, promptPreview } from '../output.js';

export async function pending(socket: string, json: boolean): Promise<number> {
  const r = await callGate(socket, 'approvals.list', {});
  if (!r.ok) return failed(r);
  if (json) {
    printJson(
      r.value.map((p) => ({
        id: p.id,
        kind: p.kind,
        server: p.server,
        sessionId: p.sessionId,
        receivedAt: p.receivedAt,
        expiresAt: p.expiresAt,
        stage: p.stage,
        era: p.era,
        request: p.request,
        response: p.response,
        flags: p.flags,
        ...(p.answer ? { answer: p.answer } : {}),
        ...(p.elicitation ? { elicitation: p.elicitation } : {}),
      })),
    );
    return 0;
  }
  if (r.value.length === 0) {
    process.stdout.write('no requests are waiting\n');
    return 0;
  }
  printTable(
    ['ID', 'KIND', 'SERVER', 'STAGE', 'RECEIVED', 'ANSWERED BY', 'FLAGS', 'PROMPT / MESSAGE'],
    r.value.map((p) => [p.id, p.kind, p.server, p.stage, p.receivedAt, answeredBy(p), p.flags.map((f) => f.id).join(' '), promptPreview(p.request, p.kind)]),
  );
  return 0;
}

function answeredBy(p: PendingRequest): string {
  if (p.kind === 'elicitation') return p.elicitation?.answeredBy === 'gate' ? 'you (--answer)' : 'client';
  return p.answer ? `provider:${p.answer.providerId}` : 'client';
}

export async function approve(socket: string, id: string, editFile: string | undefined, answerFile?: string, grant?: GrantRequest): Promise<number> {
  const list = await callGate(socket, 'approvals.list', {});
  if (!list.ok) return failed(list);
  const entry = list.value.find((p) => p.id === id);
  let r: Result<{ id: string }>;
  if (answerFile !== undefined) {
    const content = readJsonObject(answerFile, 'the form\'s content: an object of field values');
    if (content === null) return 1;
    if (!entry) return failed({ ok: false, error: { message: `no pending request ${id} (already decided, timed out or cancelled)` } });
    if (entry.kind !== 'elicitation' || entry.elicitation?.answeredBy !== 'gate') {
      process.stderr.write(`sampling-gate: ${id} is not a form the gate answers: --answer is for elicitations answered in the gate\n`);
      return 1;
    }
    // Checked here first, so a wrong type or a missing field is named and nothing is sent.
    const form = parseRequestedSchema(entry.request.requestedSchema);
    if (form.ok) {
      const withDefaults = { ...Object.fromEntries(form.fields.filter((f) => f.default !== undefined).map((f) => [f.name, f.default])), ...content };
      const checked = checkContent(form.fields, withDefaults);
      if (!checked.ok) {
        process.stderr.write(`sampling-gate: ${answerFile}: ${checked.reason}; nothing was sent\n`);
        return 1;
      }
    }
    r = await callGate(socket, 'approvals.decide', { id, decision: { kind: 'answer', action: 'accept', content } });
  } else if (editFile !== undefined) {
    let edited: unknown;
    try {
      edited = JSON.parse(readFileSync(editFile, 'utf8'));
    } catch (err) {
      process.stderr.write(`sampling-gate: cannot read ${editFile} as JSON: ${(err as Error).message}\n`);
      return 1;
    }
    if (typeof edited !== 'object' || edited === null || Array.isArray(edited)) {
      process.stderr.write(`sampling-gate: ${editFile} must hold the whole edited ${entry?.stage === 'response' ? 'completion' : 'sampling params'} object\n`);
      return 1;
    }
    r = entry?.stage === 'response'
      ? await callGate(socket, 'approvals.review', { id, decision: { kind: 'approve-edited', response: edited as Record<string, unknown> } })
      : await callGate(socket, 'approvals.decide', { id, decision: { kind: 'approve-edited', request: edited as Record<string, unknown> } });
  } else {
    if (grant && entry?.stage === 'response') {
      process.stderr.write(`sampling-gate: ${id} is a completion under review: --session, --for and --always are for requests\n`);
      return 1;
    }
    r = entry?.stage === 'response'
      ? await callGate(socket, 'approvals.review', { id, decision: { kind: 'approve' } })
      : await callGate(socket, 'approvals.decide', { id, decision: { kind: 'approve', ...(grant ? { grant } : {}) } });
  }
  if (!r.ok) return failed(r);
  if (grant) process.stdout.write(`${grantLine(grant, entry?.server ?? 'its server')}\n`);
  const url = entry?.elicitation?.answeredBy === 'gate' ? entry.elicitation.url : undefined;
  process.stdout.write(`approved ${id}${editFile ? ' (edited)' : answerFile ? ' (answered)' : ''}\n`);
  // The terminal cannot open a browser for the user: it shows the URL they consented to.
  if (url) process.stdout.write(`open this URL yourself: ${url.href}${url.punycode ? `  (its host ${url.asciiHost} reads as ${url.unicodeHost})` : ''}\n`);
  return 0;
}

/** A JSON object from `file`, or null after saying on stderr why not. */
function readJsonObject(file: string, what: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    process.stderr.write(`sampling-gate: cannot read ${file} as JSON: ${(err as Error).message}\n`);
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    process.stderr.write(`sampling-gate: ${file} must hold ${what}\n`);
    return null;
  }
  return value as Record<string, unknown>;
}

export async function deny(socket: string, id: string, reason: string | undefined, never = false): Promise<number> {
  const list = await callGate(socket, 'approvals.list', {});
  if (!list.ok) return failed(list);
  const entry = list.value.find((p) => p.id === id);
  const stage = entry?.stage;
  if (never && stage === 'response') {
    process.stderr.write(`sampling-gate: ${id} is a completion under review: --never is for requests\n`);
    return 1;
  }
  const decision = { kind: 'deny' as const, ...(reason ? { reason } : {}), ...(never ? { never: true as const } : {}) };
  const r = stage === 'response' ? await callGate(socket, 'approvals.review', { id, decision }) : await callGate(socket, 'approvals.decide', { id, decision });
  if (!r.ok) return failed(r);
  process.stdout.write(`denied ${id}${reason ? `: ${oneLine(reason)}` : ''}\n`);
  if (never) process.stdout.write(`${entry?.server ?? 'its server'} is now set to trust: deny\n`);
  return 0;
}

function grantLine(g: GrantRequest, server: string): string {
  if (g.scope === 'always') return `${server} is now set to trust: trust`;
  if (g.scope === 'session') return `later requests of this client session from ${server} are approved too (revoke: sampling-gate grants revoke --server ${server})`;
  return `${server}'s requests are approved for ${g.minutes} min (revoke: sampling-gate grants revoke --server ${server})`;
}

/**
 * Several requests, or every one waiting (`--all`, of one server with `--server`), in one call to
 * the gate (issue 10) — not one process and one round trip each. A line per request decided; one
 * on stderr per request that was not (already decided, timed out); exit 1 if any was not.
 */
export async function decideMany(
  socket: string,
  verb: 'approve' | 'deny',
  targets: { ids: string[]; server?: string } | { all: true; server?: string },
  reason: string | undefined,
): Promise<number> {
  const decision = verb === 'approve' ? { kind: 'approve' as const } : { kind: 'deny' as const, ...(reason ? { reason } : {}) };
  const r = await callGate(socket, 'approvals.decideMany', { ...targets, decision });
  if (!r.ok) return failed(r);
  const done = verb === 'approve' ? 'approved' : 'denied';
  for (const id of r.value.decided) process.stdout.write(`${done} ${id}${verb === 'deny' && reason ? `: ${oneLine(reason)}` : ''}\n`);
  for (const f of r.value.failed) process.stderr.write(`sampling-gate: ${f.id}: ${f.message}\n`);
  if (r.value.decided.length === 0 && r.value.failed.length === 0) process.stdout.write(`no requests are waiting${targets.server ? ` from ${targets.server}` : ''}\n`);
  return r.value.failed.length > 0 ? 1 : 0;
}

export function failed(r: { ok: false; error: { message: string } }): number {
  process.stderr.write(`sampling-gate: ${r.error.message}\n`);
  return 1;
}
