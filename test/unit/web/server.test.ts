import { request } from 'node:http';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { IpcError, SESSION_TEXT_MAX_CHARS, WS_BRIDGE_PATH, WS_MAX_FRAME_BYTES } from '../../../shared/ipc.ts';
import type { IpcEvent } from '../../../shared/ipc.ts';
import { createBackend } from '../../../electron/app/backend.ts';
import type { Backend } from '../../../electron/app/backend.ts';
import { DEMO_PORT_URI } from '../../../electron/app/port-list.ts';
import { startWebServer } from '../../../electron/web/server.ts';
import type { WebServer } from '../../../electron/web/server.ts';
import { createWsClient } from '../../../renderer/bridge/ws-client.ts';
import type { WebSocketLike, WsFieldlinkClient } from '../../../renderer/bridge/ws-client.ts';
import { FLEET_PROFILE_NAME, makeDataDir, makeRendererDir } from '../../helpers/app-fixtures.ts';
import { fakeEngineFactory } from '../../helpers/fake-run-engine.ts';

const SERIAL = { path: '/dev/ttyUSB2', manufacturer: 'Quectel', vendorId: '2c7c', productId: '0125', serialNumber: undefined, isQuectel: true, interfaceHint: 'at' as const };

/** Tries a WebSocket handshake; resolves with the HTTP status of a refusal, or 101 when accepted. */
function handshake(url: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
}

