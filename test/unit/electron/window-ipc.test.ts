// The Electron glue with 'electron' replaced by fakes (vi.mock): the real module is never loaded.
import { describe, expect, it, vi } from 'vitest';
import { gateMethods } from '../../../shared/api.js';
import { FakeGateClient } from '../renderer/fake-client.js';

const created: FakeWindow[] = [];
const sessionHooks: { headers?: (d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void; permission?: (wc: unknown, p: string, cb: (ok: boolean) => void) => void } = {};

class FakeWebContents {
  openHandler: ((d: { url: string }) => unknown) | null = null;
  listeners: Record<string, ((e: { preventDefault(): void }, url?: string) => void)[]> = {};
  sent: [string, unknown][] = [];
  setWindowOpenHandler(h: (d: { url: string }) => unknown): void {
    this.openHandler = h;
  }
  on(event: string, l: (e: { preventDefault(): void }) => void): void {
    (this.listeners[event] ??= []).push(l);
  }
  isDestroyed(): boolean {
    return false;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
}

class FakeWindow {
  webContents = new FakeWebContents();
  loaded: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    created.push(this);
  }
  once(): void {}
  on(): void {}
  isDestroyed(): boolean {
    return false;
  }
  setBackgroundColor(): void {}
  loadFile(f: string): Promise<void> {
    this.loaded = f;
    return Promise.resolve();
  }
  loadURL(u: string): Promise<void> {
    this.loaded = u;
    return Promise.resolve();
  }
}

class FakeTray {
  image: unknown = null;
  tooltip = '';
  title = '';
  constructor(img: unknown) {
    this.image = img;
  }
  setImage(i: unknown): void {
    this.image = i;
  }
  setToolTip(t: string): void {
    this.tooltip = t;
  }
  setTitle(t: string): void {
    this.title = t;
  }
  menu: { label?: string; type?: string; checked?: boolean; click?: (item: { checked: boolean }) => void }[] = [];
  setContextMenu(m: FakeTray['menu']): void {
    this.menu = m;
  }
  on(): void {}
  destroy(): void {}
}
let tray: FakeTray | null = null;

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (h: typeof sessionHooks.headers) => (sessionHooks.headers = h) },
      setPermissionRequestHandler: (h: typeof sessionHooks.permission) => (sessionHooks.permission = h),
      setPermissionCheckHandler: () => undefined,
    },
  },
  Tray: class extends FakeTray {
    constructor(img: unknown) {
      super(img);
      tray = this;
    }
  },
  Menu: { buildFromTemplate: (t: unknown) => t },
  nativeImage: { createFromPath: (p: string) => ({ path: p }) },
  nativeTheme: { shouldUseDarkColors: true, on: () => undefined, off: () => undefined },
}));

describe('createMainWindow', () => {
  it('denies new windows, prevents navigation, sets CSP on responses and refuses permissions', async () => {
    const { createMainWindow } = await import('../../../electron/main/window.js');
    const win = createMainWindow({ devServerUrl: undefined, indexHtml: '/app/out/renderer/index.html', preloadPath: '/app/out/preload/index.cjs' }) as unknown as FakeWindow;
    expect(created).toHaveLength(1);
    expect(win.options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    // The OS is dark (the fake nativeTheme): the window paints the dark theme's background.
    expect(win.options.backgroundColor).toBe('#0f1320');
    expect(win.webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      for (const l of win.webContents.listeners[event] ?? []) l({ preventDefault }, 'https://evil.example/');
      expect(preventDefault, event).toHaveBeenCalled();
    }
    expect(win.loaded).toBe('/app/out/renderer/index.html');
    let headers: Record<string, string[]> = {};
    sessionHooks.headers?.({ responseHeaders: {} }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    expect(headers['Content-Security-Policy']?.[0]).toContain("script-src 'self'");
    const granted = vi.fn();
    sessionHooks.permission?.({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
  });
});

describe('registerGateIpc', () => {
  it('registers one handler per gate method that checks the sender, and forwards events', async () => {
    const { registerGateIpc, forwardGateEvents } = await import('../../../electron/main/ipc.js');
    const handlers = new Map<string, (e: unknown, p: unknown) => Promise<unknown>>();
    const ipcMain = { handle: (c: string, h: (e: unknown, p: unknown) => Promise<unknown>) => handlers.set(c, h), removeHandler: (c: string) => handlers.delete(c) };
    const client = new FakeGateClient().answer('servers.list', () => ({ ok: true, value: [] }));
    const url = 'file:///app/out/renderer/index.html';
    const off = registerGateIpc(ipcMain as never, client, () => url);
    expect([...handlers.keys()].sort()).toEqual(Object.keys(gateMethods).map((m) => `gate:call:${m}`).sort());
    const h = handlers.get('gate:call:servers.list')!;
    expect(await h({ senderFrame: { url, parent: null } }, {})).toEqual({ ok: true, value: [] });
    expect(await h({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    off();
    expect(handlers.size).toBe(0);

    const wc = new FakeWebContents();
    const stop = forwardGateEvents(client, () => wc as never);
    client.emit('approvals.changed', { removed: ['a'] });
    expect(wc.sent).toEqual([['gate:event:approvals.changed', { removed: ['a'] }]]);
    stop();
    client.emit('approvals.changed', { removed: ['a'] });
    expect(wc.sent).toHaveLength(1);
  });
});

describe('tray', () => {
  it('shows the pending count in the tooltip, title and icon', async () => {
    const { createGateTray } = await import('../../../electron/main/tray.js');
    let atLogin = false;
    const installed = vi.fn();
    const t = createGateTray(
      { idle: '/a/tray.png', pending: '/a/tray-pending.png' },
      { show: () => undefined, quit: () => undefined, about: () => undefined, installCliTool: installed, startAtLogin: { get: () => atLogin, set: (on) => (atLogin = on) } },
    );
    expect(tray?.tooltip).toMatch(/no requests/);
    t.setPending(2);
    expect(tray?.tooltip).toBe('Sampling Gate — 2 requests waiting');
    expect(tray?.title).toBe('2');
    expect(tray?.image).toEqual({ path: '/a/tray-pending.png' });
    t.setPending(0);
    expect(tray?.image).toEqual({ path: '/a/tray.png' });
  });

  it('offers start at login (off until chosen), the command-line tool and About', async () => {
    expect(tray?.menu.map((i) => i.label ?? i.type)).toEqual([
      'Sampling Gate — no requests waiting',
      'separator',
      'Open Sampling Gate',
      'Start at login',
      'Install command-line tool…',
      'About Sampling Gate',
      'separator',
      'Quit (denies pending requests)',
    ]);
    const login = () => tray!.menu.find((i) => i.label === 'Start at login')!;
    expect(login()).toMatchObject({ type: 'checkbox', checked: false });
    login().click!({ checked: true });
    expect(login().checked).toBe(true);
  });
});
