import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, IPC_METHOD_NAMES, IpcError } from '../../../shared/ipc.ts';
import type { FieldlinkApi, IpcEvent } from '../../../shared/ipc.ts';
import { AppError } from '../../../electron/app/errors.ts';
import { registerIpcHandlers } from '../../../electron/ipc.ts';
import { createPreloadApi } from '../../../electron/preload-api.ts';
import { isAppUrl } from '../../../electron/window-options.ts';
import { validatedApi } from '../../../renderer/bridge/validated-api.ts';
import { FakeIpcMain, FakeIpcRenderer } from '../../helpers/electron-mock.ts';
import { FAKE_PORTS, createFakeBackend } from '../../helpers/fake-backend.ts';
import type { FakeBackend } from '../../helpers/fake-backend.ts';

const PORTS_EVENT: IpcEvent = { channel: 'ports-changed', ports: FAKE_PORTS };

describe('preload API (window.fieldlink) over the IPC handlers', () => {
  let backend: FakeBackend;
  let ipcRenderer: FakeIpcRenderer;
  let api: FieldlinkApi;
  let unregister: () => void;

  beforeEach(() => {
    const ipcMain = new FakeIpcMain();
    backend = createFakeBackend();
    unregister = registerIpcHandlers(ipcMain, backend, { isTrustedSender: (frame) => isAppUrl(frame?.url) });
    ipcRenderer = new FakeIpcRenderer(ipcMain);
    api = createPreloadApi(ipcRenderer);
  });
  afterEach(() => unregister());

  it('E7: exposes exactly one function per IPC method plus onEvent, never ipcRenderer or a generic invoke', () => {
    expect(Object.keys(api).sort()).toEqual([...IPC_METHOD_NAMES, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('a call resolves with the back end’s response', async () => {
    expect(await api.listPorts({})).toEqual(FAKE_PORTS);
  });

  it('a failed call rejects with { code, message } (what survives contextBridge)', async () => {
    backend.retryRun = async () => {
      throw new AppError('bad-state', 'retryRun: run run-1 is still running');
    };
    await expect(api.retryRun({ runId: 'run-1' })).rejects.toEqual({ name: 'IpcError', code: 'bad-state', message: 'retryRun: run run-1 is still running' });
  });

  it('the renderer wrapper turns that rejection back into an IpcError with its code', async () => {
    const wrapped = validatedApi(api as never);
    const error = await wrapped.startRun({ port: '', profile: 'demo' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('port') });
  });

  it('the renderer wrapper rejects a response that breaks the contract (bad-response)', async () => {
    const wrapped = validatedApi({ ...(api as object), getSettings: async () => ({ language: 'xx' }) } as never);
    await expect(wrapped.getSettings({})).rejects.toMatchObject({ code: 'bad-response' });
  });

  it('onEvent delivers events without the IPC event object, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = api.onEvent((event) => seen.push(event));
    ipcRenderer.emit(EVENT_CHANNEL, PORTS_EVENT);
    off();
    ipcRenderer.emit(EVENT_CHANNEL, PORTS_EVENT);
    expect(seen).toEqual([PORTS_EVENT]);
    expect(ipcRenderer.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('the renderer wrapper drops events that do not match the schema', () => {
    const seen: unknown[] = [];
    validatedApi(api as never).onEvent((event) => seen.push(event));
    ipcRenderer.emit(EVENT_CHANNEL, { channel: 'runner', runId: 'r', event: { type: 'format-disk' } });
    ipcRenderer.emit(EVENT_CHANNEL, PORTS_EVENT);
    expect(seen).toEqual([PORTS_EVENT]);
  });
});
