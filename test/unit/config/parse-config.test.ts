import { describe, expect, it } from 'vitest';
import { effectivePolicy } from '../../../shared/effective-policy.js';
import { formatProblem, parseConfig } from '../../../core/config/parse-config.js';
import { STARTER_CONFIG } from '../../../core/config/starter.js';
import { BUILT_IN_DEFAULTS } from '../../../shared/config-schema.js';

const FILE = '/home/u/.config/sampling-gate/config.yaml';

function problems(text: string) {
  const r = parseConfig(text, FILE);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('parseConfig', () => {
  it('the starter config spells out the built-in defaults, the rules aside', () => {
    const r = parseConfig(STARTER_CONFIG, FILE);
    if (!r.ok) throw new Error('the starter config does not parse');
    const { rules: _rules, ...spelled } = effectivePolicy(r.config, 'any');
    const { rules: _none, ...builtIn } = BUILT_IN_DEFAULTS;
    expect(spelled).toEqual(builtIn);
  });

  it('accepts the starter config and the contract example', () => {
    expect(parseConfig(STARTER_CONFIG, FILE).ok).toBe(true);
    const example = `defaults:
  trust: ask
  approvalTimeoutSeconds: 120
  maxTokensCap: 4096
  rateLimit: { perMinute: 5, perHour: 60, perDay: 300, perSession: 50 }
  tokenBudgetPerDay: 200000
  allowTools: false
  allowIncludeContext: false
  allowMedia: [image/png, image/jpeg, image/gif, image/webp]
  reviewResponses: false
  rules:
    - { name: no-system-prompt-probe, match: "print (your|the) system prompt", action: deny }
    - { name: urls, match: "https?://", action: flag }
servers:
  everything:
    command: npx
    args: [-y, "@modelcontextprotocol/server-everything"]
    env: {}
    trust: ask
  remote-docs:
    url: https://example.com/mcp
    headers: { Authorization: "Bearer x" }
    trust: deny
    policy: { maxTokensCap: 1000, rateLimit: { perMinute: 1 } }
`;
    const r = parseConfig(example, FILE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.servers.everything).toMatchObject({ command: 'npx', trust: 'ask' });
    expect(effectivePolicy(r.config, 'remote-docs')).toMatchObject({ trust: 'deny', maxTokensCap: 1000, rateLimit: { perMinute: 1, perHour: 60 } });
    expect(effectivePolicy(r.config, 'everything').maxTokensCap).toBe(4096);
  });

  it("a server's policy.rules replaces the defaults' rules; other fields merge field by field", () => {
    const r = parseConfig(
      `defaults:
  rules: [{ name: d, match: "x", action: flag }]
  rateLimit: { perMinute: 9 }
servers:
  a: { command: x, policy: { rules: [{ name: s, match: "y", action: deny }], rateLimit: { perHour: 2 } } }
  b: { command: x }
`,
      FILE,
    );
    if (!r.ok) throw new Error('expected a valid config');
    expect(effectivePolicy(r.config, 'a').rules.map((x) => x.name)).toEqual(['s']);
    expect(effectivePolicy(r.config, 'a').rateLimit).toMatchObject({ perMinute: 9, perHour: 2, perDay: 300 });
    expect(effectivePolicy(r.config, 'b').rules.map((x) => x.name)).toEqual(['d']);
  });

  it('reports a YAML syntax error with its line', () => {
    const [p] = problems('defaults:\n  trust: ask\n servers: [\n');
    expect(p!.file).toBe(FILE);
    expect(p!.line).toBeGreaterThanOrEqual(3);
  });

  it('names the line and field of a wrong value', () => {
    const [p] = problems('defaults:\n  trust: ask\nservers:\n  a:\n    command: x\n    trust: maybe\n');
    expect(p).toMatchObject({ line: 6, path: 'servers.a.trust' });
    expect(formatProblem(p!)).toMatch(/config\.yaml:6:\d+: servers\.a\.trust: /);
  });

  it('names an unknown (misspelt) key and its line', () => {
    const [p] = problems('defaults:\n  trsut: ask\n');
    expect(p!.line).toBe(2);
    expect(p!.path).toContain('trsut');
  });

  it('reports every problem, not just the first', () => {
    const list = problems('defaults:\n  maxTokensCap: -1\n  approvalTimeoutSeconds: 1.5\nservers:\n  "bad id!":\n    command: x\n');
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list.map((p) => p.line)).toEqual(expect.arrayContaining([2, 3]));
  });

  it('refuses an invalid regex in a content rule, a server with neither command nor url, and a non-http url', () => {
    expect(problems('defaults:\n  rules:\n    - { name: r, match: "(unclosed", action: deny }\n')[0]!.message).toMatch(/regular expression/);
    expect(problems('servers:\n  a:\n    trust: ask\n').length).toBeGreaterThan(0);
    expect(problems('servers:\n  a:\n    url: file:///etc/passwd\n').length).toBeGreaterThan(0);
  });

  it('an empty file is an empty config', () => {
    const r = parseConfig('', FILE);
    expect(r.ok && Object.keys(r.config.servers)).toEqual([]);
  });
});
