/**
 * The Electron binary cannot be downloaded here, so the desktop wiring is proven on the bundle
 * itself: build/bundle-electron.mjs must produce dist-electron/main.cjs and preload.cjs, and both
 * are then loaded under plain Node with a fake 'electron' (test/helpers/bundled-main-harness.mjs).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_METHOD_NAMES, ipcChannel } from '../../../shared/ipc.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HARNESS = path.join(ROOT, 'test/helpers/bundled-main-harness.mjs');

interface MainReport {
  errors: string[];
  enableSandbox?: boolean;
  privilegedSchemes?: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  windowOptions?: { webPreferences: Record<string, unknown> };
  loadedUrl?: string;
  channels?: string[];
  listPortsFromApp?: { ok: boolean; response?: Array<{ uri: string }> };
  listPortsFromWeb?: { ok: boolean; error?: { code: string } };
  badRequest?: { ok: boolean; error?: { code: string; message: string } };
  index?: { status: number; csp: string | null; body: string };
  traversal?: { status: number; body: string };
  otherHost?: { status: number };
  headers?: { responseHeaders: Record<string, string[]> };
  permissionMedia?: boolean;
  permissionCheckGeolocation?: boolean;
  navigationPrevented?: boolean;
  popupRemote?: { action: string };
  popupAllowed?: { action: string };
  openedExternal?: string[];
  closePreventedWithoutRuns?: boolean;
  closePreventedDuringRun?: boolean;
  destroyed?: boolean;
  lastRunEvent?: { type: string; outcome?: string };
  lastRunState?: { type: string; from?: string; to?: string };
  quitCompleted?: boolean;
}

describe('build/bundle-electron.mjs', () => {
  let work: string;
  let outDir: string;
  let appDir: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'fieldlink-bundle-'));
    appDir = path.join(work, 'app');
    outDir = path.join(appDir, 'dist-electron');
    await mkdir(path.join(appDir, 'dist-renderer'), { recursive: true });
    await writeFile(path.join(appDir, 'dist-renderer', 'index.html'), '<!doctype html><title>Fieldlink</title>');
    await writeFile(path.join(work, 'secret.txt'), 'not for the renderer');
    await run(process.execPath, [path.join(ROOT, 'build/bundle-electron.mjs'), '--out-dir', outDir], { cwd: ROOT, timeout: 120_000 });
  }, 180_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const harness = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, [HARNESS, ...args], {
      cwd: ROOT,
      timeout: 60_000,
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), FIELDLINK_SIM_FAST: '1' },
    });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as MainReport & { exposedKey?: string; exposedNames?: string[]; listPorts?: unknown };
  };

  it('writes dist-electron/main.cjs and preload.cjs', async () => {
    for (const file of ['main.cjs', 'preload.cjs']) expect((await stat(path.join(outDir, file))).size).toBeGreaterThan(1000);
    const main = await readFile(path.join(outDir, 'main.cjs'), 'utf8');
    expect(main).toMatch(/require\("electron"\)/);
    // The app version in records and bundles is inlined: a relative read of package.json from
    // dist-electron/ would look one folder above the app and find nothing.
    expect(main).not.toContain('"../../package.json"');
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(main).toMatch(new RegExp(`name: "fieldlink",\\s+version: "${version.replace(/\./g, '\\.')}"`));
  });

  it('preload.cjs requires nothing but electron and exposes only the narrow API (E7)', async () => {
    const preload = await readFile(path.join(outDir, 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    const report = await harness('preload', outDir);
    expect(report.errors).toEqual([]);
    expect(report.exposedKey).toBe('fieldlink');
    expect(report.exposedNames).toEqual([...IPC_METHOD_NAMES, 'onEvent'].sort());
    expect(report.listPorts).toEqual({ channel: 'fieldlink:listPorts', request: {} });
  });

  describe('main.cjs under a fake Electron', () => {
    let report: MainReport;
    beforeAll(async () => {
      report = await harness('main', outDir, appDir, path.join(work, 'user-data'));
    }, 90_000);

    it('starts without errors and loads the app:// entry in a sandboxed window (E2, E4)', () => {
      expect(report.errors).toEqual([]);
      expect(report.enableSandbox).toBe(true);
      expect(report.loadedUrl).toBe('app://fieldlink/index.html');
      expect(report.windowOptions?.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
      expect(report.windowOptions?.webPreferences).not.toHaveProperty('webSecurity');
      expect(report.windowOptions?.webPreferences.preload).toBe(path.join(appDir, 'dist-electron', 'preload.cjs'));
      expect(report.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    });

    it('registers every IPC channel, answers our frame and refuses a foreign one (E7)', () => {
      expect(report.channels).toEqual(IPC_METHOD_NAMES.map((m) => ipcChannel(m)).sort());
      expect(report.listPortsFromApp?.ok).toBe(true);
      expect(report.listPortsFromApp?.response?.map((p) => p.uri)).toContain('sim:');
      expect(report.listPortsFromWeb).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
      expect(report.badRequest).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('port') } });
    });

    it('serves dist-renderer through app:// with the CSP, and nothing outside it (E3, E8)', () => {
      expect(report.index).toMatchObject({ status: 200, body: '<!doctype html><title>Fieldlink</title>' });
      expect(report.index?.csp).toMatch(/^default-src 'self'/);
      expect(report.traversal?.status).toBe(404);
      expect(report.traversal?.body).not.toContain('not for the renderer');
      expect(report.otherHost?.status).toBe(404);
      expect(report.headers?.responseHeaders['Content-Security-Policy']?.[0]).toMatch(/^default-src 'self'/);
    });

    it('denies permissions, navigation and pop-ups; opens only allow-listed https links (E5, E6)', () => {
      expect(report.permissionMedia).toBe(false);
      expect(report.permissionCheckGeolocation).toBe(false);
      expect(report.navigationPrevented).toBe(true);
      expect(report.popupRemote).toEqual({ action: 'deny' });
      expect(report.popupAllowed).toEqual({ action: 'deny' });
      expect(report.openedExternal).toEqual(['https://www.quectel.com/']);
    });

    it('closes without a run at once, and quits after disposing the back end', () => {
      expect(report.closePreventedWithoutRuns).toBe(false);
      expect(report.quitCompleted).toBe(true);
    });

    it('closing the window during a run cancels the run cleanly first', () => {
      expect(report.closePreventedDuringRun).toBe(true);
      expect(report.destroyed).toBe(true);
      expect(report.lastRunEvent).toMatchObject({ type: 'run-finished', outcome: 'cancelled' });
      expect(report.lastRunState).toMatchObject({ type: 'run-state', from: 'finished', to: 'closed' });
    });
  });
});
