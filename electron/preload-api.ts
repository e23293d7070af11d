/**
 * What the preload exposes as `window.fieldlink` (E7): one function per IPC method and
 * `onEvent(listener) → unsubscribe`, nothing else: never ipcRenderer, never a generic
 * `invoke(channel)`. Kept free of 'electron' so a test can build it over a fake ipcRenderer.
 *
 * A failed call rejects with a plain `{ name: 'IpcError', code, message }` object: contextBridge
 * keeps only the message of an Error, and the code is what the UI acts on. The renderer's
 * getFieldlinkApi() (renderer/bridge) turns it back into an IpcError and validates responses.
 */
import { EVENT_CHANNEL, IPC_METHOD_NAMES, IpcEnvelopeSchema, ipcChannel } from '../shared/ipc.ts';
import type { FieldlinkApi, IpcEvent, IpcMethod } from '../shared/ipc.ts';

/** The part of Electron's ipcRenderer the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createPreloadApi(ipcRenderer: IpcRendererLike): FieldlinkApi {
  const methods = Object.fromEntries(IPC_METHOD_NAMES.map((method) => [method, (request: unknown) => invoke(ipcRenderer, method, request)]));
  const onEvent = (listener: (event: IpcEvent) => void) => {
    const forward = (_event: unknown, payload: unknown) => listener(payload as IpcEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  };
  return Object.freeze({ ...methods, onEvent }) as unknown as FieldlinkApi;
}

async function invoke(ipcRenderer: IpcRendererLike, method: IpcMethod, request: unknown): Promise<unknown> {
  const envelope = IpcEnvelopeSchema.safeParse(await ipcRenderer.invoke(ipcChannel(method), request ?? {}));
  if (!envelope.success) throw Object.freeze({ name: 'IpcError', code: 'bad-response', message: `${method}: malformed reply from the main process` });
  if (envelope.data.ok) return envelope.data.response;
  throw Object.freeze({ name: 'IpcError', ...envelope.data.error });
}
