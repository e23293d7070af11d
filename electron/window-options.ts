/**
 * The security settings of the Fieldlink window, as pure data and functions so a test can assert
 * them without Electron: webPreferences (E1, E2, E4), the CSP (E3), which URLs count as our own
 * content (E7, E8) and which external links may open in the browser (E6).
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'fieldlink';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `default-src 'self'` and nothing inline (E3): modem text (ATI, HTTP bodies, URCs) can never run
 * as script or load remote content. `extraConnect` adds the web-mode WebSocket origin.
 */
export function contentSecurityPolicy(extraConnect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${extraConnect.map((origin) => ` ${origin}`).join('')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The webPreferences of every Fieldlink window. Insecure switches are left at their safe defaults (E4). */
export function windowWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  } as const;
}

/** Keys that must never appear in webPreferences (E4): each weakens a browser protection. */
export const FORBIDDEN_WEB_PREFERENCES = ['webSecurity', 'allowRunningInsecureContent', 'experimentalFeatures', 'enableBlinkFeatures'] as const;

export function windowOptions(preloadPath: string) {
  return {
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Fieldlink',
    show: false,
    backgroundColor: '#1b1f24',
    webPreferences: windowWebPreferences(preloadPath),
  };
}

/** Our own content: the app:// origin only (file:, http:, about:blank and data: are not). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Hosts whose https pages may open in the user's browser (help links). Everything else is dropped (E6). */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['www.quectel.com', 'github.com'];

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && EXTERNAL_LINK_HOSTS.includes(parsed.hostname);
  } catch {
    return false;
  }
}

/** Permissions the page may use (E5): writing to the clipboard (copy a log line), from our own content only. */
export const GRANTED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

export function permissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return GRANTED_PERMISSIONS.includes(permission) && isAppUrl(requestingUrl);
}
