/**
 * The installed desktop app as an MCP client config must name it: an absolute path to an executable
 * that exists as long as the app is installed, per packaged layout (electron-builder's targets). Pure:
 * the caller supplies the platform, the running executable (Electron's `app.getPath('exe')`) and the
 * environment.
 */

export interface AppHost {
  platform: string;
  /** The running executable. */
  exe: string;
  env: Record<string, string | undefined>;
}

/**
 * - Linux AppImage: the running executable sits in a FUSE mount (/tmp/.mount_XXXX) that vanishes when
 *   this copy exits; $APPIMAGE is the file the user keeps.
 * - Linux deb: /opt/<productName>/<executableName> (the /usr/bin link resolves to it).
 * - macOS: <name>.app/Contents/MacOS/<productName>.
 * - Windows (nsis): <install dir>\<productName>.exe.
 */
export function installedExecutable(host: AppHost): string {
  if (host.platform === 'linux' && host.env.APPIMAGE) return host.env.APPIMAGE;
  return host.exe;
}

/**
 * Why the path above would not last, or null: macOS runs an app opened from Downloads or a disk image
 * from a randomised copy (App Translocation) or the mounted image itself.
 */
export function unstableLocation(host: AppHost): string | null {
  const exe = installedExecutable(host);
  if (host.platform === 'darwin' && (exe.includes('/AppTranslocation/') || exe.startsWith('/Volumes/'))) {
    return 'the app runs from a temporary location (a disk image or a quarantined download); move it to Applications and open it from there, or client configs will point at a path that disappears';
  }
  return null;
}

/** A word for a POSIX shell: single-quoted, a single quote written as '\'' (only when needed). */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A word for a cmd.exe batch file: always double-quoted (paths have spaces: "Sampling Gate.exe"),
 * `%` doubled so it is not read as a variable. A double quote cannot occur in a Windows path.
 */
export function cmdQuote(word: string): string {
  return `"${word.replace(/%/g, '%%')}"`;
}
