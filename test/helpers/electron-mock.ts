/**
 * A hand-written stand-in for the parts of Electron that electron/ipc.ts and the preload use
 * (in the manner of electron/fiddle's tests/mocks/electron.ts): a fake ipcMain whose `invoke`
 * plays the renderer, with the sender frame's URL chosen by the test, a fake ipcRenderer wired to
 * it, and a fake webContents that records what was sent.
 */
import type { InvokeEventLike, IpcMainLike } from '../../electron/ipc.ts';
import type { IpcRendererLike } from '../../electron/preload-api.ts';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

export const APP_FRAME_URL = 'app://fieldlink/index.html';

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke would trigger, from a frame showing `frameUrl` (null = no frame). */
  async invoke(channel: string, args: unknown[], frameUrl: string | null = APP_FRAME_URL): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event: InvokeEventLike = { senderFrame: frameUrl === null ? null : { url: frameUrl } };
    // Electron structured-clones arguments and results; so do we, to catch non-cloneable values.
    return structuredClone(await handler(event, ...structuredClone(args)));
  }
}

export class FakeWebContents {
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  destroyed = false;

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload: structuredClone(payload) });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** An ipcRenderer talking to a FakeIpcMain from our app frame, receiving what `webContents` is sent. */
export class FakeIpcRenderer implements IpcRendererLike {
  readonly listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();

  constructor(
    private readonly ipcMain: FakeIpcMain,
    private readonly frameUrl: string = APP_FRAME_URL,
  ) {}

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.ipcMain.invoke(channel, args, this.frameUrl);
  }

  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return this;
  }

  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  /** Delivers a main → renderer message. */
  emit(channel: string, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: 'ipc-renderer-event' }, structuredClone(payload));
  }
}
