/**
 * A CLI that never truncates (issue 9): `history --json` into a pipe whose reader is slow used to be
 * cut short with exit status 0 — process.exit() ran before stdout drained. The piped output must be
 * byte for byte what the same command writes to a file.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../core/history/history-store.js';
import { GATE_BIN } from '../support/sampling-client.js';

const ROWS = 400;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-pipe-'));
  const store = new HistoryStore(join(dir, 'history.db'));
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < ROWS; i++) {
    const id = `row-${String(i).padStart(4, '0')}`;
    const text = `request ${i}: ` + 'lorem ipsum dolor sit amet '.repeat(220);
    store.insert({ id, server: 'big', sessionId: 's', era: '2025-11-25', receivedAt: new Date(t0 + i * 1000), request: { messages: [{ role: 'user', content: { type: 'text', text } }], maxTokens: 10 } });
    store.update(id, { outcome: 'approved', decidedBy: 'user', decidedAt: new Date(t0 + i * 1000 + 1), completedAt: new Date(t0 + i * 1000 + 2) });
  }
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARGS = () => [GATE_BIN, 'history', '--json', '--limit', '10000', '--data-dir', dir];

describe('history --json into a pipe', () => {
  it('a slow reader gets every byte the command writes to a file, and exit status 0', async () => {
    const file = join(dir, 'reference.json');
    const fd = openSync(file, 'w');
    const toFile = spawn(process.execPath, ARGS(), { stdio: ['ignore', fd, 'pipe'] });
    expect(await new Promise((r) => toFile.on('close', r))).toBe(0);
    closeSync(fd);
    const reference = readFileSync(file);
    expect(reference.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(JSON.parse(reference.toString('utf8'))).toHaveLength(ROWS);

    const piped = spawn(process.execPath, ARGS(), { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    // A slow consumer: each chunk is held a moment before the next is read, so the pipe fills up.
    piped.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      piped.stdout.pause();
      setTimeout(() => piped.stdout.resume(), 3);
    });
    const code = await new Promise((r) => piped.on('close', r));
    const got = Buffer.concat(chunks);
    expect(got.length).toBe(reference.length);
    expect(got.equals(reference)).toBe(true);
    expect(code).toBe(0);
  });
});
