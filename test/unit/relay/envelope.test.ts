/**
 * The envelope check every message passes where it enters (core/relay/envelope.ts): the shapes that
 * crashed the gate (an object id turned into a map key, an id nested 10,000 deep), and what each
 * kind of invalid message becomes — an answer, an error for the waiting request, or a log line.
 */
import { describe, expect, it } from 'vitest';
import { admit, bugReply, envelopeProblem, MAX_DEPTH, MAX_ID_LENGTH } from '../../../core/relay/envelope.js';

const deep = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));
const client = { peer: 'stdio client', answerWithoutId: true };
const server = { peer: 'server "s"', answerWithoutId: false };

describe('envelopeProblem', () => {
  it('accepts what MCP peers send', () => {
    for (const m of [
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 'a-b', method: 'tools/call', params: { name: 'x', arguments: {} } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 0, method: 'x', params: [] },
      { jsonrpc: '2.0', id: 2, result: {} },
      { jsonrpc: '2.0', id: 'z', error: { code: -32601, message: 'nope', data: { any: [1] } } },
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
    ]) {
      expect(envelopeProblem(m), JSON.stringify(m)).toBeNull();
    }
  });

  it('refuses ids that are not a bounded string or a safe integer — {"toString":0} among them', () => {
    for (const id of [{ toString: 0 }, [], deep(10_000), 1.5, 2 ** 60, true, 'x'.repeat(MAX_ID_LENGTH + 1), null]) {
      expect(envelopeProblem({ jsonrpc: '2.0', id, method: 'tools/list' })).toMatch(/^id must be/);
    }
  });

  it('refuses bad methods, params, results and errors', () => {
    expect(envelopeProblem({ jsonrpc: '2.0', id: 1, method: 5 })).toMatch(/^method/);
    expect(envelopeProblem({ jsonrpc: '2.0', id: 1, method: '' })).toMatch(/^method/);
    expect(envelopeProblem({ jsonrpc: '2.0', id: 1, method: 'x', params: 'str' })).toMatch(/^params/);
    expect(envelopeProblem({ jsonrpc: '2.0', id: 1, method: 'x', params: null })).toMatch(/^params/);
    expect(envelopeProblem({ jsonrpc: '2.0', id: 1, result: [] })).toMatch(/^result/);
    expect(envelopeProblem({ jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: '' } })).toMatch(/not both/);
    expect(envelopeProblem({ jsonrpc: '2.0', id: 1, error: { code: 'x', message: '' } })).toMatch(/^error/);
    expect(envelopeProblem({ jsonrpc: '1.0', id: 1, method: 'x' })).toMatch(/jsonrpc/);
    expect(envelopeProblem({ jsonrpc: '2.0', hello: 1 })).toMatch(/neither/);
    expect(envelopeProblem([{ jsonrpc: '2.0', id: 1, method: 'x' }])).toMatch(/batch/);
    expect(envelopeProblem('text')).toMatch(/not a JSON-RPC object/);
  });

  it('bounds nesting without recursing (a 100,000-deep value is measured, not overflowed)', () => {
    expect(envelopeProblem({ jsonrpc: '2.0', id: 1, method: 'x', params: { a: deep(MAX_DEPTH - 3) } })).toBeNull();
    expect(envelopeProblem({ jsonrpc: '2.0', id: 1, method: 'x', params: { a: deep(MAX_DEPTH) } })).toMatch(/deeper/);
    expect(envelopeProblem({ jsonrpc: '2.0', id: 1, result: { a: deep(100_000) } })).toMatch(/deeper/);
  });
});

describe('admit', () => {
  it('an invalid request with a usable id is answered -32600 with that id', () => {
    const v = admit({ jsonrpc: '2.0', id: 7, method: 'x', params: 'no' }, client);
    expect(v).toMatchObject({ kind: 'answer', reply: { jsonrpc: '2.0', id: 7, error: { code: -32600 } } });
  });

  it('an unusable id: a client still gets an id:null error, a server only a log line', () => {
    const bad = { jsonrpc: '2.0', id: { toString: 0 }, method: 'tools/list' };
    expect(admit(bad, client)).toMatchObject({ kind: 'answer', reply: { id: null, error: { code: -32600 } } });
    expect(admit(bad, server)).toMatchObject({ kind: 'drop' });
  });

  it('an invalid notification is dropped', () => {
    expect(admit({ jsonrpc: '2.0', method: 'notifications/x', params: 3 }, client)).toMatchObject({ kind: 'drop' });
  });

  it('an invalid response with a usable id becomes an error for that id, so nobody waits forever', () => {
    const v = admit({ jsonrpc: '2.0', id: 3, result: { a: deep(500) } }, server);
    expect(v.kind).toBe('deliver');
    if (v.kind !== 'deliver') return;
    expect(v.replaced).toMatch(/deeper/);
    expect(v.message).toMatchObject({ id: 3, error: { code: -32603 } });
    expect((v.message.error as { message: string }).message).toContain('server "s" sent an invalid response');
  });

  it('a bug handling a request answers it; other messages have nobody to tell', () => {
    expect(bugReply({ jsonrpc: '2.0', id: 4, method: 'x' })).toMatchObject({ id: 4, error: { code: -32603 } });
    expect(bugReply({ jsonrpc: '2.0', id: 4, result: {} })).toBeNull();
    expect(bugReply({ jsonrpc: '2.0', method: 'n' })).toBeNull();
  });
});
