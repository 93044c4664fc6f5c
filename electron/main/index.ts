/**
 * Electron main entry. Started with a command (`<app> connect <id>`, `<app> pending`, …) the app is the
 * `sampling-gate` CLI — what MCP clients run, with no Node needed — and nothing of the desktop app
 * loads: no single-instance lock, no window, no SQLite. Otherwise it is the desktop app.
 */
import { app } from 'electron';
import { CLI_COMMANDS } from '../../cli/main.js';
import { cliInvocation } from './cli-args.js';

const cli = cliInvocation(process.argv, app.isPackaged, CLI_COMMANDS);
if (cli) {
  import('./cli-mode.js')
    .then((m) => m.runCli(cli))
    .catch((err: unknown) => {
      process.stderr.write(`sampling-gate: ${err instanceof Error ? err.message : String(err)}\n`);
      app.exit(1);
    });
} else {
  import('./desktop.js').catch((err: unknown) => {
    console.error('Sampling Gate could not start:', err);
    app.exit(1);
  });
}

export {};
