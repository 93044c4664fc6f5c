/**
 * The 2025-11-25 tasks utility, receiver side: a server may send `sampling/createMessage` or
 * `elicitation/create` with `params.task`, get a CreateTaskResult at once, and fetch the answer
 * later with `tasks/result` (polling `tasks/get`, `tasks/list`, `tasks/cancel` meanwhile). The gate
 * is the receiver for every such request of a session: the request itself goes through the hold
 * like any other (the client answers it plainly, never as a task of its own), and the outcome —
 * the reviewed result, or the refusal as the JSON-RPC error the request would have had — becomes the
 * task's. So nothing a server asks comes back to it past the hold, and a review that takes minutes
 * does not time out a server waiting on an ordinary request.
 *
 * Semantics follow the spec (basic/utilities/tasks) and the official receiver binding
 * (@modelcontextprotocol/ext-tasks/receiver), which binds to an SDK Client's request handlers —
 * the relay passes raw JSON-RPC, so this is its counterpart: tasks start `working`; `tasks/result`
 * blocks until a terminal status and then returns exactly what the request would have; cancelling a
 * terminal task is -32602; an unknown id is -32602; tasks live for their ttl (the requested one,
 * within bounds) and are bound to the session that created them.
 */
import { randomUUID } from 'node:crypto';
import { Cancellation } from '../hold/cancellation.js';
import type { Completion } from '../hold/types.js';
import type { Msg, RpcId } from './envelope.js';

const RELATED_TASK = 'io.modelcontextprotocol/related-task';
/** The methods the gate receives as tasks, and the `tasks.requests` entry that offers each. */
export const TASK_REQUESTS = { 'sampling/createMessage': ['sampling', 'createMessage'], 'elicitation/create': ['elicitation', 'create'] } as const;
export const TASK_METHODS = new Set(['tasks/get', 'tasks/result', 'tasks/list', 'tasks/cancel']);
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
/** Retention when the server asks for none, and the most it may ask for. */
const DEFAULT_TTL_MS = 30 * 60 * 1000;
const MAX_TTL_MS = 24 * 60 * 60 * 1000;
const POLL_INTERVAL_MS = 1000;
const MAX_TASKS = 1000;
const PAGE_SIZE = 100;
const INVALID_PARAMS = -32602;

type Status = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

interface Task {
  taskId: string;
  status: Status;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttl: number;
  pollInterval: number;
}

interface Record_ {
  task: Task;
  /** What the request would have returned: set once terminal. */
  outcome?: { result: Record<string, unknown> } | { error: { code: number; message: string; data?: unknown } };
  /** tasks/result requests waiting for a terminal status. */
  waiting: RpcId[];
  controller: AbortController;
  expiry: NodeJS.Timeout;
}

export interface ReceiverContext {
  /** To the server: CreateTaskResult, tasks/* answers, status notifications. */
  send(m: Msg): void;
}

export class TaskReceiver {
  private readonly tasks = new Map<string, Record_>();

  constructor(private readonly ctx: ReceiverContext) {}

  /** The `tasks` capability the gate offers for the held methods among `methods`; undefined for none. */
  static capability(methods: (keyof typeof TASK_REQUESTS)[]): Record<string, unknown> | undefined {
    if (methods.length === 0) return undefined;
    const requests: Record<string, Record<string, object>> = {};
    for (const method of methods) {
      const [category, name] = TASK_REQUESTS[method];
      requests[category] = { [name]: {} };
    }
    return { list: {}, cancel: {}, requests };
  }

  /**
   * A task-augmented request accepted: the server gets its CreateTaskResult now; `run` holds the
   * request (its signal aborts on tasks/cancel, expiry, or the session's end) and its completion
   * becomes the task's outcome.
   */
  accept(request: Msg, run: (signal: AbortSignal) => Promise<Completion>): void {
    if (this.tasks.size >= MAX_TASKS && !this.evictOldestTerminal()) {
      return this.ctx.send({ jsonrpc: '2.0', id: request.id as RpcId, error: { code: -32603, message: `Sampling Gate holds ${MAX_TASKS} tasks for this session already; finish or cancel some first` } });
    }
    const now = new Date().toISOString();
    const requested = ((request.params as { task?: { ttl?: unknown } } | undefined)?.task ?? {}).ttl;
    const ttl = typeof requested === 'number' && Number.isInteger(requested) && requested > 0 ? Math.min(requested, MAX_TTL_MS) : DEFAULT_TTL_MS;
    const taskId = randomUUID();
    const record: Record_ = {
      task: { taskId, status: 'working', statusMessage: 'Held by Sampling Gate for review', createdAt: now, lastUpdatedAt: now, ttl, pollInterval: POLL_INTERVAL_MS },
      waiting: [],
      controller: new AbortController(),
      expiry: setTimeout(() => this.expire(taskId), ttl),
    };
    record.expiry.unref();
    this.tasks.set(taskId, record);
    this.ctx.send({ jsonrpc: '2.0', id: request.id as RpcId, result: { task: { ...record.task } } });
    void run(record.controller.signal).then(
      (completion) => this.settle(record, completion),
      (err: Error) => this.settle(record, { kind: 'refuse', refusal: { code: -32603, message: `the gate failed to process this request: ${err.message}`, data: { reason: err.message, eventId: '' } } }),
    );
  }

