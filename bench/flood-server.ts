/**
 * A minimal MCP server for the load bench, speaking newline-delimited JSON-RPC on stdio without an
 * SDK (so the server itself costs next to nothing). One tool:
 *   flood {n}: sends n `sampling/createMessage` requests at once and answers, once every one of them
 *   has been answered, with how many got a completion and how many an error.
 * Run by the gate as a command server: `node out/node/bench/flood-server.js`.
 */
import { realisticRequest } from './requests.js';

type Msg = { jsonrpc: '2.0'; id?: string | number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: unknown };

const REQUEST = realisticRequest();
const waiting = new Map<string, { callId: string | number; left: number; ok: number; refused: number }>();
let next = 0;

function send(m: Msg): void {
  process.stdout.write(JSON.stringify(m) + '\n');
}

function onMessage(m: Msg): void {
  if (m.method === 'initialize') {
    send({ jsonrpc: '2.0', id: m.id!, result: { protocolVersion: (m.params?.protocolVersion as string) ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'bench-flood', version: '1.0.0' } } });
    return;
  }
  if (m.method === 'tools/list') {
    send({ jsonrpc: '2.0', id: m.id!, result: { tools: [{ name: 'flood', description: 'n sampling requests at once', inputSchema: { type: 'object', properties: { n: { type: 'number' } } } }] } });
    return;
  }
  if (m.method === 'tools/call') {
    const n = Number((m.params?.arguments as { n?: unknown } | undefined)?.n ?? 1);
    const call = `c${next++}`;
    waiting.set(call, { callId: m.id!, left: n, ok: 0, refused: 0 });
    // One write for the whole flood, as a server that fires them in a loop would produce.
    let out = '';
    for (let i = 0; i < n; i++) out += JSON.stringify({ jsonrpc: '2.0', id: `${call}-${i}`, method: 'sampling/createMessage', params: REQUEST }) + '\n';
    process.stdout.write(out);
    return;
  }
  if (m.id !== undefined && ('result' in m || 'error' in m) && typeof m.id === 'string') {
    const call = waiting.get(m.id.slice(0, m.id.indexOf('-')));
    if (!call) return;
    if ('result' in m) call.ok++;
    else call.refused++;
    if (--call.left === 0) {
      waiting.delete(m.id.slice(0, m.id.indexOf('-')));
      send({ jsonrpc: '2.0', id: call.callId, result: { content: [{ type: 'text', text: JSON.stringify({ ok: call.ok, refused: call.refused }) }] } });
    }
    return;
  }
  if (m.id !== undefined && m.method) send({ jsonrpc: '2.0', id: m.id, result: {} });
}

let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  let nl: number;
  while ((nl = buffered.indexOf('\n')) !== -1) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    if (line.trim()) onMessage(JSON.parse(line) as Msg);
  }
});
process.stdin.on('end', () => process.exit(0));
