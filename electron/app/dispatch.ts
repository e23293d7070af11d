/**
 * The one door into the back end, shared by Electron IPC (electron/ipc.ts) and the web-mode
 * WebSocket (electron/web/bridge.ts): the method must be one of IPC_METHODS, the request is parsed
 * with its schema before the back end sees it (E7), and the response is checked against its schema
 * before it leaves, so a bug can never push an off-contract value into the renderer.
 */
import { IPC_METHODS, IpcError, isIpcMethod, parseRequest } from '../../shared/ipc.ts';
import type { IpcEnvelope, IpcEvent, IpcMethod, IpcParsedRequest, IpcResponse } from '../../shared/ipc.ts';
import { toIpcErrorPayload } from './errors.ts';

/** One function per IPC method, taking the parsed request. */
export type BackendHandlers = { [M in IpcMethod]: (request: IpcParsedRequest<M>) => Promise<IpcResponse<M>> };

/** What electron/ipc.ts and the web bridge need from the back end. */
export interface BackendApi extends BackendHandlers {
  onEvent(listener: (event: IpcEvent) => void): () => void;
}

export async function dispatch(backend: BackendHandlers, method: unknown, input: unknown): Promise<IpcEnvelope> {
  try {
    if (!isIpcMethod(method)) throw new IpcError('bad-request', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
    return { ok: true, response: await call(backend, method, input) };
  } catch (error) {
    return { ok: false, error: toIpcErrorPayload(error) };
  }
}

async function call<M extends IpcMethod>(backend: BackendHandlers, method: M, input: unknown): Promise<IpcResponse<M>> {
  const request = parseRequest(method, input);
  const handler = backend[method] as (request: IpcParsedRequest<M>) => Promise<IpcResponse<M>>;
  const response = await handler.call(backend, request);
  const checked = IPC_METHODS[method].response.safeParse(response);
  if (!checked.success) throw new IpcError('internal', `${method}: the back end returned an invalid response (${checked.error.issues[0]?.message ?? ''})`);
  return checked.data as IpcResponse<M>;
}
