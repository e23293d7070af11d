import { afterEach, describe, expect, it, vi } from 'vitest';
import { IpcError } from '../../../../shared/ipc.ts';
import type { IpcEvent, WsRequestFrame } from '../../../../shared/ipc.ts';
import { bridgeUrl } from '../../../../renderer/bridge/index.ts';
import { createWsClient } from '../../../../renderer/bridge/ws-client.ts';
import type { WebSocketLike } from '../../../../renderer/bridge/ws-client.ts';

/** A socket the test plays the server for. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: WsRequestFrame[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as WsRequestFrame);
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  reply(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
}

describe('web-mode bridge client', () => {
  const sockets: FakeSocket[] = [];
  const client = () =>
    createWsClient({
      url: 'ws://127.0.0.1:1/bridge?token=t',
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      reconnectDelaysMs: [1],
      maxFailedAttempts: 2,
    });
  afterEach(() => {
    sockets.length = 0;
  });

  it('queues a call until the socket opens, then resolves with the validated response', async () => {
    const api = client();
    const pending = api.getSettings({});
    const socket = sockets[0]!;
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(socket.sent).toEqual([{ id: 1, method: 'getSettings', request: {} }]);
    socket.reply({ kind: 'result', id: 1, response: { language: 'ko', theme: 'dark' } });
    expect(await pending).toEqual({ language: 'ko', theme: 'dark' });
  });

  it('an error frame rejects with an IpcError carrying the server’s code', async () => {
    const api = client();
    const pending = api.cancelRun({ runId: 'r' });
    sockets[0]!.open();
    sockets[0]!.reply({ kind: 'error', id: 1, error: { code: 'not-found', message: 'no run r' } });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'not-found', message: 'no run r' });
  });

  it('a response that breaks the contract rejects with bad-response', async () => {
    const api = client();
    const pending = api.listPorts({});
    sockets[0]!.open();
    sockets[0]!.reply({ kind: 'result', id: 1, response: [{ uri: 'sim:' }] });
    await expect(pending).rejects.toMatchObject({ code: 'bad-response' });
  });

  it('passes valid events to subscribers and drops malformed frames', () => {
    const api = client();
    const seen: IpcEvent[] = [];
    const off = api.onEvent((event) => seen.push(event));
    const socket = sockets[0]!;
    socket.open();
    const event: IpcEvent = { channel: 'terminal', port: 'sim:', t: 1, kind: 'urc', text: '+QIURC: "pdpdeact",1' };
    socket.reply({ kind: 'event', event });
    socket.reply({ kind: 'event', event: { channel: 'runner', runId: 'r', event: { type: 'nonsense' } } });
    socket.onmessage?.({ data: 'not json' });
    off();
    socket.reply({ kind: 'event', event });
    expect(seen).toEqual([event]);
  });

  it('a call in flight when the connection drops rejects with disconnected; the client reconnects for events', async () => {
    const api = client();
    api.onEvent(() => undefined);
    sockets[0]!.open();
    const pending = api.listPorts({});
    sockets[0]!.drop();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    sockets[1]!.open();
    const again = api.listProfiles({});
    expect(sockets[1]!.sent.at(-1)).toMatchObject({ method: 'listProfiles' });
    sockets[1]!.reply({ kind: 'result', id: sockets[1]!.sent.at(-1)!.id, response: [{ name: 'demo', source: 'builtin' }] });
    expect(await again).toEqual([{ name: 'demo', source: 'builtin' }]);
  });

  it('when the server cannot be reached (e.g. wrong token), queued calls fail instead of hanging', async () => {
    const api = client();
    const pending = api.listPorts({});
    sockets[0]!.drop();
    await vi.waitFor(() => expect(sockets.length).toBeGreaterThanOrEqual(2));
    sockets[1]!.drop();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected', message: expect.stringContaining('token') });
  });

  it('close() rejects what is pending and refuses new calls', async () => {
    const api = client();
    const pending = api.listPorts({});
    api.close();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    await expect(api.listPorts({})).rejects.toBeInstanceOf(IpcError);
  });

  it('bridgeUrl builds the WebSocket URL of the page’s own origin', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'a b')).toBe('ws://127.0.0.1:4000/bridge?token=a%20b');
    expect(bridgeUrl({ protocol: 'https:', host: 'x:1' }, 't')).toBe('wss://x:1/bridge?token=t');
  });
});
