import { describe, expect, it } from 'vitest';
import {
  FORBIDDEN_WEB_PREFERENCES,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAppUrl,
  permissionAllowed,
  windowOptions,
  windowWebPreferences,
} from '../../../electron/window-options.ts';

describe('window security settings', () => {
  const prefs = windowWebPreferences('/app/dist-electron/preload.cjs');

  it('E2: context isolation and the sandbox are on, webviews off', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.webviewTag).toBe(false);
  });

  it('E1: no Node in the page, in workers or in sub-frames', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('E4: none of the insecure switches is set', () => {
    for (const key of FORBIDDEN_WEB_PREFERENCES) expect(prefs).not.toHaveProperty(key);
    expect(Object.keys(prefs).sort()).toEqual(
      ['contextIsolation', 'navigateOnDragDrop', 'nodeIntegration', 'nodeIntegrationInSubFrames', 'nodeIntegrationInWorker', 'preload', 'sandbox', 'spellcheck', 'webviewTag'].sort(),
    );
  });

  it('the window uses exactly these preferences and our preload', () => {
    const options = windowOptions('/app/dist-electron/preload.cjs');
    expect(options.webPreferences).toEqual(prefs);
    expect(options.webPreferences.preload).toBe('/app/dist-electron/preload.cjs');
  });

  it("E3: the CSP is default-src 'self' with no inline or eval script", () => {
    const csp = contentSecurityPolicy();
    expect(csp.split('; ')[0]).toBe("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(contentSecurityPolicy(['ws://127.0.0.1:4000'])).toContain("connect-src 'self' ws://127.0.0.1:4000");
  });

  it.each([
    ['app://fieldlink/index.html', true],
    ['app://fieldlink/assets/x.js', true],
    ['app://evil/index.html', false],
    ['file:///app/dist-renderer/index.html', false],
    ['http://127.0.0.1:5173/', false],
    ['about:blank', false],
    ['not a url', false],
    [undefined, false],
  ])('E7/E8: isAppUrl(%s) = %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it.each([
    ['https://www.quectel.com/product/ec21', true],
    ['http://www.quectel.com/', false],
    ['https://evil.example/', false],
    ['https://user:pw@github.com/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
  ])('E6: external link %s allowed = %s', (url, expected) => {
    expect(isAllowedExternalUrl(url)).toBe(expected);
  });

  it('E5: permissions are denied by default, the clipboard write only to our own page', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'serial', 'fullscreen']) {
      expect(permissionAllowed(permission, 'app://fieldlink/index.html')).toBe(false);
    }
    expect(permissionAllowed('clipboard-sanitized-write', 'app://fieldlink/index.html')).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  });
});
