/**
 * The HTTP floor of the relay bench: a trivial raw HTTP responder that answers every JSON-RPC
 * request with JSON at once (initialize, tools/call as server-everything's echo would), no SDK, no
 * MCP server behind it. The SDK's Streamable HTTP client against it is what an HTTP round trip
 * costs at least; that plus a stdio server's own round trip (route (a)) is the least the gate's
 * endpoint in front of that stdio server can cost. Prints `listening <port>` on 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type Msg = { id?: string | number; method?: string; params?: { protocolVersion?: string; arguments?: { message?: string } } };

const server = createServer((req, res) => {
  if (req.method !== 'POST') return void res.writeHead(req.method === 'DELETE' ? 200 : 405).end();
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const m = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Msg;
    if (m.id === undefined) return void res.writeHead(202).end();
    const result =
      m.method === 'initialize'
        ? { protocolVersion: m.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'json-responder', version: '1.0.0' } }
        : m.method === 'tools/call'
          ? { content: [{ type: 'text', text: `Echo: ${m.params?.arguments?.message ?? ''}` }] }
          : {};
    const body = JSON.stringify({ jsonrpc: '2.0', id: m.id, result });
    const session = m.method === 'initialize' ? { 'mcp-session-id': 'json-responder' } : {};
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...session }).end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
