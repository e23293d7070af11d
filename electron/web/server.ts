/**
 * Web mode: the built renderer over HTTP and the back end over a WebSocket, on 127.0.0.1 only.
 * The page URL carries a random per-launch token; the WebSocket refuses connections without it
 * or from another origin (access.ts). Static files are served with path containment and the same
 * CSP as the desktop window (E3, E8).
 *
 *   const server = await startWebServer({ backend, rendererDir: 'dist-renderer' });
 *   console.log(server.url); // http://127.0.0.1:41234/?token=...
 *   await server.close();
 */
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { WS_MAX_FRAME_BYTES, WS_TOKEN_PARAM } from '../../shared/ipc.ts';
import type { BackendApi } from '../app/dispatch.ts';
import { resolveStaticFile } from '../app/static-files.ts';
import { contentSecurityPolicy } from '../window-options.ts';
import { LOOPBACK_HOST, allowedOrigins, checkUpgrade, hostAllowed, newToken } from './access.ts';
import { attachBridge } from './bridge.ts';

export interface WebServerOptions {
  backend: BackendApi;
  /** The built renderer (dist-renderer/). */
  rendererDir: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Default: a fresh random token. */
  token?: string;
}

export interface WebServer {
  /** The page to open, token included. */
  url: string;
  port: number;
  token: string;
  /** Closes every WebSocket and the HTTP server. */
  close(): Promise<void>;
}

/**
 * Big enough for openSession's largest session log plus JSON escaping (shared/ipc.ts); a frame
 * whose header announces more is refused with close code 1009 before any of it is buffered.
 * Every request field has its own bound in its zod schema on top of this.
 */
const MAX_FRAME_BYTES = WS_MAX_FRAME_BYTES;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const rendererDir = path.resolve(options.rendererDir);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  wss.on('connection', (socket) => attachBridge(socket, options.backend));
  let port = 0;
  const server = createServer((req, res) => void serveStatic(req, res, rendererDir, port));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkUpgrade(req, port, token);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${LOOPBACK_HOST}:${port}/?${WS_TOKEN_PARAM}=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function securityHeaders(port: number): Record<string, string> {
  const wsOrigins = allowedOrigins(port).map((origin) => origin.replace(/^http:/, 'ws:'));
  return {
    'Content-Security-Policy': contentSecurityPolicy(wsOrigins),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, rendererDir: string, port: number): Promise<void> {
  const headers = securityHeaders(port);
  const reply = (status: number, text: string) => {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
  };
  if (!hostAllowed(req, port)) return reply(403, 'Forbidden: unexpected Host header\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'Method not allowed\n');
  const urlPath = req.url ?? '/'; // raw: traversal attempts are refused, not normalised away
  const found = await resolveStaticFile(rendererDir, urlPath);
  if (!found) return reply(404, urlPath === '/' ? 'The renderer is not built (run: npx vite build)\n' : 'Not found\n');
  res.writeHead(200, { ...headers, 'Content-Type': found.contentType });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(found.file)
    .on('error', () => res.destroy())
    .pipe(res);
}
