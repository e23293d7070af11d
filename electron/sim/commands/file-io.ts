/**
 * Random-access file commands (docs/at-behaviour.md#file-handles): AT+QFOPEN (`+QFOPEN: <handle>`),
 * AT+QFWRITE (CONNECT, bytes, `+QFWRITE: <written>,<total>`), AT+QFREAD (`CONNECT <n>`, bytes, OK),
 * AT+QFSEEK, AT+QFPOSITION, AT+QFCLOSE. Errors are the FILE manual's 4xx codes; a seek past the end
 * is a plain ERROR, as the manual says.
 */
import { fileHandlesOf, type OpenFile, type OpenMode } from '../services/file-handles.ts';
import { parseFileName } from '../services/ufs.ts';
import { FILE_ERR } from './file.ts';
import { cme, ERROR, ok, OK, type CommandEntry, type DeviceContext, type Handler } from './types.ts';

export const FILE_IO_ERR = { tooManyOpen: 413, readOnly: 414, invalidHandle: 416, alreadyOpen: 426 } as const;
/** AT+QFWRITE defaults: <length> 10240 bytes, <timeout> 5 s (docs/at-behaviour.md#file-handles). */
const WRITE_DEFAULT_LENGTH = 10240;
const WRITE_DEFAULT_TIMEOUT_S = 5;

const handlesOf = (ctx: DeviceContext) => fileHandlesOf(ctx.cycle);

const qfopen: Handler = async (command, ctx) => {
  const p = command.params;
  p.expectCount(1, 2);
  const given = p.str(0);
  const mode = p.int(1, { min: 0, max: 2, default: 0 }) as OpenMode;
  const ref = parseFileName(given);
  if (!ref) return cme(FILE_ERR.invalidName);
  const handles = handlesOf(ctx);
  if (handles.isOpen(ref)) return cme(FILE_IO_ERR.alreadyOpen);
  if (handles.full) return cme(FILE_IO_ERR.tooManyOpen);
  const exists = await ctx.ufs.exists(ref);
  if (mode === 2 && !exists) return cme(FILE_ERR.notFound);
  if (mode === 1 || !exists) {
    if (!(await ctx.ufs.write(ref, Buffer.alloc(0)))) return cme(FILE_ERR.driveFull);
  }
  ctx.cycle.check();
  return ok(`+QFOPEN: ${handles.add(given, ref, mode).handle}`);
};

const qfopenRead: Handler = (_command, ctx) => ok(...handlesOf(ctx).list().map((file) => `+QFOPEN: "${file.given}",${file.handle},${file.mode}`));

function openFile(ctx: DeviceContext, handle: number): OpenFile | undefined {
  return handlesOf(ctx).get(handle);
}

const readAll = async (ctx: DeviceContext, file: OpenFile): Promise<Buffer> => (await ctx.ufs.read(file.ref)) ?? Buffer.alloc(0);

const qfwrite: Handler = async (command, ctx) => {
  const p = command.params;
  p.expectCount(1, 3);
  const file = openFile(ctx, p.int(0, { min: 0, max: 0x7fffffff }));
  const length = p.int(1, { min: 1, max: 0x7fffffff, default: WRITE_DEFAULT_LENGTH });
  const timeoutS = p.int(2, { min: 1, max: 65535, default: WRITE_DEFAULT_TIMEOUT_S });
  if (!file) return cme(FILE_IO_ERR.invalidHandle);
  if (file.mode === 2) return cme(FILE_IO_ERR.readOnly);
  const result = await ctx.io.upload({ length, idleTimeoutMs: timeoutS * 1000 });
  ctx.cycle.check();
  const before = await readAll(ctx, file);
  const start = Math.min(file.position, before.length);
  const end = start + result.bytes.length;
  const after = Buffer.concat([before.subarray(0, start), result.bytes, before.subarray(Math.min(end, before.length))]);
  if (!(await ctx.ufs.write(file.ref, after))) return cme(FILE_ERR.driveFull);
  ctx.cycle.check();
  file.position = end;
  return ok(`+QFWRITE: ${result.bytes.length},${after.length}`);
};

const qfread: Handler = async (command, ctx) => {
  const p = command.params;
  p.expectCount(1, 2);
  const file = openFile(ctx, p.int(0, { min: 0, max: 0x7fffffff }));
  const wanted = p.has(1) ? p.int(1, { min: 1, max: 0x7fffffff }) : undefined;
  if (!file) return cme(FILE_IO_ERR.invalidHandle);
  const bytes = await readAll(ctx, file);
  ctx.cycle.check();
  const start = Math.min(file.position, bytes.length);
  const data = bytes.subarray(start, wanted === undefined ? bytes.length : Math.min(bytes.length, start + wanted));
  file.position = start + data.length;
  const head = ctx.modem.verbose ? `\r\nCONNECT ${data.length}\r\n` : `CONNECT ${data.length}\r\n`;
  ctx.io.raw(Buffer.concat([Buffer.from(head, 'latin1'), data]));
  return OK;
};

const qfseek: Handler = async (command, ctx) => {
  const p = command.params;
  p.expectCount(2, 3);
  const file = openFile(ctx, p.int(0, { min: 0, max: 0x7fffffff }));
  const offset = p.int(1, { min: 0, max: 0x7fffffff });
  const from = p.int(2, { min: 0, max: 2, default: 0 });
  if (!file) return cme(FILE_IO_ERR.invalidHandle);
  const size = (await readAll(ctx, file)).length;
  const target = from === 0 ? offset : from === 1 ? file.position + offset : size - offset;
  if (target < 0 || target > size) return ERROR;
  file.position = target;
  return OK;
};

const qfposition: Handler = (command, ctx) => {
  command.params.expectCount(1, 1);
  const file = openFile(ctx, command.params.int(0, { min: 0, max: 0x7fffffff }));
  return file ? ok(`+QFPOSITION: ${file.position}`) : cme(FILE_IO_ERR.invalidHandle);
};

const qfclose: Handler = (command, ctx) => {
  command.params.expectCount(1, 1);
  return handlesOf(ctx).close(command.params.int(0, { min: 0, max: 0x7fffffff })) ? OK : cme(FILE_IO_ERR.invalidHandle);
};

export const FILE_IO_COMMANDS: readonly CommandEntry[] = [
  { name: '+QFOPEN', write: qfopen, read: qfopenRead, test: () => ok('+QFOPEN: <filename>,(0-2)') },
  { name: '+QFWRITE', write: qfwrite, test: () => ok('+QFWRITE: <filehandle>,<length>,(1-65535)') },
  { name: '+QFREAD', write: qfread, test: () => ok('+QFREAD: <filehandle>,<length>') },
  { name: '+QFSEEK', write: qfseek, test: () => ok('+QFSEEK: <filehandle>,<offset>,(0-2)') },
  { name: '+QFPOSITION', write: qfposition, test: () => ok('+QFPOSITION: <filehandle>') },
  { name: '+QFCLOSE', write: qfclose, test: () => ok('+QFCLOSE: <filehandle>') },
];
