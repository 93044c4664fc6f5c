/**
 * Malformed input from either side gets a JSON-RPC error or is dropped with a log line, and the gate
 * keeps serving: the same session goes on, and so do other sessions.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, GATE_BIN, RAW_SERVER, textOf } from '../support/sampling-client.js';
import { runCli, serverEntry, startGate, tempDataDir, waitFor, type RunningGate } from '../support/gate.js';

let gate: RunningGate;

beforeAll(async () => {
  gate = await startGate(
    tempDataDir(`servers:
  raw:
${serverEntry(RAW_SERVER, [], '    trust: trust\n')}
  missing:
    command: /nonexistent/mcp-server
  crashy:
    command: ${JSON.stringify(process.execPath)}
    args: ["-e", "setTimeout(() => { console.error('fatal: boom'); process.exit(3); }, 300)"]
`),
  );
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
});

/** A hand-driven stdio client: the bridge process, raw lines in, parsed lines out. */
function rawBridge(): { child: ChildProcessWithoutNullStreams; lines: unknown[]; write(s: string): void; next(pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> } {
  const child = spawn(process.execPath, [GATE_BIN, 'connect', 'raw', '--data-dir', gate.dataDir]);
  const lines: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout }).on('line', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  return {
    child,
    lines,
    write: (s) => child.stdin.write(s),
    next: (pred) => waitFor(async () => lines.find(pred), 'a matching line from the gate'),
  };
}

const init = (id: number): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: { sampling: {} }, clientInfo: { name: 'raw', version: '1' } } }) + '\n';

describe('malformed input', () => {
  it('from the client: not JSON, not JSON-RPC and an oversized line each get an error; the session goes on', async () => {
    const other = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' });
    const b = rawBridge();
    try {
      b.write(init(1));
      await b.next((m) => m.id === 1 && 'result' in m);
      b.write('this is not json\n');
      expect(await b.next((m) => (m.error as { code?: number } | undefined)?.code === -32700)).toMatchObject({ id: null });
      b.write('{"jsonrpc":"2.0","wrong":"shape"}\n');
      expect(await b.next((m) => (m.error as { code?: number } | undefined)?.code === -32600)).toMatchObject({ id: null });
      b.write('{"jsonrpc":"2.0","id":7,"method":"ping","params":{"pad":"' + 'x'.repeat(17 * 1024 * 1024) + '"}}\n');
      await b.next((m) => /larger than/.test(String((m.error as { message?: string } | undefined)?.message)));
      b.write(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'capabilities', arguments: {} } }) + '\n');
      expect(await b.next((m) => m.id === 2)).toHaveProperty('result');
      // Another session was never disturbed.
      expect(textOf(await other.call('capabilities'))).toContain('sampling');
      expect(gate.output()).toMatch(/malformed message from stdio client/);
    } finally {
      b.child.kill();
      await other.close();
    }
  });

  it('from the server: garbage lines are dropped with a log line and the answer still arrives', async () => {
    const c = await connectClient({ via: 'stdio', dataDir: gate.dataDir, serverId: 'raw' });
    try {
      expect(textOf(await c.call('garbage'))).toBe('after garbage');
      expect(textOf(await c.call('capabilities'))).toContain('sampling');
      expect(gate.output()).toMatch(/\[raw\] server transport/);
    } finally {
      await c.close();
    }
  });

  it('invalid sampling params from the server: a JSON-RPC error to the server and a history row', async () => {
    const c = await connectClient({ via: 'http', url: gate.mcpUrl('raw'), token: gate.token });
    try {
      const r = await c.call('sample', { params: { messages: 'not a list', maxTokens: -5 } });
      expect(r.isError).toBe(true);
      const answer = JSON.parse(textOf(r)) as { error: { code: number; data: { rule: string } } };
      expect(answer.error.code).toBe(-32602);
      const [row] = await gate.api('history.query', { query: { server: 'raw', limit: 1 } });
      expect(row).toMatchObject({ outcome: 'auto-denied', decidedBy: 'policy' });
      expect(row!.rule).toMatch(/^protocol\./);
      expect(row!.request).toEqual({ messages: 'not a list', maxTokens: -5 });
      expect(c.sampled).toHaveLength(0);
    } finally {
      await c.close();
    }
  });

  it('a non-JSON HTTP body gets -32700 and the endpoint keeps serving', async () => {
    const res = await fetch(gate.mcpUrl('raw'), { method: 'POST', headers: { authorization: `Bearer ${gate.token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{nope' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const c = await connectClient({ via: 'http', url: gate.mcpUrl('raw'), token: gate.token });
    await c.close();
  });

  it('a server that cannot start: connect exits 1 with one line naming it, and the servers view shows why', async () => {
    const r = await runCli(['connect', 'missing', '--data-dir', gate.dataDir], init(1));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/could not start server "missing" \(\/nonexistent\/mcp-server\): .*ENOENT/);
    const status = (await gate.api('servers.list', {})).find((s) => s.id === 'missing')!;
    expect(status.errors.at(-1)).toMatch(/ENOENT/);
    expect((await gate.cli('servers')).stdout).toMatch(/missing .*could not start server/);
  });

  it('a server that exits mid-request: the client gets an error naming it, not a silent hang-up', async () => {
    const b = spawn(process.execPath, [GATE_BIN, 'connect', 'crashy', '--data-dir', gate.dataDir]);
    let out = '';
    b.stdout.on('data', (d: Buffer) => (out += d.toString()));
    b.stdin.write(init(1));
    const code = await new Promise<number | null>((r) => b.on('close', r));
    expect(code).toBe(0);
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toMatchObject({ id: 1, error: { code: -32000, message: 'server "crashy" closed the connection before answering' } });
    const status = (await gate.api('servers.list', {})).find((s) => s.id === 'crashy')!;
    expect(status.errors.at(-1)).toMatch(/fatal: boom/);
  });
});
