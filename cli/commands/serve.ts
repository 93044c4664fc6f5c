/** `sampling-gate serve [--port N] [--ui]`: the headless gate, until SIGINT/SIGTERM. */
import { Gate } from '../../core/gate.js';
import { createLogger } from '../../core/log.js';
import { trimAfterStartup } from '../../core/runtime/startup-memory.js';
import type { UiHandler } from '../../core/http/http-server.js';
import type { GateClient } from '../../shared/api.js';
import { bridgeCommand, fdHandoffAddon, packageVersion, rendererDir } from '../install-paths.js';

export async function serve(dataDir: string, opts: { port: number; ui: boolean }, started: () => void = () => undefined): Promise<number> {
  const log = createLogger();
  let gate: Gate;
  try {
    const ui = opts.ui ? await loadUi() : undefined;
    gate = await Gate.start({ dataDir, port: opts.port, log, bridgeCommand: bridgeCommand(), fdHandoffAddon: fdHandoffAddon(), version: packageVersion(), ...(ui ? { ui } : {}) });
  } finally {
    started();
  }
  trimAfterStartup(() => gate.proxies.sessionCount() === 0);
  process.stdout.write(`listening ${gate.httpUrl}\n`);
  if (gate.uiUrl) process.stdout.write(`ui ${gate.uiUrl}\n`);
  for (const p of gate.config.problems) log.warn(`config: ${p.file}:${p.line ?? '?'}: ${p.path} ${p.message}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log.info(`${signal}: stopping (pending requests are denied)`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await gate.stop();
  return 0;
}

type UiFactory = (ctx: { client: GateClient; token: string }) => UiHandler;

async function loadUi(): Promise<UiFactory> {
  // Loaded only with --ui: the headless gate never pays for the UI module and its WebSocket server.
  const mod = await import('../../core/http/ui.js');
  return ({ client, token }) => mod.createUiHandler({ client, token, rendererDir: rendererDir() });
}
