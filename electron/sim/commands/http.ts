/**
 * HTTP(S) commands (docs/at-behaviour.md#http): AT+QHTTPCFG, AT+QHTTPURL (CONNECT, exact bytes, 1–700,
 * input timeout 726), AT+QHTTPGET (OK, then `+QHTTPGET: 0,<status>[,<len>]` or `+QHTTPGET: <err>`),
 * AT+QHTTPREAD (CONNECT, body, OK, `+QHTTPREAD: 0`), AT+QHTTPREADFILE (OK, `+QHTTPREADFILE: <err>`).
 */
import { ParamError } from '../at/args.ts';
import { HTTP_ERR } from '../services/http-codes.ts';
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from '../services/http-service.ts';
import { parseFileName } from '../services/ufs.ts';
import { cme, ERROR, ok, OK, type CommandEntry, type DeviceContext, type Handler } from './types.ts';

export const MAX_URL_LENGTH = 700;

const CFG_RANGES: Readonly<Record<keyof HttpConfig, [number, number]>> = {
  contextid: [1, 16],
  requestheader: [0, 1],
  responseheader: [0, 1],
  sslctxid: [0, 5],
  contenttype: [0, 3],
};

const isCfgItem = (name: string): name is keyof HttpConfig => name in CFG_RANGES;

const qhttpcfg: Handler = (command, ctx) => {
  const name = command.params.str(0).toLowerCase();
  if (!isCfgItem(name)) throw new ParamError(`unknown QHTTPCFG item ${name}`);
  if (command.params.count === 1) return ok(`+QHTTPCFG: "${name}",${ctx.http.config[name]}`);
  command.params.expectCount(2, 2);
  const [min, max] = CFG_RANGES[name];
  ctx.http.config[name] = command.params.int(1, { min, max });
  return OK;
};

const qhttpcfgRead: Handler = (_command, ctx) =>
  ok(...(Object.keys(DEFAULT_HTTP_CONFIG) as Array<keyof HttpConfig>).map((name) => `+QHTTPCFG: "${name}",${ctx.http.config[name]}`));

const qhttpurl: Handler = async (command, ctx) => {
  const length = command.params.int(0, { min: 0, max: 0x7fffffff });
  const timeoutS = command.params.int(1, { min: 1, max: 65535, default: 60 });
  if (length < 1 || length > MAX_URL_LENGTH) return cme(HTTP_ERR.invalidParameter);
  if (ctx.http.busy) return cme(HTTP_ERR.busy);
  const result = await ctx.io.upload({ length, totalTimeoutMs: timeoutS * 1000 });
  ctx.cycle.check();
  if (!result.complete) return cme(HTTP_ERR.inputTimeout);
  const url = result.bytes.toString('latin1');
  if (!/^https?:\/\/[^/\s]/i.test(url) || !URL.canParse(url)) return cme(HTTP_ERR.urlError);
  ctx.http.url = url;
  ctx.http.response = undefined;
  return OK;
};

const qhttpget: Handler = (command, ctx) => {
  const rsptime = command.params.int(0, { min: 1, max: 65535, default: 60 });
  if (ctx.http.busy) return cme(HTTP_ERR.busy);
  if (!ctx.http.url) return cme(HTTP_ERR.emptyUrl);
  ctx.http.busy = true;
  return {
    after: async () => {
      if (ctx.cablePull('http')) return;
      const result = await ctx.http.get(rsptime);
      if (ctx.cycle.alive) ctx.urc(`+QHTTPGET: ${result}`);
    },
  };
};

const qhttpread: Handler = (command, ctx) => {
  command.params.int(0, { min: 1, max: 65535, default: 60 });
  const body = ctx.http.takeResponse();
  if (!body) return cme(HTTP_ERR.noRequest);
  ctx.io.download(body);
  return { after: () => ctx.urc('+QHTTPREAD: 0') };
};

/** `corrupt-firmware`: one byte in the middle of the stored file is flipped. */
function stored(ctx: DeviceContext, body: Buffer): Buffer {
  if (!ctx.faults.has('corrupt-download') || body.length === 0) return body;
  const copy = Buffer.from(body);
  const middle = Math.floor(copy.length / 2);
  copy[middle] = (copy[middle] ?? 0) ^ 0xff;
  return copy;
}

const qhttpreadfile: Handler = (command, ctx) => {
  const ref = parseFileName(command.params.str(0));
  command.params.int(1, { min: 1, max: 65535, default: 60 });
  if (!ref) return ERROR;
  return {
    after: async () => {
      const body = ctx.http.takeResponse();
      if (!body) return ctx.urc(`+QHTTPREADFILE: ${HTTP_ERR.noRequest}`);
      const written = await ctx.ufs.write(ref, stored(ctx, body));
      ctx.cycle.check();
      ctx.urc(`+QHTTPREADFILE: ${written ? 0 : 403}`);
    },
  };
};

export const HTTP_COMMANDS: readonly CommandEntry[] = [
  { name: '+QHTTPCFG', write: qhttpcfg, read: qhttpcfgRead, test: () => OK },
  { name: '+QHTTPURL', write: qhttpurl, read: (_command, ctx) => (ctx.http.url ? ok(`+QHTTPURL: ${ctx.http.url}`) : OK), test: () => ok(`+QHTTPURL: (1-${MAX_URL_LENGTH}),(1-65535)`) },
  { name: '+QHTTPGET', exec: qhttpget, write: qhttpget, test: () => ok('+QHTTPGET: (1-65535)') },
  { name: '+QHTTPREAD', exec: qhttpread, write: qhttpread, test: () => ok('+QHTTPREAD: (1-65535)') },
  { name: '+QHTTPREADFILE', write: qhttpreadfile, test: () => ok('+QHTTPREADFILE: <filename>,(1-65535)') },
];
