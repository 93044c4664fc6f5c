/** The About box: the version and where the data lives (config.yaml, history, token). Pure text. */

export interface AboutInput {
  version: string;
  dataDir: string;
  versions: { electron?: string | undefined; chrome?: string | undefined; node?: string | undefined };
}

export function aboutText({ version, dataDir, versions }: AboutInput): { message: string; detail: string } {
  const runtime = [versions.electron && `Electron ${versions.electron}`, versions.chrome && `Chromium ${versions.chrome}`, versions.node && `Node ${versions.node}`].filter(Boolean).join(' · ');
  return {
    message: `Sampling Gate ${version}`,
    detail: `Data directory: ${dataDir}\n(config.yaml, history.db, the token and the bridge socket)${runtime ? `\n\n${runtime}` : ''}`,
  };
}
