/**
 * The app as the `sampling-gate` command: MCP clients run `<app> connect <id>` (the snippets and
 * `import --rewire` write the installed executable), so the bridge exists wherever the app is
 * installed and needs no Node. The same CLI code as `npx sampling-gate` runs here, in the main
 * process, before any single-instance lock and with no window; RunAsNode is not needed for it.
 */
import { app } from 'electron';
import { installedExecutable } from '../../cli/app-layout.js';
import { useInstall } from '../../cli/install-paths.js';
import { run } from '../../cli/main.js';

export async function runCli(args: string[]): Promise<void> {
  // No Dock icon on macOS while a client's bridge runs.
  app.dock?.hide();
  useInstall({
    root: app.getAppPath(),
    launcher: app.isPackaged
      ? { command: installedExecutable({ platform: process.platform, exe: app.getPath('exe'), env: process.env }), args: [] }
      : // Development (`electron . connect <id>`): Electron and this checkout.
        { command: process.execPath, args: [app.getAppPath()] },
  });
  await run(args);
  // One-shot commands exit inside run(); `serve` returns once stopped.
  app.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
}
