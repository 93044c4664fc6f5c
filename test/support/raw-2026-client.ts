/**
 * A raw 2026-07-28 client for tests of wire shapes no SDK client speaks yet (the tasks extension):
 * each request carries the `_meta` protocol-version claim and client capabilities, over the gate's
 * stdio bridge (newline-delimited JSON) or its HTTP endpoint (one stateless POST per request, with
 * the MCP-Protocol-Version, Mcp-Method and Mcp-Name headers a 2026 client sends).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { GATE_BIN } from './sampling-client.js';

export type Msg = Record<string, unknown> & { jsonrpc: '2.0' };
export interface RawClient {
  rpc(method: string, params?: Record<string, unknown>): Promise<Msg>;
  /** A request whose answer is an SSE stream kept open (subscriptions/listen): its messages as they come. */
  stream?(method: string, params: Record<string, unknown>, onMessage: (m: Msg) => void): { close(): void };
  notifications: Msg[];
  close(): Promise<void>;
}

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
const meta = (capabilities: Record<string, unknown>) => ({ 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': capabilities });

function nameOf(method: string, params: Record<string, unknown>): unknown {
  if (method.startsWith('tasks/')) return params.taskId;
  if (method === 'tools/call' || method === 'prompts/get') return params.name;
  return undefined;
}

/** Through `sampling-gate connect <serverId>`. */
export function stdioClient(node: string, dataDir: string, serverId: string, capabilities: Record<string, unknown>): RawClient {
  const child = spawn(node, [GATE_BIN, 'connect', serverId, '--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.resume();
  const waiting = new Map<unknown, (m: Msg) => void>();
  const notifications: Msg[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    let m: Msg;
    try {
      m = JSON.parse(line) as Msg;
    } catch {
      return;
    }
    if ('id' in m && ('result' in m || 'error' in m)) waiting.get(m.id)?.(m);
    else if (!('id' in m)) notifications.push(m);
  });
  let id = 0;
  return {
    notifications,
    rpc(method, params = {}) {
      const rid = ++id;
      return new Promise((resolve) => {
        waiting.set(rid, (m) => {
          waiting.delete(rid);
          resolve(m);
        });
        child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: rid, method, params: { ...params, _meta: meta(capabilities) } }) + '\n');
      });
    },
    async close() {
      child.stdin.end();
      await new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    },
  };
}

/** Through the gate's HTTP endpoint, `url` = gate.mcpUrl(serverId). */
export function httpClient(url: string, token: string, capabilities: Record<string, unknown>): RawClient {
  let id = 0;
  const notifications: Msg[] = [];
  const controllers = new Set<AbortController>();
  const post = (method: string, params: Record<string, unknown>, signal?: AbortSignal) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
    };
    const name = nameOf(method, params);
    if (typeof name === 'string') headers['mcp-name'] = name;
    const body = { jsonrpc: '2.0', id: ++id, method, params: { ...params, _meta: meta(capabilities) } };
    return fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
  };
  const events = async (response: Response, onMessage: (m: Msg) => void): Promise<void> => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.replace(/^data: ?/, ''))
          .join('\n');
        buffer = buffer.slice(end + 2);
        if (data) onMessage(JSON.parse(data) as Msg);
      }
    }
  };
  return {
    notifications,
    async rpc(method, params = {}) {
      const response = await post(method, params);
      if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        let answer: Msg | undefined;
        await events(response, (m) => {
          if ('id' in m) answer = m;
          else notifications.push(m);
        });
        return answer!;
      }
      return (await response.json()) as Msg;
    },
    stream(method, params, onMessage) {
      const controller = new AbortController();
      controllers.add(controller);
      void post(method, params, controller.signal)
        .then((response) => events(response, onMessage))
        .catch(() => {});
      return { close: () => controller.abort() };
    },
    async close() {
      for (const c of controllers) c.abort();
    },
  };
}
