/**
 * HTTP(S) POST commands (docs/at-behaviour.md#qhttppost): AT+QHTTPPOST=<len>[,<input_time>,<rsptime>]
 * (CONNECT, exactly <len> body bytes within <input_time>, OK, then `+QHTTPPOST: <err>[,<code>[,<len>]]`)
 * and AT+QHTTPPOSTFILE=<file>[,<rsptime>] (OK, then `+QHTTPPOSTFILE: <err>[,<code>[,<len>]]`).
 * The response is read with AT+QHTTPREAD / AT+QHTTPREADFILE.
 */
import { HTTP_ERR } from '../services/http-codes.ts';
import { postBody } from '../services/http-post.ts';
import { parseFileName } from '../services/ufs.ts';
import { FILE_ERR } from './file.ts';
import { cme, ok, type CommandEntry, type DeviceContext, type Handler } from './types.ts';

/** Body length range of AT+QHTTPPOST (docs/at-behaviour.md#qhttppost). */
export const MAX_POST_BODY = 1_024_000;

function postAfter(ctx: DeviceContext, prefix: string, body: Buffer, rsptimeS: number): () => Promise<void> {
  return async () => {
    const result = await postBody(ctx.http, body, rsptimeS);
    if (ctx.cycle.alive) ctx.urc(`${prefix}: ${result}`);
  };
}

const qhttppost: Handler = async (command, ctx) => {
  const p = command.params;
  p.expectCount(1, 3);
  const length = p.int(0, { min: 1, max: MAX_POST_BODY });
  const inputS = p.int(1, { min: 1, max: 65535, default: 60 });
  const rsptimeS = p.int(2, { min: 1, max: 65535, default: 60 });
  if (ctx.http.busy) return cme(HTTP_ERR.busy);
  if (!ctx.http.url) return cme(HTTP_ERR.emptyUrl);
  const result = await ctx.io.upload({ length, totalTimeoutMs: inputS * 1000 });
  ctx.cycle.check();
  if (!result.complete) return cme(HTTP_ERR.inputTimeout);
  ctx.http.busy = true;
  return { after: postAfter(ctx, '+QHTTPPOST', result.bytes, rsptimeS) };
};

const qhttppostfile: Handler = async (command, ctx) => {
  const p = command.params;
  p.expectCount(1, 2);
  const ref = parseFileName(p.str(0));
  const rsptimeS = p.int(1, { min: 1, max: 65535, default: 60 });
  if (!ref) return cme(FILE_ERR.invalidName);
  if (ctx.http.busy) return cme(HTTP_ERR.busy);
  if (!ctx.http.url) return cme(HTTP_ERR.emptyUrl);
  const body = await ctx.ufs.read(ref);
  ctx.cycle.check();
  if (!body) return cme(FILE_ERR.notFound);
  ctx.http.busy = true;
  return { after: postAfter(ctx, '+QHTTPPOSTFILE', body, rsptimeS) };
};

export const HTTP_POST_COMMANDS: readonly CommandEntry[] = [
  { name: '+QHTTPPOST', write: qhttppost, test: () => ok(`+QHTTPPOST: (1-${MAX_POST_BODY}),(1-65535),(1-65535)`) },
  { name: '+QHTTPPOSTFILE', write: qhttppostfile, test: () => ok('+QHTTPPOSTFILE: <file_name>,(1-65535)') },
];
