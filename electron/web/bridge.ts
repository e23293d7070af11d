/**
 * One web-mode WebSocket connection: request frames in (validated, then the same dispatch() as
 * Electron IPC), result/error frames out, and every back-end event pushed as an event frame.
 */
import type { RawData, WebSocket } from 'ws';
import { WsRequestFrameSchema } from '../../shared/ipc.ts';
import type { WsFrameFromServer } from '../../shared/ipc.ts';
import { dispatch } from '../app/dispatch.ts';
import type { BackendApi } from '../app/dispatch.ts';

/** Above this many unsent bytes, AT-traffic events are dropped for this client (a stalled tab must not grow memory). */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export function attachBridge(socket: WebSocket, backend: BackendApi): void {
  const send = (frame: WsFrameFromServer) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const stopEvents = backend.onEvent((event) => {
    const droppable = (event.channel === 'runner' || event.channel === 'diagnosis') && event.event.type === 'at-traffic';
    if (droppable && socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    send({ kind: 'event', event });
  });
  socket.on('close', stopEvents);
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    void handleFrame(isBinary ? undefined : textOf(data), backend).then(send);
  });
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

async function handleFrame(text: string | undefined, backend: BackendApi): Promise<WsFrameFromServer> {
  let raw: unknown;
  try {
    raw = text === undefined ? undefined : JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const frame = WsRequestFrameSchema.safeParse(raw);
  if (!frame.success) {
    const id = (raw as { id?: unknown } | undefined)?.id;
    const issue = frame.error.issues[0];
    const message = raw === undefined ? 'frames must be JSON text' : `bad frame: ${issue?.path.join('.') || 'frame'}: ${issue?.message ?? 'invalid'}`;
    return { kind: 'error', id: Number.isInteger(id) ? (id as number) : -1, error: { code: 'bad-request', message } };
  }
  const { id, method, request } = frame.data;
  const envelope = await dispatch(backend, method, request);
  return envelope.ok ? { kind: 'result', id, response: envelope.response } : { kind: 'error', id, error: envelope.error };
}
