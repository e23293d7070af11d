/**
 * The cloud's HTTP(S) server on 127.0.0.1: server-info documents, firmware files, and the admin
 * endpoints (loopback peers only, `Authorization: Bearer <admin token>`). Routes: http-routes.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { ZodError } from 'zod';
import { CloudError } from './errors.ts';
import type { CloudErrorKind } from './errors.ts';
import { matchRoute } from './http-routes.ts';
import type { CloudHttpApi, Reply } from './http-routes.ts';

export const HTTP_HOST = '127.0.0.1';
/** Large enough for a base64 firmware upload of the firmware store's 16 MiB cap. */
const MAX_BODY_BYTES = 24 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const STATUS_OF: Partial<Record<CloudErrorKind, number>> = { 'bad-device-id': 404, 'bad-request': 400 };

export interface CloudHttpServerOptions {
  /** 0 = pick a free port. */
  httpsPort: number;
  /** Also serve plain HTTP on this port (0 = pick one); omitted = HTTPS only. */
  plainHttpPort?: number;
  tls: { certPem: string; keyPem: string };
  adminToken: string;
  api: CloudHttpApi;
}

export interface CloudHttpServer {
  httpsPort: number;
  plainHttpPort?: number;
  stop(): Promise<void>;
}

export async function startHttpServer(options: CloudHttpServerOptions): Promise<CloudHttpServer> {
  const handler = (req: IncomingMessage, res: ServerResponse) => void handle(req, res, options).catch(() => res.destroy());
  const servers: Server[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    })));
  };
  try {
    const secure = https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, handler);
    servers.push(secure);
    const httpsPort = await listen(secure, options.httpsPort);
    if (options.plainHttpPort === undefined) return { httpsPort, stop };
    const plain = http.createServer(handler);
    servers.push(plain);
    return { httpsPort, plainHttpPort: await listen(plain, options.plainHttpPort), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function listen(server: Server, port: number): Promise<number> {
  server.listen(port, HTTP_HOST);
  await once(server, 'listening');
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

async function handle(req: IncomingMessage, res: ServerResponse, options: CloudHttpServerOptions): Promise<void> {
  try {
    send(res, await route(req, options));
  } catch (error) {
    send(res, errorReply(error));
  }
}

async function route(req: IncomingMessage, options: CloudHttpServerOptions): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const matched = matchRoute(req.method ?? 'GET', url.pathname);
  if (!matched) return { status: 404, json: { error: 'not found' } };
  if (matched.route.admin) {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return { status: 403, json: { error: 'admin endpoints answer loopback only' } };
    if (!tokenMatches(req.headers.authorization, options.adminToken)) return { status: 401, json: { error: 'admin token required (Authorization: Bearer <token>)' } };
  }
  return matched.route.handle({ params: matched.params, origin: originOf(req), body: () => readJson(req), api: options.api });
}

function originOf(req: IncomingMessage): string {
  const secure = (req.socket as Partial<TLSSocket>).encrypted === true;
  return `${secure ? 'https' : 'http'}://${HTTP_HOST}:${req.socket.localPort ?? 0}`;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(/^Bearer (\S+)$/.exec(header ?? '')?.[1] ?? '', 'utf8');
  const expected = Buffer.from(token, 'utf8');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_BODY_BYTES) throw new CloudError('bad-request', `body: larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new CloudError('bad-request', 'body: not valid JSON');
  }
}

function errorReply(error: unknown): Reply {
  if (error instanceof CloudError) return { status: STATUS_OF[error.kind] ?? 500, json: { error: error.message } };
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return { status: 400, json: { error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` } };
  }
  return { status: 500, json: { error: 'internal error' } };
}

function send(res: ServerResponse, reply: Reply): void {
  const body = 'json' in reply ? Buffer.from(JSON.stringify(reply.json), 'utf8') : reply.bytes;
  res.writeHead(reply.status, {
    'Content-Type': 'json' in reply ? 'application/json' : reply.contentType,
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
