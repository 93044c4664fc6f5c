/**
 * electron-builder afterPack hook (electron-builder.yml `afterPack`): flip Electron's fuses in the
 * packaged binary with @electron/fuses, after the app is laid out and before it is signed (a flipped
 * fuse is then covered by the signature). Electron's security checklist: "Consider fuses".
 * https://www.electronjs.org/docs/latest/tutorial/fuses
 */
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

export const FUSES = {
  version: FuseVersion.V1,
  // Fail the build when an Electron upgrade brings a fuse nobody has decided on.
  strictlyRequireAllFuses: true,
  // Off: ELECTRON_RUN_AS_NODE would make this signed binary run any script as plain Node. The bridge
  // MCP clients start does not need it: `<app> connect <id>` runs the CLI in the app's own main
  // process (electron/main/cli-mode.ts), not in Node mode.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // Off: NODE_OPTIONS (--require a script) and --inspect would let anyone run code as the app.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar must match the hash electron-builder embeds (macOS Info.plist, Windows resources;
  // Electron does not check it on Linux), and the app loads from app.asar only — never from a
  // resources/app folder someone drops next to it.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // As Electron ships them:
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // On: the window loads the renderer with loadFile() from file://, whose module scripts need it.
  // Serving the renderer from a custom protocol instead would let this go off too.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
  [FuseV1Options.WasmTrapHandlers]: true,
};

/** The binary holding the fuse wire, where electron-builder lays it out per platform. */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'linux') return join(appOutDir, packager.executableName);
  const name = packager.appInfo.productFilename;
  return join(appOutDir, electronPlatformName === 'win32' ? `${name}.exe` : `${name}.app`);
}

export default async function afterPack(context) {
  const { Arch } = await import('electron-builder');
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // Flipping bytes breaks the ad-hoc signature arm64 macOS needs to run the binary at all: re-sign it.
  await flipFuses(electronBinary(context), { ...FUSES, resetAdHocDarwinSignature: darwin && context.arch === Arch.arm64 });
}
