/**
 * One real HTTP(S) POST as the module does it for AT+QHTTPPOST / AT+QHTTPPOSTFILE
 * (docs/at-behaviour.md#qhttppost): the URL set with AT+QHTTPURL, the body from the host or a
 * UFS file, Content-Type from AT+QHTTPCFG "contenttype". The response waits for AT+QHTTPREAD like
 * a GET's. Resolves with the URC text after the prefix: `0,<status>[,<length>]` or `<err>`.
 */
import { HTTP_ERR } from './http-codes.ts';
import { performRequest, type GetOutcome } from './http-get.ts';
import type { HttpService } from './http-service.ts';

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
  const contentType = CONTENT_TYPES[http.config.contenttype] ?? CONTENT_TYPES[0];
  return performRequest({
    method: 'POST',
    url: new URL(http.url ?? ''),
    ssl: ssl.get(http.config.sslctxid),
    timeoutMs,
    openLink: (target) => http.deps.openLink(target),
    body: { bytes: body, contentType },
  });
}