  /** A server's tasks/get, tasks/result, tasks/list or tasks/cancel. */
  answer(m: Msg): void {
    const id = m.id as RpcId;
    const params = (m.params ?? {}) as Record<string, unknown>;
    if (m.method === 'tasks/list') return this.list(id, params.cursor);
    const record = typeof params.taskId === 'string' ? this.tasks.get(params.taskId) : undefined;
    if (!record) return this.ctx.send({ jsonrpc: '2.0', id, error: { code: INVALID_PARAMS, message: `Failed to retrieve task: Task not found (${String(params.taskId).slice(0, 80)})` } });
    if (m.method === 'tasks/get') return this.ctx.send({ jsonrpc: '2.0', id, result: { ...record.task } });
    if (m.method === 'tasks/result') {
      if (record.outcome) return this.sendOutcome(id, record);
      record.waiting.push(id);
      return;
    }
    // tasks/cancel
    if (TERMINAL.has(record.task.status)) {
      return this.ctx.send({ jsonrpc: '2.0', id, error: { code: INVALID_PARAMS, message: `Cannot cancel task: it is already ${record.task.status}` } });
    }
    this.finish(record, 'cancelled', { error: { code: -32603, message: 'The task was cancelled' } }, 'Cancelled by the server');
    record.controller.abort(new Cancellation('server', 'the server cancelled the task'));
    this.ctx.send({ jsonrpc: '2.0', id, result: { ...record.task } });
  }

  /** The session ended: every task's hold stops; waiting tasks/result requests go unanswered with it. */
  close(cause: Cancellation): void {
    for (const record of this.tasks.values()) {
      clearTimeout(record.expiry);
      record.controller.abort(cause);
    }
    this.tasks.clear();
  }

  private settle(record: Record_, completion: Completion): void {
    if (record.outcome) return; // cancelled or expired first: it stays that way
    if (completion.kind === 'result') return this.finish(record, 'completed', { result: completion.result });
    if (completion.kind === 'refuse') return this.finish(record, 'failed', { error: completion.refusal }, completion.refusal.message);
    this.finish(record, 'cancelled', { error: { code: -32603, message: 'The request was cancelled' } }, 'Cancelled');
  }

  private finish(record: Record_, status: Status, outcome: NonNullable<Record_['outcome']>, statusMessage?: string): void {
    record.outcome = outcome;
    const { statusMessage: _old, ...task } = record.task;
    record.task = { ...task, status, lastUpdatedAt: new Date().toISOString(), ...(statusMessage ? { statusMessage } : {}) };
    this.ctx.send({ jsonrpc: '2.0', method: 'notifications/tasks/status', params: { ...record.task } });
    for (const id of record.waiting.splice(0)) this.sendOutcome(id, record);
  }

  private sendOutcome(id: RpcId, record: Record_): void {
    const outcome = record.outcome!;
    const related = { [RELATED_TASK]: { taskId: record.task.taskId } };
    if ('error' in outcome) return this.ctx.send({ jsonrpc: '2.0', id, error: outcome.error });
    const meta = (outcome.result._meta ?? {}) as Record<string, unknown>;
    this.ctx.send({ jsonrpc: '2.0', id, result: { ...outcome.result, _meta: { ...meta, ...related } } });
  }

  private list(id: RpcId, cursor: unknown): void {
    const all = [...this.tasks.values()];
    let start = 0;
    if (cursor !== undefined) {
      const at = typeof cursor === 'string' ? all.findIndex((r) => r.task.taskId === cursor) : -1;
      if (at < 0) return this.ctx.send({ jsonrpc: '2.0', id, error: { code: INVALID_PARAMS, message: 'Invalid or stale tasks/list cursor' } });
      start = at + 1;
    }
    const page = all.slice(start, start + PAGE_SIZE);
    const more = start + page.length < all.length;
    this.ctx.send({ jsonrpc: '2.0', id, result: { tasks: page.map((r) => ({ ...r.task })), ...(more ? { nextCursor: page.at(-1)!.task.taskId } : {}) } });
  }

  /** Past its ttl a task is forgotten; one still held stops, and a waiting tasks/result learns why. */
  private expire(taskId: string): void {
    const record = this.tasks.get(taskId);
    if (!record) return;
    if (!record.outcome) {
      record.controller.abort(new Cancellation('gate', `the task expired after ${record.task.ttl} ms`));
      this.finish(record, 'failed', { error: { code: -32603, message: `The task expired after ${record.task.ttl} ms` } }, 'Expired before it was answered');
    }
    this.tasks.delete(taskId);
  }

  private evictOldestTerminal(): boolean {
    for (const [taskId, record] of this.tasks) {
      if (!record.outcome) continue;
      clearTimeout(record.expiry);
      this.tasks.delete(taskId);
      return true;
    }
    return false;
  }
}
