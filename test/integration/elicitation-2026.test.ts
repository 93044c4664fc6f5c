/**
 * Elicitation in both eras through the real gate, with a real SDK v2 server process
 * (test/fixtures/v2-sampling-server.ts) configured as a command and as a URL, and real SDK v2
 * clients pinned to 2026-07-28 (the server answers `input_required` with elicitation entries, the
 * client retries with `inputResponses`) or in legacy mode (the SDK's shim sends a 2025
 * `elicitation/create`), over the stdio bridge and the HTTP endpoint. The client answers when it
 * declared the mode; otherwise the gate's own form does and, in 2026, the gate retries the call
 * itself so the client sees only the final result.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, GATE_BIN, startFixtureHttp, startGate, waitFor } from '../fixtures/v2-processes.js';
import type { GateProc, Proc } from '../fixtures/v2-processes.js';
import { node22 } from '../support/conformance.js';

type EraName = '2026-07-28' | '2025-11-25';
type Via = 'stdio' | 'http';
interface Pending {
  id: string;
  kind: string;
  server: string;
  era: string;
  request: Record<string, unknown>;
  elicitation?: { answeredBy: string; mode: string; via: string };
}
interface Row {
  id: string;
  kind: string;
  era: string;
  outcome: string;
  decidedBy: string | null;
  answeredBy: string | null;
  response: unknown;
  detail: { via: string; answeredBy: string; mode: string } | null;
}

const entry = (id: string, extra: string, target: 'command' | 'url', url: string) =>
  target === 'command'
    ? `  ${id}:\n    command: ${JSON.stringify(node22())}\n    args: [${JSON.stringify(FIXTURE)}]\n${extra}`
    : `  ${id}:\n    url: ${JSON.stringify(url)}\n${extra}`;

const CONFIG = (url: string) => `
defaults:
  elicitation: { rateLimit: { perMinute: null, perHour: null } }
servers:
${(['command', 'url'] as const)
  .map((t) =>
    [
      entry(`v2${t}`, '', t, url),
      entry(`v2${t}-ask`, '    elicitation: { trust: ask }\n', t, url),
      entry(`v2${t}-deny`, '    elicitation: { trust: deny }\n', t, url),
    ].join('\n'),
  )
  .join('\n')}
`;

let gate: GateProc;
let fixtureHttp: { proc: Proc; url: string };

beforeAll(async () => {
  fixtureHttp = await startFixtureHttp();
  gate = await startGate(CONFIG(fixtureHttp.url));
});

afterAll(async () => {
  await gate?.stop();
  await fixtureHttp?.proc.stop();
});

const text = (r: unknown): string => ((r as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');

/** A v2 client; `elicitation`: the modes it declares and answers (none: it cannot elicit). */
async function connect(era: EraName, via: Via, serverId: string, modes: ('form' | 'url')[]): Promise<{ client: Client; asked: unknown[] }> {
  const elicitation = Object.fromEntries(modes.map((m) => [m, {}]));
  const client = new Client(
    { name: `elicit-${era}-${via}`, version: '1.0.0' },
    {
      capabilities: modes.length ? { elicitation } : {},
      ...(era === '2026-07-28' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
    },
  );
  const asked: unknown[] = [];
  if (modes.length) {
    client.setRequestHandler('elicitation/create', async (request) => {
      asked.push(request.params);
      return (request.params as { mode?: string }).mode === 'url' ? { action: 'accept' } : { action: 'accept', content: { name: 'Ada' } };
    });
  }
  const transport =
    via === 'stdio'
      ? new StdioClientTransport({ command: node22(), args: [GATE_BIN, 'connect', serverId, '--data-dir', gate.dataDir] })
      : new StreamableHTTPClientTransport(new URL(gate.mcpUrl(serverId)), { requestInit: { headers: { Authorization: `Bearer ${gate.token}` } } });
  await client.connect(transport);
  return { client, asked };
}

async function pendingFrom(server: string): Promise<Pending> {
  return waitFor(async () => (await gate.json<Pending[]>('pending')).find((p) => p.server === server && p.kind === 'elicitation'), `an elicitation from ${server}`);
}

async function row(id: string): Promise<Row> {
  return waitFor(async () => (await gate.json<Row[]>('history', '--kind', 'elicitation', '--limit', '100')).find((r) => r.id === id && r.outcome !== 'pending' && r.response !== null), `row ${id}`);
}

async function newestRow(server: string): Promise<Row> {
  return waitFor(async () => (await gate.json<(Row & { server: string })[]>('history', '--kind', 'elicitation', '--server', server, '--limit', '1'))[0], `a row of ${server}`);
}

const combos: [EraName, Via, 'command' | 'url'][] = [];
for (const era of ['2026-07-28', '2025-11-25'] as const) for (const via of ['stdio', 'http'] as const) for (const target of ['command', 'url'] as const) combos.push([era, via, target]);

describe.each(combos)('%s client over %s to a %s server', (era, via, target) => {
  const via2026 = era === '2026-07-28' ? 'input-required' : 'request';

  it('the client answers: checked, recorded with its era and way in, the answer reaches the server', async () => {
    const { client, asked } = await connect(era, via, `v2${target}`, ['form', 'url']);
    try {
      const result = await client.callTool({ name: 'test_input_required_result_elicitation', arguments: {} });
      expect(text(result)).toBe('Hello, Ada!');
      expect(asked).toHaveLength(1);
      const r = await newestRow(`v2${target}`);
      expect(r).toMatchObject({ kind: 'elicitation', era, outcome: 'auto-approved', answeredBy: 'client', response: { action: 'accept', content: { name: 'Ada' } }, detail: { via: via2026, answeredBy: 'client' } });
    } finally {
      await client.close();
    }
  });

  it('a client that cannot elicit: the gate offers it, the user answers in the gate, the client sees only the result', async () => {
    const { client } = await connect(era, via, `v2${target}`, []);
    try {
      const call = client.callTool({ name: 'test_input_required_result_elicitation', arguments: {} });
      const p = await pendingFrom(`v2${target}`);
      expect(p).toMatchObject({ era, elicitation: { answeredBy: 'gate', via: via2026 } });
      const file = join(gate.dataDir, `answer-${p.id}.json`);
      writeFileSync(file, JSON.stringify({ name: 'Grace' }));
      const ok = await gate.cli('approve', p.id, '--answer', file);
      expect(ok.code, ok.stderr).toBe(0);
      expect(text(await call)).toBe('Hello, Grace!');
      expect(await row(p.id)).toMatchObject({ outcome: 'approved', decidedBy: 'user', answeredBy: 'gate', response: { action: 'accept', content: { name: 'Grace' } } });
    } finally {
      await client.close();
    }
  });

  it('trust ask: held until forwarded to the client', async () => {
    const { client, asked } = await connect(era, via, `v2${target}-ask`, ['form']);
    try {
      const call = client.callTool({ name: 'test_input_required_result_elicitation', arguments: {} });
      const p = await pendingFrom(`v2${target}-ask`);
      expect(asked).toHaveLength(0);
      expect((await gate.cli('approve', p.id)).code).toBe(0);
      expect(text(await call)).toBe('Hello, Ada!');
      expect(await row(p.id)).toMatchObject({ outcome: 'approved', decidedBy: 'user', answeredBy: 'client' });
    } finally {
      await client.close();
    }
  });

  it('URL mode: shown to the client that declared it, consented in the gate for one that did not', async () => {
    for (const modes of [['form', 'url'], ['form']] as ('form' | 'url')[][]) {
      const { client, asked } = await connect(era, via, `v2${target}`, modes);
      try {
        const call = client.callTool({ name: 'connect_account', arguments: { url: 'https://accounts.example.com/connect' } });
        if (modes.includes('url')) {
          expect(text(await call)).toBe('link: accept');
          expect(asked[0]).toMatchObject({ mode: 'url', url: 'https://accounts.example.com/connect' });
        } else {
          const p = await pendingFrom(`v2${target}`);
          expect(p.elicitation).toMatchObject({ mode: 'url', answeredBy: 'gate' });
          expect((await gate.cli('approve', p.id)).code).toBe(0);
          expect(text(await call)).toBe('link: accept');
        }
      } finally {
        await client.close();
      }
    }
  });

  it('trust deny: the server hears a decline (2026: an inputResponses entry; 2025: the denial), never the client', async () => {
    const { client, asked } = await connect(era, via, `v2${target}-deny`, ['form', 'url']);
    try {
      const result = await client.callTool({ name: 'connect_account', arguments: { url: 'https://accounts.example.com/connect' } });
      if (era === '2026-07-28') expect(text(result)).toBe('link: decline');
      else expect((result as { isError?: boolean }).isError).toBe(true);
      expect(asked).toHaveLength(0);
      expect(await newestRow(`v2${target}-deny`)).toMatchObject({ outcome: 'auto-denied', rule: 'elicitation.trust.deny' });
    } finally {
      await client.close();
    }
  });
});

describe('a 2026 server that asks again after every answer', () => {
  it('is cut off after a bounded number of rounds the gate answered itself', async () => {
    const { client } = await connect('2026-07-28', 'stdio', 'v2command-deny', ['form']);
    try {
      const result = await client.callTool({ name: 'test_input_required_result_elicitation', arguments: {} });
      expect((result as { isError?: boolean }).isError).toBe(true);
      expect(text(result)).toContain('kept asking for input after 8 rounds');
    } finally {
      await client.close();
    }
  });
});
