import { describe, expect, it } from 'vitest';
import { setScalarInPlace } from '../../../core/config/yaml-patch.js';

const FILE = `defaults:
  trust: ask                   # aligned comment
  rateLimit: { perMinute: 5, perHour: 60 }
servers:
  everything:
    command: npx               # aligned too
    args: [-y, "@modelcontextprotocol/server-everything"]
  docs:
    url: "https://example.com/mcp"
    trust: deny   # why: untrusted
ui: { allowedOrigins: [] }
`;

describe('setScalarInPlace', () => {
  it('changes one existing scalar and nothing else', () => {
    const out = setScalarInPlace(FILE, ['servers', 'docs', 'trust'], 'ask');
    expect(out).toBe(FILE.replace('trust: deny   # why', 'trust: ask   # why'));
  });

  it('adds a missing key after the last entry of its block mapping, at its indentation', () => {
    const out = setScalarInPlace(FILE, ['servers', 'everything', 'trust'], 'trust');
    expect(out).toBe(FILE.replace('server-everything"]\n', 'server-everything"]\n    trust: trust\n'));
  });

  it('appends at the end of a file without a final newline', () => {
    expect(setScalarInPlace('servers:\n  a:\n    command: x', ['servers', 'a', 'trust'], 'deny')).toBe('servers:\n  a:\n    command: x\n    trust: deny\n');
  });

  it('declines what it cannot do surgically: flow mappings, missing parents, non-plain values', () => {
    expect(setScalarInPlace(FILE, ['ui', 'historyRetentionDays'], 30)).toBeNull();
    expect(setScalarInPlace(FILE, ['servers', 'nope', 'trust'], 'ask')).toBeNull();
    expect(setScalarInPlace(FILE, ['servers', 'docs', 'trust'], 'a: b')).toBeNull();
    expect(setScalarInPlace('a: [', ['a'], 1)).toBeNull();
  });
});
