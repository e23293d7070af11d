/**
 * HTTP(S) client of the module (docs/at-behaviour.md#http): AT+QHTTPCFG, AT+QHTTPURL (CONNECT upload),
 * AT+QHTTPGET (deferred +QHTTPGET), AT+QHTTPREAD (CONNECT body + deferred +QHTTPREAD) and
 * AT+QHTTPREADFILE (deferred +QHTTPREADFILE). 7xx meanings come from the AT engine's CME table.
 */
import { describeCme } from '../at/cme-codes.ts';
import { QuectelError, invalidParameter, unexpectedResponse } from './errors.ts';
import { FILE_ERRORS, bareFileName, deleteFile, fileInfo, readStorageSpace } from './file.ts';
import type { AtRunner } from './at-runner.ts';
import { buildCommand, intField, optionalIntField, parseInfoLine } from './syntax.ts';

export const HTTP_LIMITS = {
  urlBytes: { min: 1, max: 700 },
  seconds: { min: 1, max: 65_535 },
  sslContext: { min: 0, max: 5 },
  pdpContext: { min: 1, max: 16 },
} as const;

/** AT+QHTTPCFG="contenttype" values (BG96-HTTP §2.1; see docs/uncertain-behaviour.md#qhttpcfg-contenttype-numbering). */
export const HTTP_CONTENT_TYPES = {
  0: 'application/x-www-form-urlencoded',
  1: 'text/plain',
  2: 'application/octet-stream',
  3: 'multipart/form-data',
} as const;

/** Host defaults (seconds); the spec uses 80 for GET and READ. */
export const HTTP_DEFAULT_TIMEOUTS = { urlInputS: 60, responseS: 80, readWaitS: 80 } as const;

export interface HttpTimeouts {
  /** AT+QHTTPURL <timeout>: time the module allows for the URL bytes. */
  urlInputS?: number;
  /** AT+QHTTPGET <rsptime>. */
  responseS?: number;
  /** AT+QHTTPREAD / AT+QHTTPREADFILE <wait_time>: max gap between packets. */
  readWaitS?: number;
}

function checkRange(param: string, value: number, range: { min: number; max: number }, command: string): void {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw invalidParameter(param, `must be an integer ${range.min}–${range.max}`, command);
  }
}

