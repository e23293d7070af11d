// Loads the bundled dist-electron/main.cjs (or preload.cjs) under plain Node with a hand-written
// fake 'electron' module, drives it like Electron would, and prints what it did as one JSON line.
// Used by test/unit/electron/bundle.test.ts: proves the bundle's wiring without the Electron binary.
//   node bundled-main-harness.mjs main <bundleDir> <appDir> <userDataDir>
//   node bundled-main-harness.mjs preload <bundleDir>
import { EventEmitter } from 'node:events';
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

const [mode, bundleDir, appDir, userData] = process.argv.slice(2);
const report = { mode, errors: [] };

function fakeElectronForPreload() {
  const ipcRenderer = new EventEmitter();
  ipcRenderer.invoke = async (channel, request) => ({ ok: true, response: { channel, request } });
  return {
    ipcRenderer,
    contextBridge: {
      exposeInMainWorld(key, api) {
        report.exposedKey = key;
        report.exposedNames = Object.keys(api).sort();
        report.exposed = api;
      },
    },
  };
}

function fakeElectronForMain() {
  const app = new EventEmitter();
  let quitCalls = 0;
  Object.assign(app, {
    whenReady: () => Promise.resolve(),
    getPath: () => userData,
    getAppPath: () => appDir,
    enableSandbox: () => (report.enableSandbox = true),
    requestSingleInstanceLock: () => true,
    quit() {
      quitCalls += 1;
      report.quitCalls = quitCalls;
      const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      app.emit('before-quit', event);
      if (!event.defaultPrevented) report.quitCompleted = true;
    },
    exit: (code) => report.errors.push(`app.exit(${code})`),
  });
  const handlers = new Map();
  const ipcMain = { handle: (channel, fn) => handlers.set(channel, fn), removeHandler: (channel) => handlers.delete(channel) };
  const protocols = new Map();
  const session = {
    defaultSession: {
      webRequest: { onHeadersReceived: (fn) => (report.headersHook = fn) },
      setPermissionRequestHandler: (fn) => (report.permissionRequest = fn),
      setPermissionCheckHandler: (fn) => (report.permissionCheck = fn),
    },
  };
  class BrowserWindow extends EventEmitter {
    constructor(options) {
      super();
      report.windowOptions = options;
      this.webContents = {
        send: (channel, payload) => (report.sent = [...(report.sent ?? []), { channel, payload }]),
        isDestroyed: () => false,
      };
      report.window = this;
    }
    loadURL(url) {
      report.loadedUrl = url;
      return Promise.resolve();
    }
    show() {}
    focus() {}
    destroy() {
      report.destroyed = true;
    }
  }
  return {
    app,
    BrowserWindow,
    ipcMain,
    handlers,
    protocol: {
      registerSchemesAsPrivileged: (schemes) => (report.privilegedSchemes = schemes),
      handle: (scheme, fn) => protocols.set(scheme, fn),
      protocols,
    },
    session,
    shell: { openExternal: async (url) => (report.openedExternal = [...(report.openedExternal ?? []), url]) },
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
  };
}

const fake = mode === 'preload' ? fakeElectronForPreload() : fakeElectronForMain();
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'electron') return fake;
  return originalLoad.call(this, request, parent, isMain);
};

async function waitFor(test, what) {
  for (let i = 0; i < 2400; i++) {
    if (test()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function driveMain() {
  require(path.join(bundleDir, 'main.cjs'));
  await waitFor(() => report.window && fake.handlers.size > 0, 'the window and the IPC handlers');
  report.channels = [...fake.handlers.keys()].sort();
  const invoke = (channel, url, request) => fake.handlers.get(channel)({ senderFrame: url === null ? null : { url } }, request);
  report.listPortsFromApp = await invoke('fieldlink:listPorts', 'app://fieldlink/index.html', {});
  report.listPortsFromWeb = await invoke('fieldlink:listPorts', 'https://evil.example/', {});
  report.badRequest = await invoke('fieldlink:startRun', 'app://fieldlink/index.html', { port: '', profile: 'demo' });
  const serve = fake.protocol.protocols.get('app');
  const fetchApp = async (url) => {
    const response = await serve({ url });
    return { status: response.status, csp: response.headers.get('content-security-policy'), body: await response.text() };
  };
  report.index = await fetchApp('app://fieldlink/index.html');
  report.traversal = await fetchApp('app://fieldlink/..%2f..%2fsecret.txt');
  report.otherHost = await fetchApp('app://other/index.html');
  report.headers = await new Promise((resolve) => report.headersHook({ responseHeaders: { 'X-Test': ['1'] } }, resolve));
  report.permissionMedia = await new Promise((resolve) => report.permissionRequest({ getURL: () => 'app://fieldlink/index.html' }, 'media', resolve));
  report.permissionCheckGeolocation = report.permissionCheck(null, 'geolocation', 'app://fieldlink');
  const contents = new EventEmitter();
  contents.setWindowOpenHandler = (fn) => (contents.openHandler = fn);
  fake.app.emit('web-contents-created', {}, contents);
  const navigation = { prevented: false, preventDefault() { this.prevented = true; } };
  contents.emit('will-navigate', navigation);
  report.navigationPrevented = navigation.prevented;
  report.popupRemote = contents.openHandler({ url: 'https://evil.example/' });
  report.popupAllowed = contents.openHandler({ url: 'https://www.quectel.com/' });
  const closing = { prevented: false, preventDefault() { this.prevented = true; } };
  report.window.emit('close', closing);
  report.closePreventedWithoutRuns = closing.prevented;
  const started = await invoke('fieldlink:startRun', 'app://fieldlink/index.html', { port: 'sim:', profile: 'demo', fotaPolicy: 'never' });
  report.startRun = started;
  const runEvents = () => (report.sent ?? []).filter((s) => s.payload.channel === 'runner').map((s) => s.payload.event);
  await waitFor(() => runEvents().some((e) => e.type === 'step-passed'), 'the run to pass its first step');
  const closingDuringRun = { prevented: false, preventDefault() { this.prevented = true; } };
  report.window.emit('close', closingDuringRun);
  report.closePreventedDuringRun = closingDuringRun.prevented;
  await waitFor(() => report.destroyed, 'the window to be destroyed after the cancel');
  report.lastRunEvent = runEvents().filter((e) => e.type !== 'run-state').at(-1);
  report.lastRunState = runEvents().findLast((e) => e.type === 'run-state');
  fake.app.quit();
  await waitFor(() => report.quitCompleted, 'the orderly quit');
}

async function drivePreload() {
  require(path.join(bundleDir, 'preload.cjs'));
  report.listPorts = await report.exposed.listPorts({});
  delete report.exposed;
}

(mode === 'preload' ? drivePreload() : driveMain())
  .catch((error) => report.errors.push(String(error && error.stack ? error.stack : error)))
  .finally(() => {
    delete report.window;
    delete report.headersHook;
    delete report.permissionRequest;
    delete report.permissionCheck;
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.exit(0);
  });
