/**
 * Whether the app was started as the `sampling-gate` command (`<app> connect <id>`, `<app> pending`, …)
 * rather than as the desktop app. Pure, so it is unit-tested without Electron.
 */

/**
 * The CLI's argv, or null for the desktop app. Electron's argv is [exe, ...args] when packaged and
 * [electron, appPath, ...args] in development. Switches before the command are dropped (an AppImage
 * launcher or a user may add Chromium's, e.g. --no-sandbox), except --data-dir, which the CLI takes.
 */
export function cliInvocation(argv: readonly string[], isPackaged: boolean, commands: readonly string[]): string[] | null {
  const args = argv.slice(isPackaged ? 1 : 2);
  const kept: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (commands.includes(a) || !a.startsWith('-')) break;
    if (a.startsWith('--data-dir=')) kept.push(a);
    else if (a === '--data-dir' && i + 1 < args.length) kept.push(a, args[++i]!);
  }
  const command = args[i];
  if (command === undefined || !commands.includes(command)) return null;
  return [command, ...args.slice(i + 1), ...kept];
}