/** Throws QuectelError('invalid-parameter', param 'url') unless http(s)://, 1–700 bytes, no spaces/control chars. */
export function validateUrl(url: string): Buffer {
  const bytes = Buffer.from(url, 'utf8');
  const { min, max } = HTTP_LIMITS.urlBytes;
  if (bytes.length < min || bytes.length > max) throw invalidParameter('url', `must be ${min}–${max} bytes (is ${bytes.length})`, 'AT+QHTTPURL');
  if (!/^https?:\/\//.test(url)) throw invalidParameter('url', 'must start with http:// or https://', 'AT+QHTTPURL');
  if (/[\s\x00-\x1f\x7f]/.test(url)) throw invalidParameter('url', 'contains a space or control character', 'AT+QHTTPURL');
  return bytes;
}

export interface HttpConfig {
  contextId?: number;
  /** A key of HTTP_CONTENT_TYPES (the spec sends 1). */
  contentType?: 0 | 1 | 2 | 3;
  sslCtx?: number;
  responseHeader?: 0 | 1;
  requestHeader?: 0 | 1;
}

/** The AT+QHTTPCFG lines for the given items, in a fixed order. */
export function buildHttpConfigCommands(config: HttpConfig): string[] {
  const cmd = 'AT+QHTTPCFG';
  const out: string[] = [];
  if (config.contextId !== undefined) {
    checkRange('contextid', config.contextId, HTTP_LIMITS.pdpContext, cmd);
    out.push(buildCommand(cmd, { item: 'contextid', value: config.contextId }));
  }
  if (config.contentType !== undefined) {
    checkRange('contenttype', config.contentType, { min: 0, max: 3 }, cmd);
    out.push(buildCommand(cmd, { item: 'contenttype', value: config.contentType }));
  }
  if (config.sslCtx !== undefined) {
    checkRange('sslctxid', config.sslCtx, HTTP_LIMITS.sslContext, cmd);
    out.push(buildCommand(cmd, { item: 'sslctxid', value: config.sslCtx }));
  }
  for (const [item, value] of [['responseheader', config.responseHeader], ['requestheader', config.requestHeader]] as const) {
    if (value === undefined) continue;
    checkRange(item, value, { min: 0, max: 1 }, cmd);
    out.push(buildCommand(cmd, { item, value }));
  }
  return out;
}

export async function configureHttp(at: AtRunner, config: HttpConfig): Promise<void> {
  for (const command of buildHttpConfigCommands(config)) await at.run(command);
}

/** Throws QuectelError('http-failed') naming the 7xx meaning unless err = 0. */
function requireHttpSuccess(command: string, err: number, line: string): void {
  if (err === 0) return;
  throw new QuectelError('http-failed', `${command}: ${err} (${describeCme(err)})`, { command, code: err, line });
}

/** AT+QHTTPURL=<len>,<timeout> → CONNECT → exactly the URL bytes → OK. */
export async function setUrl(at: AtRunner, url: string, urlInputS: number = HTTP_DEFAULT_TIMEOUTS.urlInputS): Promise<void> {
  const bytes = validateUrl(url);
  checkRange('urlInputS', urlInputS, HTTP_LIMITS.seconds, 'AT+QHTTPURL');
  await at.run({
    command: buildCommand('AT+QHTTPURL', { length: bytes.length, timeout: urlInputS }),
    payload: { data: bytes, after: 'connect' },
    timeoutMs: urlInputS * 1000 + 5_000,
  });
}

export interface HttpGetResult {
  /** 0 = success, else a 7xx code. */
  err: number;
  status: number | undefined;
  contentLength: number | undefined;
}

/** `+QHTTPGET: <err>[,<status>[,<content_length>]]` (one field on failure). */
export function parseQhttpget(line: string): HttpGetResult {
  const parsed = parseInfoLine(line);
  if (parsed?.name !== '+QHTTPGET') throw unexpectedResponse('AT+QHTTPGET', 'not a +QHTTPGET line', line);
  const { fields } = parsed;
  return {
    err: intField(fields, 0, 'err', 'AT+QHTTPGET'),
    status: optionalIntField(fields, 1, 'status', 'AT+QHTTPGET'),
    contentLength: optionalIntField(fields, 2, 'content length', 'AT+QHTTPGET'),
  };
}

/** `+QHTTPREAD: <err>` / `+QHTTPREADFILE: <err>` → err; non-numeric text (docs/uncertain-behaviour.md#qhttpreadfile-text-result) → 701. */
export function parseHttpReadResult(line: string, prefix: '+QHTTPREAD' | '+QHTTPREADFILE'): { err: number; text: string } {
  const parsed = parseInfoLine(line);
  if (parsed?.name !== prefix) throw unexpectedResponse(`AT${prefix}`, `not a ${prefix} line`, line);
  const text = parsed.fields.map((field) => field.text).join(',');
  return /^\d+$/.test(text.trim()) ? { err: Number(text.trim()), text } : { err: 701, text };
}

/** AT+QHTTPGET=<rsptime>, then the deferred +QHTTPGET (timeout from the command table: rsptime + margin). */
export async function sendGet(at: AtRunner, responseS: number = HTTP_DEFAULT_TIMEOUTS.responseS): Promise<HttpGetResult> {
  checkRange('responseS', responseS, HTTP_LIMITS.seconds, 'AT+QHTTPGET');
  const response = await at.run({ command: `AT+QHTTPGET=${responseS}`, deferred: { prefix: '+QHTTPGET:' } });
  const line = response.deferred ?? '';
  const result = parseQhttpget(line);
  requireHttpSuccess('AT+QHTTPGET', result.err, line);
  if (result.status === undefined) throw unexpectedResponse('AT+QHTTPGET', 'success without an HTTP status', line);
  return result;
}

/** AT+QHTTPREAD=<wait>: CONNECT, the body (exactly contentLength bytes when known), OK, +QHTTPREAD: 0. */
export async function readBody(at: AtRunner, options: { contentLength?: number; readWaitS?: number } = {}): Promise<Buffer> {
  const wait = options.readWaitS ?? HTTP_DEFAULT_TIMEOUTS.readWaitS;
  checkRange('readWaitS', wait, HTTP_LIMITS.seconds, 'AT+QHTTPREAD');
  const response = await at.run({
    command: `AT+QHTTPREAD=${wait}`,
    receive: options.contentLength === undefined ? {} : { length: options.contentLength },
    deferred: { prefix: '+QHTTPREAD:' },
  });
  const line = response.deferred ?? '';
  const { err } = parseHttpReadResult(line, '+QHTTPREAD');
  requireHttpSuccess('AT+QHTTPREAD', err, line);
  return response.data ?? Buffer.alloc(0);
}

/** AT+QHTTPREADFILE="<file>",<wait> → OK → +QHTTPREADFILE: 0. */
export async function readBodyToFile(at: AtRunner, fileName: string, readWaitS: number = HTTP_DEFAULT_TIMEOUTS.readWaitS): Promise<void> {
  checkRange('readWaitS', readWaitS, HTTP_LIMITS.seconds, 'AT+QHTTPREADFILE');
  const response = await at.run({ command: buildCommand('AT+QHTTPREADFILE', { fileName, wait: readWaitS }), deferred: { prefix: '+QHTTPREADFILE:' } });
  const line = response.deferred ?? '';
  const { err, text } = parseHttpReadResult(line, '+QHTTPREADFILE');
  if (err !== 0) {
    const meaning = /^\d+$/.test(text.trim()) ? describeCme(err) : text;
    throw new QuectelError('http-failed', `AT+QHTTPREADFILE: ${meaning}`, { command: 'AT+QHTTPREADFILE', code: err, line });
  }
}

/** AT+QHTTPSTOP: cancels the request in progress (ends an AT+QHTTPREADFILE that is still writing, F2). */
export async function stopHttp(at: AtRunner): Promise<void> {
  await at.run('AT+QHTTPSTOP');
}

export interface HttpGetOptions {
  /** SSL context for https URLs (sets AT+QHTTPCFG="sslctxid"). */
  sslCtx?: number;
  timeouts?: HttpTimeouts;
  /** Refuse to read a body larger than this (default 1 MiB). */
  maxBodyBytes?: number;
}

export interface HttpGetResponse {
  status: number;
  contentLength: number | undefined;
  body: Buffer;
}

async function startGet(at: AtRunner, url: string, options: HttpGetOptions): Promise<HttpGetResult & { status: number }> {
  validateUrl(url);
  if (options.sslCtx !== undefined && url.startsWith('https://')) await configureHttp(at, { sslCtx: options.sslCtx });
  await setUrl(at, url, options.timeouts?.urlInputS);
  const result = await sendGet(at, options.timeouts?.responseS);
  return { ...result, status: result.status ?? 0 };
}

/** Connect-sequence step 3: URL, GET, READ. Any HTTP status is returned; module failures throw. */
export async function httpGet(at: AtRunner, url: string, options: HttpGetOptions = {}): Promise<HttpGetResponse> {
  const { status, contentLength } = await startGet(at, url, options);
  const max = options.maxBodyBytes ?? 1024 * 1024;
  if (contentLength !== undefined && contentLength > max) {
    throw new QuectelError('http-failed', `AT+QHTTPGET: body of ${contentLength} bytes exceeds the ${max}-byte limit`, { command: 'AT+QHTTPGET', hint: 'F2: size cap' });
  }
  const body = contentLength === 0 ? Buffer.alloc(0) : await readBody(at, { contentLength, readWaitS: options.timeouts?.readWaitS });
  if (body.length > max) throw new QuectelError('http-failed', `AT+QHTTPREAD: body exceeds the ${max}-byte limit`, { command: 'AT+QHTTPREAD', hint: 'F2: size cap' });
  return { status, contentLength, body };
}

export interface DownloadToFileOptions extends HttpGetOptions {
  /** F2: refuse a download larger than this (server-info size). */
  maxBytes?: number;
  /** F7: check AT+QFLDS free space against Content-Length first (default true). */
  checkFreeSpace?: boolean;
}

export interface DownloadToFileResult {
  status: number;
  contentLength: number | undefined;
  /** Size of the stored file per AT+QFLST. */
  storedSize: number;
}

function tooLarge(message: string, hint: string, code?: number): QuectelError {
  return new QuectelError('file-rejected', message, { command: 'AT+QHTTPREADFILE', hint, ...(code === undefined ? {} : { code }) });
}

/**
 * FOTA download: GET `url` (status must be 200), check the size cap (F2) and free space (F7),
 * delete any old `fileName` (docs/uncertain-behaviour.md#qhttpreadfile-existing-file), AT+QHTTPREADFILE, then
 * confirm the stored size with AT+QFLST against Content-Length.
 */
export async function httpDownloadToFile(at: AtRunner, url: string, fileName: string, options: DownloadToFileOptions = {}): Promise<DownloadToFileResult> {
  const { status, contentLength } = await startGet(at, url, options);
  if (status !== 200) throw new QuectelError('http-status', `AT+QHTTPGET: server answered HTTP ${status}`, { command: 'AT+QHTTPGET', code: status });
  if (contentLength !== undefined && options.maxBytes !== undefined && contentLength > options.maxBytes) {
    throw tooLarge(`server announces ${contentLength} bytes, more than the expected ${options.maxBytes}`, 'F2: size cap from server-info');
  }
  if (contentLength !== undefined && (options.checkFreeSpace ?? true)) {
    const { free } = await readStorageSpace(at, 'UFS');
    if (contentLength > free) throw tooLarge(`${contentLength} bytes do not fit in ${free} free bytes`, 'F7: free space on the module', FILE_ERRORS.noSpace);
  }
  await deleteFile(at, fileName, { missingOk: true });
  await readBodyToFile(at, fileName, options.timeouts?.readWaitS);
  const stored = await fileInfo(at, fileName);
  if (!stored) throw unexpectedResponse('AT+QFLST', `downloaded file ${bareFileName(fileName)} is not listed`);
  const expected = contentLength ?? options.maxBytes;
  if ((contentLength !== undefined && stored.size !== contentLength) || (expected !== undefined && stored.size > expected)) {
    await deleteFile(at, fileName, { missingOk: true }).catch(() => undefined);
    throw new QuectelError('file-integrity', `stored ${stored.size} bytes, expected ${expected}`, { command: 'AT+QHTTPREADFILE', hint: 'F4: the download was cut; retry it' });
  }
  return { status, contentLength, storedSize: stored.size };
}
