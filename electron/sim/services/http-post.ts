/**
 * One real HTTP(S) POST as the module does it for AT+QHTTPPOST / AT+QHTTPPOSTFILE
 * (docs/at-behaviour.md#qhttppost): the URL set with AT+QHTTPURL, the body from the host or a
 * UFS file, Content-Type from AT+QHTTPCFG "contenttype". The response waits for AT+QHTTPREAD like
 * a GET's. Resolves with the URC text after the prefix: `0,<status>[,<length>]` or `<err>`.
 */
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { HTTP_ERR, HTTP_ERR_OF_LINK } from './http-codes.ts';
import { MAX_BODY_BYTES, toResponse, USER_AGENT, withDeadline, type GetOutcome } from './http-get.ts';
import type { HttpService } from './http-service.ts';
import { linkErrorOf } from './link-error.ts';

/** AT+QHTTPCFG "contenttype" values (docs/at-behaviour.md#qhttpcfg). */
export const CONTENT_TYPES = ['application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream', 'multipart/form-data'] as const;

export async function postBody(http: HttpService, body: Buffer, rsptimeS: number): Promise<string> {
  http.busy = true;
  http.response = undefined;
  try {
    const outcome = await send(http, body, rsptimeS * 1000);
    if (!outcome.ok) return `${outcome.code}`;
    http.response = outcome.response;
    const { status, contentLength } = outcome.response;
    return contentLength === undefined ? `0,${status}` : `0,${status},${outcome.response.body.length}`;
  } finally {
    http.busy = false;
  }
}

async function send(http: HttpService, body: Buffer, timeoutMs: number): Promise<GetOutcome> {
  const { faults, network, ssl, cycle } = http.deps;
  const error = faults.get('http-error');
  if (error) return { ok: false, code: error.code };
  if (faults.has('http-stall')) {
    await cycle.sleep(timeoutMs);
    return { ok: false, code: HTTP_ERR.timeout };
  }
  const cid = http.config.contextid;
  if (!network.isActive(cid) && !network.activate(cid)) return { ok: false, code: HTTP_ERR.networkOpenFailed };
  const url = new URL(http.url ?? '');
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const secure = url.protocol === 'https:';
    const port = Number(url.port || (secure ? 443 : 80));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const target = { host, port, ssl: secure ? ssl.get(http.config.sslctxid) : undefined, connectTimeoutMs: timeoutMs };
    const link = await withDeadline(http.deps.openLink(target), deadline.signal);
    const contentType = CONTENT_TYPES[http.config.contenttype] ?? CONTENT_TYPES[0];
    return await withDeadline(exchange(link.stream, url, body, contentType), deadline.signal, () => link.stream.destroy());
  } catch (failure) {
    if (deadline.signal.aborted) return { ok: false, code: HTTP_ERR.timeout };
    return { ok: false, code: HTTP_ERR_OF_LINK[linkErrorOf(failure).kind] };
  } finally {
    clearTimeout(timer);
  }
}

function exchange(socket: Socket, url: URL, body: Buffer, contentType: string): Promise<GetOutcome> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        createConnection: () => socket,
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        headers: {
          Host: url.host,
          Accept: '*/*',
          'User-Agent': USER_AGENT,
          Connection: 'close',
          'Content-Type': contentType,
          'Content-Length': String(body.length),
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) return req.destroy(new Error('body too large'));
          parts.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          socket.destroy();
          resolve({ ok: true, response: toResponse(res.statusCode ?? 0, res.statusMessage ?? '', res.rawHeaders, Buffer.concat(parts)) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
