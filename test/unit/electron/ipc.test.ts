import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, IPC_METHOD_NAMES, IpcError, ipcChannel } from '../../../shared/ipc.ts';
import type { IpcEnvelope, IpcEvent } from '../../../shared/ipc.ts';
import { AppError } from '../../../electron/app/errors.ts';
import { UNTRUSTED_SENDER, registerIpcHandlers } from '../../../electron/ipc.ts';
import { isAppUrl } from '../../../electron/window-options.ts';
import { APP_FRAME_URL, FakeIpcMain, FakeWebContents } from '../../helpers/electron-mock.ts';
import { FAKE_PORTS, createFakeBackend } from '../../helpers/fake-backend.ts';
import type { FakeBackend } from '../../helpers/fake-backend.ts';

const RUNNER_EVENT: IpcEvent = {
  channel: 'runner',
  runId: 'run-1',
  event: { type: 'step-started', t: 1_750_000_000_000, step: 'identify' },
};

describe('registerIpcHandlers', () => {
  let ipcMain: FakeIpcMain;
  let backend: FakeBackend;
  let webContents: FakeWebContents;
  let unregister: () => void;

  beforeEach(() => {
    ipcMain = new FakeIpcMain();
    backend = createFakeBackend();
    webContents = new FakeWebContents();
    unregister = registerIpcHandlers(ipcMain, backend, { isTrustedSender: (frame) => isAppUrl(frame?.url), eventTarget: () => webContents });
  });
  afterEach(() => unregister());

  const call = (method: string, request: unknown, frameUrl: string | null = APP_FRAME_URL) =>
    ipcMain.invoke(`fieldlink:${method}`, [request], frameUrl) as Promise<IpcEnvelope>;

  it('registers exactly one handler per IPC method, on fieldlink:<method>', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(IPC_METHOD_NAMES.map((m) => ipcChannel(m)).sort());
  });

  it.each([
    ['a remote web page', 'https://evil.example/'],
    ['a file:// page', 'file:///etc/passwd'],
    ['another app:// host', 'app://other/index.html'],
    ['about:blank', 'about:blank'],
    ['a destroyed frame', null],
  ])('E7: refuses a call from %s without touching the back end', async (_label, url) => {
    const envelope = await call('listPorts', {}, url);
    expect(envelope).toEqual({ ok: false, error: { code: UNTRUSTED_SENDER, message: expect.stringContaining('listPorts') } });
    expect(backend.listPorts).not.toHaveBeenCalled();
  });

  it('E7: the sender check runs on every method, also the ones that change things', async () => {
    for (const method of IPC_METHOD_NAMES) {
      const envelope = await call(method, {}, 'https://evil.example/');
      expect(envelope.ok, method).toBe(false);
    }
    expect(backend.startRun).not.toHaveBeenCalled();
    expect(backend.saveProfile).not.toHaveBeenCalled();
  });

  it.each([
    ['startRun', { port: '', profile: 'demo' }, 'port'],
    ['startRun', { port: 'sim:', profile: 'demo', fotaPolicy: 'maybe' }, 'fotaPolicy'],
    ['startRun', { port: 'sim:', profile: 'demo', shell: 'rm -rf /' }, 'shell'],
    ['answerFota', { runId: 'run-1', target: 'bootloader', accept: true }, 'target'],
    ['sendAt', { port: 'sim:', command: 'A'.repeat(5000) }, 'command'],
    ['setSettings', { language: 'fr' }, 'language'],
    ['retryRun', { runId: 'run-1', fromStep: 'format-disk' }, 'fromStep'],
  ])('E7: %s with bad arguments is a bad-request naming the field (%o)', async (method, request, field) => {
    const envelope = await call(method, request);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('bad-request');
    expect(envelope.error.message).toContain(field);
    expect(backend[method as 'startRun']).not.toHaveBeenCalled();
  });

  it('delegates listPorts to the back end and returns its answer', async () => {
    expect(await call('listPorts', {})).toEqual({ ok: true, response: FAKE_PORTS });
    expect(backend.listPorts).toHaveBeenCalledTimes(1);
  });

  it('passes the parsed request to the back end (startRun, answerFota, sendAt)', async () => {
    expect(await call('startRun', { port: 'sim:', profile: 'demo', fotaPolicy: 'auto' })).toEqual({ ok: true, response: { runId: 'run-1' } });
    expect(backend.startRun).toHaveBeenCalledWith({ port: 'sim:', profile: 'demo', fotaPolicy: 'auto' });
    await call('answerFota', { runId: 'run-1', target: 'main', accept: true });
    expect(backend.answerFota).toHaveBeenCalledWith({ runId: 'run-1', target: 'main', accept: true });
    expect(await call('sendAt', { port: 'sim:', command: 'ATI' })).toEqual({ ok: true, response: { command: 'ATI', lines: ['Quectel'], final: 'OK' } });
  });

  it('startDiagnosis: the parsed request reaches the back end; a path as profile is refused before it does', async () => {
    expect(await call('startDiagnosis', { port: 'sim:no-sim' })).toEqual({ ok: true, response: { runId: 'diag-1' } });
    expect(backend.startDiagnosis).toHaveBeenCalledWith({ port: 'sim:no-sim' });
    const refused = await call('startDiagnosis', { port: 'sim:', profile: '../../etc/passwd' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('startDiagnosis: profile') } });
    expect(backend.startDiagnosis).toHaveBeenCalledTimes(1);
  });

  it('forwards diagnosis events to the window on the same event channel', () => {
    const event: IpcEvent = { channel: 'diagnosis', runId: 'diag-1', event: { type: 'step-started', t: 1_750_000_000_000, step: 'identify' } };
    backend.emit(event);
    expect(webContents.sent).toEqual([{ channel: EVENT_CHANNEL, payload: event }]);
  });

  it('a call without arguments counts as an empty request', async () => {
    const envelope = (await ipcMain.invoke('fieldlink:getSettings', [])) as IpcEnvelope;
    expect(envelope).toEqual({ ok: true, response: { language: 'en', theme: 'dark' } });
  });

  it('serialises a typed back-end error with its code', async () => {
    backend.cancelRun = async () => {
      throw new AppError('not-found', 'no run run-9');
    };
    expect(await call('cancelRun', { runId: 'run-9' })).toEqual({ ok: false, error: { code: 'not-found', message: 'no run run-9' } });
  });

  it('an unexpected error becomes `internal`, and a key in its message is redacted (K6)', async () => {
    backend.getReport = async () => {
      throw new Error('boom -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----');
    };
    const envelope = await call('getReport', { runId: 'run-1' });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('internal');
    expect(envelope.error.message).toContain('boom');
    expect(envelope.error.message).not.toContain('PRIVATE KEY');
  });

  it('a back-end answer that breaks the contract is not passed on', async () => {
    backend.listPorts = async () => [{ uri: 'sim:' }] as never;
    const envelope = await call('listPorts', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('IpcError thrown by the back end keeps its code', async () => {
    backend.publishTest = async () => {
      throw new IpcError('bad-state', 'publishTest: run run-1 is not connected');
    };
    expect(await call('publishTest', { runId: 'run-1', payload: 'hi' })).toEqual({
      ok: false,
      error: { code: 'bad-state', message: 'publishTest: run run-1 is not connected' },
    });
  });

  it('forwards back-end events to the window on the event channel', () => {
    backend.emit(RUNNER_EVENT);
    expect(webContents.sent).toEqual([{ channel: EVENT_CHANNEL, payload: RUNNER_EVENT }]);
  });

  it('sends nothing to a destroyed window', () => {
    webContents.destroyed = true;
    backend.emit(RUNNER_EVENT);
    expect(webContents.sent).toEqual([]);
  });

  it('unregistering removes every handler and stops forwarding', () => {
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
    expect(backend.listenerCount()).toBe(0);
    backend.emit(RUNNER_EVENT);
    expect(webContents.sent).toEqual([]);
    unregister = () => undefined;
  });
});
