/**
 * One real HTTP(S) GET as the module does it for AT+QHTTPGET: resolve, connect (TLS with the SSL
 * context for https), send the request, read the whole response within <rsptime>. The outcome is
 * a status + body or a module error code (docs/at-behaviour.md#http-error-codes).
 */
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { HTTP_ERR, HTTP_ERR_OF_LINK } from './http-codes.ts';
import type { LinkTarget, ModuleLink } from './link.ts';
import { linkErrorOf } from './link-error.ts';
import type { SslContextConfig } from './ssl-contexts.ts';

/** Larger bodies fail with 729 (memory allocation failed) instead of exhausting the host. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
export const USER_AGENT = 'QUECTEL_MODULE';

export interface HttpResponse {
  status: number;
  /** From the Content-Length header; undefined for chunked or length-less answers. */
  contentLength: number | undefined;
  contentType: string;
  /** Status line + headers as received, for "responseheader",1. */
  head: string;
  body: Buffer;
  /** The server keeps sending after `body` (the `firmware-endless-body` fault): the body never ends. */
  endless?: boolean;
}

export type GetOutcome = { ok: true; response: HttpResponse } | { ok: false; code: number };

export interface GetRequest {
  url: URL;
  ssl: SslContextConfig;
  timeoutMs: number;
  openLink(target: LinkTarget): Promise<ModuleLink>;
}

/** A POST is a GET with a body and its Content-Type (AT+QHTTPPOST / QHTTPPOSTFILE). */
export interface HttpRequest extends GetRequest {
  method: 'GET' | 'POST';
  body?: { bytes: Buffer; contentType: string };
}

export function performGet(req: GetRequest): Promise<GetOutcome> {
  return performRequest({ ...req, method: 'GET' });
}

/** Connects, sends and reads the whole response within the deadline; failures become module codes. */
export async function performRequest(req: HttpRequest): Promise<GetOutcome> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), req.timeoutMs);
  try {
    const secure = req.url.protocol === 'https:';
    const port = Number(req.url.port || (secure ? 443 : 80));
    const host = req.url.hostname.replace(/^\[|\]$/g, '');
    const link = await withDeadline(req.openLink({ host, port, ssl: secure ? req.ssl : undefined, connectTimeoutMs: req.timeoutMs }), deadline.signal);
    return await withDeadline(exchange(link.stream, req), deadline.signal, () => link.stream.destroy());
  } catch (error) {
    if (deadline.signal.aborted) return { ok: false, code: HTTP_ERR.timeout };
    if (error instanceof BodyTooLarge) return { ok: false, code: HTTP_ERR.memory };
    return { ok: false, code: HTTP_ERR_OF_LINK[linkErrorOf(error).kind] };
  } finally {
    clearTimeout(timer);
  }
}

class BodyTooLarge extends Error {}

function exchange(socket: Socket, req: HttpRequest): Promise<GetOutcome> {
  const { url, body } = req;
  const headers: Record<string, string> = { Host: url.host, Accept: '*/*', 'User-Agent': USER_AGENT, Connection: 'close' };
  if (body) {
    headers['Content-Type'] = body.contentType;
    headers['Content-Length'] = String(body.bytes.length);
  }
  return new Promise((resolve, reject) => {
    const outgoing = request({ createConnection: () => socket, method: req.method, path: `${url.pathname}${url.search}`, headers }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) return outgoing.destroy(new BodyTooLarge('body too large'));
        parts.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        socket.destroy();
        resolve({ ok: true, response: toResponse(res.statusCode ?? 0, res.statusMessage ?? '', res.rawHeaders, Buffer.concat(parts)) });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body?.bytes);
  });
}

export function toResponse(status: number, message: string, rawHeaders: string[], body: Buffer): HttpResponse {
  const lines = [`HTTP/1.1 ${status} ${message}`];
  let contentLength: number | undefined;
  let contentType = '';
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const [name = '', value = ''] = [rawHeaders[i], rawHeaders[i + 1]];
    lines.push(`${name}: ${value}`);
    if (name.toLowerCase() === 'content-length' && /^\d+$/.test(value)) contentLength = Number(value);
    if (name.toLowerCase() === 'content-type') contentType = value;
  }
  return { status, contentLength, contentType, head: `${lines.join('\r\n')}\r\n\r\n`, body };
}

export function withDeadline<T>(work: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T> {
  if (signal.aborted) {
    onAbort?.();
    return Promise.reject(new Error('deadline'));
  }
  return new Promise((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(new Error('deadline'));
    };
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
