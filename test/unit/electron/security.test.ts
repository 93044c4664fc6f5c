// Pure parts of the Electron shell, tested without loading Electron (only `import type` there).
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, dataDirFlag, isPermissionAllowed, isTrustedSenderUrl, newArrivals, trayLabel, windowBackground, windowOptions } from '../../../electron/main/security.js';
import { createIpcHandler } from '../../../electron/main/ipc-handler.js';
import { FakeGateClient } from '../renderer/fake-client.js';

describe('window options', () => {
  it('are hardened', () => {
    const o = windowOptions({ preloadPath: '/app/out/preload/index.cjs' });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(o.show).toBe(false);
  });

  it('paint the background of the theme the OS is in', () => {
    expect(windowOptions({ preloadPath: '/p', dark: true }).backgroundColor).toBe(windowBackground(true));
    expect(windowOptions({ preloadPath: '/p' }).backgroundColor).toBe(windowBackground(false));
    expect(windowBackground(true)).not.toBe(windowBackground(false));
  });

  it('CSP has no unsafe-eval or unsafe-inline and loads media only from data:', () => {
    const csp = contentSecurityPolicy();
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).not.toMatch(/img-src[^;]*(https?:|\*)/);
  });

  it('grants no permissions', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) expect(isPermissionAllowed(p)).toBe(false);
  });
});

describe('sender validation', () => {
  const file = 'file:///opt/app/out/renderer/index.html';
  it('accepts only our index.html (or the dev server origin)', () => {
    expect(isTrustedSenderUrl(file, file)).toBe(true);
    expect(isTrustedSenderUrl('file:///opt/app/out/renderer/index.html#x', file)).toBe(true);
    expect(isTrustedSenderUrl('file:///tmp/evil.html', file)).toBe(false);
    expect(isTrustedSenderUrl('https://evil.example/', file)).toBe(false);
    expect(isTrustedSenderUrl(undefined, file)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('every IPC call is checked for sender and params before reaching the gate', async () => {
    const client = new FakeGateClient().answer('approvals.decide', ({ id }) => ({ ok: true, value: { id } }));
    const handle = createIpcHandler(client, () => file);
    const main = { senderFrame: { url: file, parent: null } };
    expect(await handle('approvals.decide', main, { id: 'a', decision: { kind: 'approve' } })).toEqual({ ok: true, value: { id: 'a' } });
    // an iframe, a foreign page, a destroyed frame
    expect(await handle('approvals.decide', { senderFrame: { url: file, parent: {} } }, { id: 'a', decision: { kind: 'approve' } })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await handle('approvals.decide', { senderFrame: { url: 'https://evil.example/', parent: null } }, { id: 'a', decision: { kind: 'approve' } })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await handle('approvals.decide', { senderFrame: null }, {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // malformed payloads
    expect(await handle('approvals.decide', main, { id: 'a', decision: { kind: 'approve', extra: 1 } })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await handle('approvals.decide', main, { id: '', decision: { kind: 'approve' } })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await handle('approvals.decide', main, 'not an object')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(client.calls).toHaveLength(1);
  });
});

describe('tray and notifications', () => {
  it('labels the pending count and finds new arrivals', () => {
    expect(trayLabel(0)).toMatch(/no requests/);
    expect(trayLabel(1)).toBe('Sampling Gate — 1 request waiting');
    expect(trayLabel(3)).toBe('Sampling Gate — 3 requests waiting');
    expect(newArrivals(new Set(['a']), [{ id: 'a' }, { id: 'b' }])).toEqual(['b']);
  });
});

describe('argv', () => {
  it('reads --data-dir like the CLI', () => {
    expect(dataDirFlag(['electron', '.', '--data-dir', '/tmp/x'])).toBe('/tmp/x');
    expect(dataDirFlag(['app', '--data-dir=/tmp/y'])).toBe('/tmp/y');
    expect(dataDirFlag(['app'])).toBeUndefined();
  });
});
