/**
 * Starts the real `sampling-gate serve --port 0 --ui` (the built CLI) in a temporary data directory,
 * fronting the real @modelcontextprotocol/server-everything over stdio, and reads the two lines it
 * prints (`listening …`, `ui …`).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serverEntry, startGate as startGateIn, tempDataDir } from '../../support/gate.js';
import { EVERYTHING } from '../../support/sampling-client.js';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface GateProcess {
  dataDir: string;
  httpUrl: string;
  uiUrl: string;
  token: string;
  output(): string;
  stop(): Promise<void>;
}

/** What `npm run build` must have produced for these tests. */
export function missingBuild(): string | null {
  for (const f of ['out/node/bundle/cli.js', 'out/node/core/http/ui.js', 'out/renderer/index.html']) {
    if (!existsSync(join(ROOT, f))) return f;
  }
  return null;
}

export async function startGate(): Promise<GateProcess> {
  const gate = await startGateIn(
    tempDataDir(
      [
        'defaults:',
        '  trust: ask',
        '  approvalTimeoutSeconds: 120',
        '  rateLimit: { perMinute: 100, perHour: 1000, perDay: 1000, perSession: 100 }',
        'servers:',
        '  everything:',
        serverEntry(EVERYTHING, ['stdio']),
        // The same server with completions held for review (reviewResponses).
        '  reviewed:',
        serverEntry(EVERYTHING, ['stdio'], '    policy: { reviewResponses: true }\n'),
      ].join('\n'),
    ),
    ['--ui'],
  );
  return {
    dataDir: gate.dataDir,
    httpUrl: gate.url,
    uiUrl: gate.uiUrl!,
    token: gate.token,
    output: gate.output,
    async stop() {
      await gate.stop();
      gate.remove();
    },
  };
}
