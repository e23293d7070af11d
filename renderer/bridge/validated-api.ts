/**
 * Wraps the preload's `window.fieldlink` so the UI gets the same guarantees as over the
 * WebSocket: responses parsed with their schema, events with IpcEventSchema (invalid ones are
 * dropped), and every rejection an IpcError with its code (contextBridge delivers `{ code, message }`).
 */
import { IPC_METHOD_NAMES, IpcEventSchema, parseResponse, toIpcError } from '../../shared/ipc.ts';
import type { FieldlinkApi, IpcEvent, IpcMethod } from '../../shared/ipc.ts';

type RawApi = Record<IpcMethod, (request: unknown) => Promise<unknown>> & {
  onEvent(listener: (event: unknown) => void): () => void;
};

export function isFieldlinkBridge(value: unknown): value is RawApi {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.onEvent === 'function' && IPC_METHOD_NAMES.every((m) => typeof candidate[m] === 'function');
}

export function validatedApi(raw: RawApi): FieldlinkApi {
  const call = async (method: IpcMethod, request: unknown) => {
    let response: unknown;
    try {
      response = await raw[method](request ?? {});
    } catch (error) {
      throw toIpcError(error);
    }
    return parseResponse(method, response);
  };
  const methods = Object.fromEntries(IPC_METHOD_NAMES.map((method) => [method, (request: unknown) => call(method, request)]));
  const onEvent = (listener: (event: IpcEvent) => void) =>
    raw.onEvent((event) => {
      const parsed = IpcEventSchema.safeParse(event);
      if (parsed.success) listener(parsed.data);
    });
  return { ...methods, onEvent } as FieldlinkApi;
}
