/**
 * The HTTP endpoint's door (CONTRACT.md section 3): 127.0.0.1 only, Host must name the gate, a
 * present Origin must be allow-listed (403), and the bearer token must match (401). `?token=` works
 * for clients that cannot set headers, and the token never appears in the gate's log.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, EVERYTHING, textOf } from '../support/sampling-client.js';
import { serverEntry, startGate, tempDataDir, type RunningGate } from '../support/gate.js';

let gate: RunningGate;
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } } });

beforeAll(async () => {
  gate = await startGate(
    tempDataDir(`ui:
  allowedOrigins: ["http://allowed.example"]
servers:
  everything:
${serverEntry(EVERYTHING, ['stdio'])}
`),
  );
});
afterAll(async () => {
  await gate?.stop();
  gate?.remove();
});

function post(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(path, gate.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path: url.pathname + url.search, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(INIT);
  });
}

describe('HTTP endpoint access', () => {
  const mcp = '/servers/everything/mcp';

  it('401 without a token and with a wrong one', async () => {
    expect((await post(mcp, {})).status).toBe(401);
    expect((await post(mcp, { authorization: 'Bearer wrong-token' })).status).toBe(401);
    expect((await post(`${mcp}?token=wrong`, {})).status).toBe(401);
    expect((await post('/api/call', {})).status).toBe(401);
  });

  it('403 for a foreign Host or Origin, even with the right token', async () => {
    const auth = { authorization: `Bearer ${gate.token}` };
    expect((await post(mcp, { ...auth, host: 'evil.example:80' })).status).toBe(403);
    expect((await post(mcp, { ...auth, host: `attacker.example:${new URL(gate.url).port}` })).status).toBe(403);
    expect((await post(mcp, { ...auth, origin: 'http://evil.example' })).status).toBe(403);
  });

  it('accepts the token as a header or as ?token=, and an allow-listed Origin', async () => {
    expect((await post(mcp, { authorization: `Bearer ${gate.token}` })).status).toBe(200);
    expect((await post(`${mcp}?token=${encodeURIComponent(gate.token)}`, {})).status).toBe(200);
    expect((await post(mcp, { authorization: `Bearer ${gate.token}`, origin: 'http://allowed.example' })).status).toBe(200);
    expect((await post(mcp, { authorization: `Bearer ${gate.token}`, host: `localhost:${new URL(gate.url).port}` })).status).toBe(200);
  });

  it('404 for an unknown server, and a real client works with ?token=', async () => {
    expect((await post(`/servers/nope/mcp`, { authorization: `Bearer ${gate.token}` })).status).toBe(404);
    const c = await connectClient({ via: 'http', url: `${gate.mcpUrl('everything')}?token=${encodeURIComponent(gate.token)}`, token: 'ignored-header-is-wrong' }, {}).catch(() => null);
    // The header (wrong) wins over the query: a client that sends one means it.
    expect(c).toBeNull();
    const ok = await connectClient({ via: 'http', url: `${gate.mcpUrl('everything')}?token=${encodeURIComponent(gate.token)}`, token: gate.token });
    try {
      expect(textOf(await ok.call('echo', { message: 'q' }))).toBe('Echo: q');
    } finally {
      await ok.close();
    }
  });

  it('never writes the token to its log', () => {
    expect(gate.output()).not.toContain(gate.token);
  });
});
