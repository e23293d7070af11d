/**
 * Electron IPC for the back end: one `ipcMain.handle('fieldlink:<method>')` per IPC method.
 * Every call first checks the sending frame (E7: only our own app:// page may call), then goes
 * through dispatch() (schema-validated request and response); errors travel as an IpcEnvelope so
 * their code survives. Back-end events are forwarded to the window on EVENT_CHANNEL.
 *
 * This module does not import 'electron': main.ts passes ipcMain in, tests pass a fake.
 */
import { EVENT_CHANNEL, IPC_METHOD_NAMES, ipcChannel } from '../shared/ipc.ts';
import type { IpcEnvelope, IpcEvent } from '../shared/ipc.ts';
import { dispatch } from './app/dispatch.ts';
import type { BackendApi } from './app/dispatch.ts';

/** The part of Electron's IpcMainInvokeEvent we look at. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null | undefined;
}

/** The part of Electron's ipcMain we use. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Where events go (the window's webContents). */
export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

export interface IpcHandlerOptions {
  /** True only for frames showing our own content (see isAppUrl in window-options.ts). */
  isTrustedSender: (frame: { url: string } | null | undefined) => boolean;
  /** The window to forward events to; undefined while there is none. */
  eventTarget?: () => EventTarget | undefined;
  /** Told about refused calls (for the log). */
  onRejected?: (channel: string, url: string | undefined) => void;
}

export const UNTRUSTED_SENDER = 'untrusted-sender';

/** Registers every handler; returns a function that removes them and stops event forwarding. */
export function registerIpcHandlers(ipcMain: IpcMainLike, backend: BackendApi, options: IpcHandlerOptions): () => void {
  for (const method of IPC_METHOD_NAMES) {
    const channel = ipcChannel(method);
    ipcMain.handle(channel, async (event, request): Promise<IpcEnvelope> => {
      if (!options.isTrustedSender(event.senderFrame)) {
        options.onRejected?.(channel, event.senderFrame?.url);
        return { ok: false, error: { code: UNTRUSTED_SENDER, message: `${method}: refused, the caller is not the Fieldlink window` } };
      }
      return dispatch(backend, method, request);
    });
  }
  const stopEvents = backend.onEvent((event: IpcEvent) => {
    const target = options.eventTarget?.();
    if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, event);
  });
  return () => {
    stopEvents();
    for (const method of IPC_METHOD_NAMES) ipcMain.removeHandler(ipcChannel(method));
  };
}
