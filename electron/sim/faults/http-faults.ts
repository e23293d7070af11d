/**
 * The HTTP fault scenarios as response transformations: a synthetic error status, or a JSON
 * server-info body replaced by HTML, stripped of required fields or prefixed with a BOM. Everything else passes through.
 */
import type { HttpResponse } from '../services/http-get.ts';
import type { FaultSet } from './fault-set.ts';

const STATUS_TEXT: Readonly<Record<number, string>> = { 404: 'Not Found', 500: 'Internal Server Error' };

export function syntheticStatus(status: number): HttpResponse {
  const text = STATUS_TEXT[status] ?? 'Error';
  const body = Buffer.from(`<html><head><title>${status} ${text}</title></head><body><h1>${status} ${text}</h1></body></html>\n`, 'latin1');
  const head = `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n`;
  return { status, contentLength: body.length, contentType: 'text/html', head, body };
}

/**
 * `firmware-endless-body`: a firmware answer (200, not JSON) loses its Content-Length and becomes
 * endless (F2): the module's AT+QHTTPGET then reports no length, and AT+QHTTPREADFILE keeps writing.
 */
export function makeEndless(response: HttpResponse, faults: FaultSet): HttpResponse {
  if (!faults.has('endless-download') || response.status !== 200 || looksLikeJson(response)) return response;
  const head = `HTTP/1.1 200 OK\r\nContent-Type: ${response.contentType || 'application/octet-stream'}\r\nTransfer-Encoding: chunked\r\n\r\n`;
  return { ...response, contentLength: undefined, head, endless: true };
}

/** True when this firmware download is cut half-way (`download-cut-*`, F4); counts the cuts. */
export function cutsDownload(response: HttpResponse, faults: FaultSet, cutsSoFar: number): boolean {
  const cut = faults.get('download-cut');
  return cut !== undefined && response.status === 200 && !looksLikeJson(response) && cutsSoFar < cut.times;
}

function looksLikeJson(response: HttpResponse): boolean {
  if (/json/i.test(response.contentType)) return true;
  const start = response.body.subarray(0, 64).toString('latin1').trimStart();
  return start.startsWith('{');
}

function stripFields(body: Buffer): Buffer {
  try {
    const doc = JSON.parse(body.toString('utf8')) as { serverInfo?: { mqtt?: Record<string, unknown> }; rollInfo?: unknown };
    if (doc.serverInfo?.mqtt) delete doc.serverInfo.mqtt.host;
    delete doc.rollInfo;
    return Buffer.from(JSON.stringify(doc), 'utf8');
  } catch {
    return body;
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const NOT_JSON = Buffer.from('<!DOCTYPE html>\n<html><body><h1>Service temporarily unavailable</h1><p>Please try again later.</p></body></html>\n', 'latin1');

/** Applies `server-info-*` rewrites to a JSON response. */
export function rewriteResponse(response: HttpResponse, faults: FaultSet): HttpResponse {
  const rewrite = faults.get('server-info')?.rewrite;
  if (!rewrite || response.status !== 200 || !looksLikeJson(response)) return response;
  const body = rewrite === 'not-json' ? NOT_JSON : rewrite === 'bom' ? Buffer.concat([UTF8_BOM, response.body]) : stripFields(response.body);
  const contentType = rewrite === 'not-json' ? 'text/html' : response.contentType;
  const head = `HTTP/1.1 200 OK\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`;
  return { status: 200, contentLength: response.contentLength === undefined ? undefined : body.length, contentType, head, body };
}
