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

/** How fast an endless body reaches the file system (about 800 kB/s, an LTE Cat 1 download). */
export const ENDLESS_CHUNK = { bytes: 16 * 1024, everyMs: 20 } as const;

/**
 * `firmware-endless-body` (F2): the body has no end, so the module writes chunk after chunk into the
 * file until the host sends AT+QHTTPSTOP (+QHTTPREADFILE: 701, file kept as far as written) or UFS
 * is full (+QHTTPREADFILE: 403 — the FILE error "no space"). What a real module reports after a stop
 * is not documented (docs/uncertain-behaviour.md#qhttpstop-pending-read); the host must not rely
 * on it beyond "the read ended".
 */
async function writeEndless(ctx: DeviceContext, ref: NonNullable<ReturnType<typeof parseFileName>>, first: Buffer): Promise<void> {
  const stop = ctx.http.stopSignal;
  await ctx.ufs.write(ref, first);
  const filler = Buffer.alloc(ENDLESS_CHUNK.bytes, 0x5a);
  for (;;) {
    await ctx.cycle.sleep(ENDLESS_CHUNK.everyMs);
    if (stop.aborted) return ctx.urc(`+QHTTPREADFILE: ${HTTP_ERR.unknown}`);
    if (!(await ctx.ufs.append(ref, filler))) return ctx.urc('+QHTTPREADFILE: 403');
    ctx.cycle.check();
  }
}

const qhttpreadfile: Handler = (command, ctx) => {
  const ref = parseFileName(command.params.str(0));
  command.params.int(1, { min: 1, max: 65535, default: 60 });
  if (!ref) return ERROR;
  return {
    after: async () => {
      const taken = ctx.http.takeForFile();
      if (!taken) return ctx.urc(`+QHTTPREADFILE: ${HTTP_ERR.noRequest}`);
      if (taken.endless) return writeEndless(ctx, ref, taken.bytes);
      // `slow-unit`: the body trickles in at the unit's slow download rate.
      if (ctx.faults.has('slow-unit')) await ctx.cycle.sleep(Math.round((taken.bytes.length * 1000) / ctx.timing.slowUnitDownloadBytesPerSec));
      const written = await ctx.ufs.write(ref, stored(ctx, taken.bytes));
      ctx.cycle.check();
      // `download-cut-*` (F4): the link broke half-way; what arrived stays in the file.
      ctx.urc(`+QHTTPREADFILE: ${!written ? 403 : taken.cut ? HTTP_ERR.socketRead : 0}`);
    },
  };
};

/** AT+QHTTPSTOP: cancels the HTTP request in progress (an endless AT+QHTTPREADFILE ends). */
const qhttpstop: Handler = (_command, ctx) => {
  ctx.http.stop();
  return OK;
};

export const HTTP_COMMANDS: readonly CommandEntry[] = [
  { name: '+QHTTPCFG', write: qhttpcfg, read: qhttpcfgRead, test: () => OK },
  { name: '+QHTTPURL', write: qhttpurl, read: (_command, ctx) => (ctx.http.url ? ok(`+QHTTPURL: ${ctx.http.url}`) : OK), test: () => ok(`+QHTTPURL: (1-${MAX_URL_LENGTH}),(1-65535)`) },
  { name: '+QHTTPGET', exec: qhttpget, write: qhttpget, test: () => ok('+QHTTPGET: (1-65535)') },
  { name: '+QHTTPREAD', exec: qhttpread, write: qhttpread, test: () => ok('+QHTTPREAD: (1-65535)') },
  { name: '+QHTTPSTOP', exec: qhttpstop, test: () => OK },
  { name: '+QHTTPREADFILE', write: qhttpreadfile, test: () => ok('+QHTTPREADFILE: <filename>,(1-65535)') },
];
