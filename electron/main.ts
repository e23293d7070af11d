/**
 * The Electron main process, kept thin: the secure window (window-options.ts), the `app://`
 * protocol serving dist-renderer/ with path containment (E8) and the CSP (E3), navigation,
 * pop-ups and permissions denied (E5, E6), the back end (app/backend.ts) behind IPC (ipc.ts,
 * sender-checked, E7), the file dialog for importing a profile. No credential is stored, so no
 * keychain is needed (K3). Closing the window during a run cancels the run cleanly before the app quits.
 *
 * `--demo` (npm start) starts the demo cloud and the virtual device at launch.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, protocol, session, shell } from 'electron';
import type { WebContents } from 'electron';
import { createBackend } from './app/backend.ts';
import type { Backend } from './app/backend.ts';
import { resolveStaticFile } from './app/static-files.ts';
import { registerIpcHandlers } from './ipc.ts';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_SCHEME,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAppUrl,
  permissionAllowed,
  windowOptions,
} from './window-options.ts';

const DEMO_MODE = process.argv.includes('--demo') || process.env.FIELDLINK_DEMO === '1';
const CSP = contentSecurityPolicy();

let backend: Backend | undefined;
let mainWindow: BrowserWindow | undefined;
let quitting = false;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => mainWindow?.focus());
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (quitting || !backend) return;
    event.preventDefault();
    quitting = true;
    void backend.dispose().finally(() => app.quit());
  });
  app.whenReady().then(start, (error: unknown) => fail(error));
}

async function start(): Promise<void> {
  serveAppProtocol();
  secureSession();
  const dataDir = app.getPath('userData');
  backend = createBackend({
    dataDir,
    demo: { cloud: { dataDir: path.join(dataDir, 'demo-cloud') } },
    log: (message) => console.warn(`fieldlink: ${message}`),
    pickProfileFile,
    pickBundleTarget,
    pickBundleFile,
  });
  registerIpcHandlers(ipcMain, backend, {
    isTrustedSender: (frame) => isAppUrl(frame?.url),
    eventTarget: () => mainWindow?.webContents,
    onRejected: (channel, url) => console.warn(`fieldlink: refused ${channel} from ${url ?? 'an unknown frame'}`),
  });
  if (DEMO_MODE) void backend.startDemo().catch((error: unknown) => console.warn(`fieldlink: demo start failed: ${(error as Error).message}`));
  createWindow();
}

/**
 * importProfileFile: the user picks the profile in a native dialog; the path goes from here to the
 * back end and never through the page (which may only name stored profiles).
 */
async function pickProfileFile(): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = {
    title: 'Import a Fieldlink profile',
    properties: ['openFile'],
    filters: [{ name: 'Fieldlink profile', extensions: ['json'] }],
  };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

/** "Save support bundle": where the zip goes (the back end writes it; the page never names a path). */
async function pickBundleTarget(suggestedName: string): Promise<string | undefined> {
  const options: Electron.SaveDialogOptions = { title: 'Save support bundle', defaultPath: suggestedName, filters: [{ name: 'Support bundle', extensions: ['zip'] }] };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? undefined : result.filePath;
}

/** "Open bundle…": the zip to verify and replay. */
async function pickBundleFile(): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = { title: 'Open a support bundle', properties: ['openFile'], filters: [{ name: 'Support bundle', extensions: ['zip'] }] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

function createWindow(): void {
  const window = new BrowserWindow(windowOptions(path.join(app.getAppPath(), 'dist-electron', 'preload.cjs')));
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    const runs = backend?.activeRuns() ?? [];
    if (runs.length === 0 || !backend) return;
    event.preventDefault(); // cancel the running sequences first, so the device is left in a known state
    void backend.cancelAllRuns().finally(() => window.destroy());
  });
  window.on('closed', () => {
    mainWindow = undefined;
  });
  void window.loadURL(APP_ENTRY_URL);
}

/** `app://fieldlink/<path>` → dist-renderer/<path>, never outside it (E8). */
function serveAppProtocol(): void {
  const root = path.join(app.getAppPath(), 'dist-renderer');
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const found = url.host === APP_HOST ? await resolveStaticFile(root, url.pathname) : undefined;
    if (!found) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    return new Response(new Uint8Array(await readFile(found.file)), {
      headers: { 'content-type': found.contentType, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' },
    });
  });
}

/** CSP on every response (E3); permission requests and checks denied unless allow-listed (E5). */
function secureSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  ses.setPermissionRequestHandler((contents, permission, callback) => callback(permissionAllowed(permission, contents.getURL())));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
}

/** No navigation, no pop-ups, no webviews (E6); allow-listed https links open in the browser. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function fail(error: unknown): void {
  console.error(`fieldlink: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
}