function get(port: number, urlPath: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web mode server', () => {
  let dataDir: string;
  let rendererDir: string;
  let backend: Backend;
  let server: WebServer;
  const engines = fakeEngineFactory({ offerFota: true });
  const clients: WsFieldlinkClient[] = [];

  const bridgeUrl = (token: string | undefined) => `ws://127.0.0.1:${server.port}${WS_BRIDGE_PATH}${token === undefined ? '' : `?token=${token}`}`;
  const connect = () => {
    const client = createWsClient({ url: bridgeUrl(server.token), createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dataDir = await makeDataDir();
    rendererDir = await makeRendererDir();
    backend = createBackend({ dataDir, listSerial: async () => [SERIAL], runEngineFactory: engines });
    server = await startWebServer({ backend, rendererDir });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.close();
    await backend?.dispose();
    await rm(dataDir, { recursive: true, force: true });
    await rm(rendererDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with the CSP (E3) and refuses paths outside it (E8)', async () => {
    const page = await get(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Fieldlink</title>');
    expect(String(page.headers['content-security-policy'])).toMatch(/^default-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(server.port, '/assets/app.js')).headers['content-type']).toContain('text/javascript');
    expect((await get(server.port, '/assets/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('refuses HTTP requests for another Host name (DNS rebinding)', async () => {
    expect((await get(server.port, '/', `evil.example:${server.port}`)).status).toBe(403);
  });

  it('a WebSocket without the token is refused', async () => {
    expect(await handshake(bridgeUrl(undefined))).toBe(401);
    expect(await handshake(bridgeUrl('wrong-token'))).toBe(401);
  });

  it('a WebSocket from another web page is refused even with the token (Origin check)', async () => {
    expect(await handshake(bridgeUrl(server.token), 'https://evil.example')).toBe(403);
    expect(await handshake(bridgeUrl(server.token), `http://127.0.0.1:${server.port}`)).toBe(101);
  });

  it('with the token the client can call listPorts (serial ports + the demo device)', async () => {
    const ports = await connect().listPorts({});
    expect(ports.map((p) => p.uri)).toEqual(['/dev/ttyUSB2', DEMO_PORT_URI]);
    expect(ports[0]).toMatchObject({ kind: 'serial', isQuectel: true, vendorId: '2c7c', label: '/dev/ttyUSB2 (Quectel AT interface)' });
  });

  it('validates requests like IPC does: a bad argument is a bad-request naming the field', async () => {
    const error = await connect()
      .startRun({ port: 'sim:', profile: 'demo', fotaPolicy: 'sometimes' as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('fotaPolicy') });
  });

  it('answers a malformed frame with a bad-request error frame', async () => {
    const socket = new WebSocket(bridgeUrl(server.token));
    const reply = await new Promise<unknown>((resolve) => {
      socket.on('open', () => socket.send(JSON.stringify({ id: 7, method: 'formatDisk', request: {} })));
      socket.on('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8'))));
    });
    socket.close();
    expect(reply).toMatchObject({ kind: 'error', id: 7, error: { code: 'bad-request', message: expect.stringContaining('method') } });
  });

  it('streams runner events of a run started over the bridge, and takes the FOTA answer', async () => {
    const client = connect();
    const events: IpcEvent[] = [];
    client.onEvent((event) => events.push(event));
    const { runId } = await client.startRun({ port: 'tcp://127.0.0.1:9', profile: FLEET_PROFILE_NAME });
    await vi.waitFor(() => expect(events.some((e) => e.channel === 'runner' && e.event.type === 'fota-offer')).toBe(true), { timeout: 10_000 });
    await client.answerFota({ runId, target: 'main', accept: true });
    await vi.waitFor(() => expect(events.some((e) => e.channel === 'runner' && e.event.type === 'run-finished')).toBe(true), { timeout: 10_000 });
    const runnerTypes = events.flatMap((e) => (e.channel === 'runner' && e.runId === runId ? [e.event.type] : []));
    expect(runnerTypes[0]).toBe('run-started');
    expect(runnerTypes).toContain('step-passed');
    expect(runnerTypes.filter((type) => type !== 'run-state').at(-1)).toBe('run-finished');
    expect(engines.engines.at(-1)?.decisions).toEqual([true]);
  });

  it('startRun over the WebSocket takes a stored profile name, never a path; the refusal quotes nothing', async () => {
    const error = await connect()
      .startRun({ port: 'tcp://127.0.0.1:9', profile: '/etc/passwd' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^startRun: profile: expected the name of a stored profile/) });
    expect((error as Error).message).not.toContain('root:');
  });

  it('a frame whose header announces more than the limit is refused at once (close 1009), without waiting for its bytes; the server still answers', async () => {
    const socket = new WebSocket(bridgeUrl(server.token));
    await new Promise<void>((resolve) => socket.on('open', () => resolve()));
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('error', () => undefined);
    // A masked text frame announcing 150 MB, of which only the header and 4 bytes are ever sent.
    const header = Buffer.alloc(2 + 8 + 4);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(150_000_000n, 2);
    const raw = (socket as unknown as { _socket: import('node:net').Socket })._socket;
    raw.write(Buffer.concat([header, Buffer.from('abcd')]));
    expect(await closed).toBe(1009);
    expect(150_000_000).toBeGreaterThan(WS_MAX_FRAME_BYTES);
    expect((await connect().listPorts({})).length).toBeGreaterThan(0);
  });

  it('a real frame over the limit closes that socket only; other clients keep working', async () => {
    const socket = new WebSocket(bridgeUrl(server.token));
    await new Promise<void>((resolve) => socket.on('open', () => resolve()));
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('error', () => undefined);
    socket.send(JSON.stringify({ id: 1, method: 'openSession', request: { name: 'big.jsonl', content: 'x'.repeat(WS_MAX_FRAME_BYTES) } }));
    expect(await closed).toBe(1009);
    expect((await connect().listProfiles({})).map((p) => p.name)).toContain(FLEET_PROFILE_NAME);
  });

  it('a frame under the frame limit but over a field bound is a bad-request naming the field (socket stays open)', async () => {
    const client = connect();
    const error = await client.openSession({ name: 'big.jsonl', content: 'x'.repeat(SESSION_TEXT_MAX_CHARS + 1) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('content') });
    expect(await client.listPorts({})).toHaveLength(2);
  });
});
