/**
 * FieldlinkApi over the web-mode WebSocket (electron/web/): request frames with ids, result and
 * error frames matched back to them, event frames to the subscribers. Every frame from the
 * server is validated (WsFrameFromServerSchema) and every response with its method's schema
 * (parseResponse) before it reaches the UI. After a lost connection it reconnects with backoff;
 * calls made while it is down wait for the connection.
 */
import { IPC_METHOD_NAMES, IpcError, WsFrameFromServerSchema, parseResponse } from '../../shared/ipc.ts';
import type { FieldlinkApi, IpcEvent, IpcMethod, WsRequestFrame } from '../../shared/ipc.ts';

/** The part of the WebSocket API we use (the browser's, or the `ws` package in Node tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WsClientOptions {
  /** `ws://127.0.0.1:<port>/bridge?token=...` */
  url: string;
  createSocket?: WebSocketFactory;
  /** Waits between reconnect attempts (the last one repeats). */
  reconnectDelaysMs?: readonly number[];
  /** How many times in a row a connection may fail before pending calls are rejected. */
  maxFailedAttempts?: number;
}

export interface WsFieldlinkClient extends FieldlinkApi {
  /** Closes the connection for good; pending calls reject with `disconnected`. */
  close(): void;
}

const OPEN = 1;
const DEFAULT_DELAYS = [250, 1000, 2000, 5000] as const;

interface Pending {
  method: IpcMethod;
  resolve(value: unknown): void;
  reject(error: IpcError): void;
}

export function createWsClient(options: WsClientOptions): WsFieldlinkClient {
  const connection = new Connection(options);
  const methods = Object.fromEntries(IPC_METHOD_NAMES.map((method) => [method, (request: unknown) => connection.call(method, request)]));
  return { ...methods, onEvent: (listener) => connection.subscribe(listener), close: () => connection.close() } as WsFieldlinkClient;
}

class Connection {
  #socket: WebSocketLike | undefined;
  #nextId = 1;
  #failures = 0;
  #closed = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  readonly #pending = new Map<number, Pending>();
  /** Frames waiting for the socket to open. */
  readonly #outbox: WsRequestFrame[] = [];
  readonly #listeners = new Set<(event: IpcEvent) => void>();

  constructor(private readonly options: WsClientOptions) {}

  call(method: IpcMethod, request: unknown): Promise<unknown> {
    if (this.#closed) return Promise.reject(new IpcError('disconnected', `${method}: the connection is closed`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { method, resolve, reject });
      this.#send({ id, method, request: request ?? {} });
    });
  }

  subscribe(listener: (event: IpcEvent) => void): () => void {
    this.#listeners.add(listener);
    this.#connect(); // events flow only while connected
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#socket?.close(1000, 'client closed');
    this.#socket = undefined;
    this.#failAll(new IpcError('disconnected', 'the connection was closed'));
  }

  #send(frame: WsRequestFrame): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify(frame));
    else {
      this.#outbox.push(frame);
      this.#connect();
    }
  }

  #connect(): void {
    if (this.#socket || this.#closed || this.#retry) return;
    const socket = (this.options.createSocket ?? browserSocket)(this.options.url);
    this.#socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.#failures = 0;
      for (const frame of this.#outbox.splice(0)) socket.send(JSON.stringify(frame));
    };
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onerror = () => undefined; // onclose follows
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#lost(opened);
    };
  }

  /** Calls sent on a lost socket may or may not have run: they fail; queued ones wait for the next socket. */
  #lost(wasOpen: boolean): void {
    const sent = [...this.#pending.entries()].filter(([id]) => !this.#outbox.some((f) => f.id === id));
    for (const [id, pending] of sent) {
      this.#pending.delete(id);
      pending.reject(new IpcError('disconnected', `${pending.method}: the connection to Fieldlink was lost`));
    }
    if (!wasOpen) this.#failures++;
    if (this.#failures >= (this.options.maxFailedAttempts ?? 3)) {
      this.#outbox.splice(0);
      this.#failAll(new IpcError('disconnected', 'cannot reach Fieldlink: is `fieldlink web` still running, and was the page opened with its token?'));
      this.#failures = 0;
      if (this.#listeners.size === 0) return;
    }
    if (this.#closed || (this.#listeners.size === 0 && this.#outbox.length === 0)) return;
    const delays = this.options.reconnectDelaysMs ?? DEFAULT_DELAYS;
    const delay = delays[Math.min(this.#failures, delays.length - 1)] ?? 1000;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#connect();
    }, delay);
  }

  #receive(data: unknown): void {
    let raw: unknown;
    try {
      raw = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return;
    }
    const frame = WsFrameFromServerSchema.safeParse(raw);
    if (!frame.success) return;
    const message = frame.data;
    if (message.kind === 'event') {
      for (const listener of [...this.#listeners]) listener(message.event);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.kind === 'error') pending.reject(new IpcError(message.error.code, message.error.message));
    else settle(pending, message.response);
  }

  #failAll(error: IpcError): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

function settle(pending: Pending, response: unknown): void {
  try {
    pending.resolve(parseResponse(pending.method, response));
  } catch (error) {
    pending.reject(error as IpcError);
  }
}

function browserSocket(url: string): WebSocketLike {
  return new WebSocket(url) as unknown as WebSocketLike;
}
