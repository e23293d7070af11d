/**
 * File commands (docs/at-behaviour.md#files): AT+QFUPL (CONNECT, exact bytes, `+QFUPL: <size>,<cksum>`,
 * 407 when the name exists, ACK mode, input timeout), AT+QFLST, AT+QFDEL, AT+QFDWL, AT+QFLDS.
 * Missing files are 405 (docs/uncertain-behaviour.md#qflst-missing-file, #qfdel-missing-file); a timed-out
 * upload keeps what arrived and reports its size (docs/uncertain-behaviour.md#qfupl-input-timeout).
 */
import { formatQfuplChecksum, qfuplChecksum } from '../../engine/at/checksum.ts';
import { matchesPattern, parseFileName, type FileEntry } from '../services/ufs.ts';
import { cme, ok, OK, type CommandEntry, type DeviceContext, type Handler } from './types.ts';

export const FILE_ERR = { driveFull: 403, notFound: 405, invalidName: 406, exists: 407 } as const;
const ACK_BLOCK = 1024;
const ACK = Buffer.from('A', 'latin1');
const RAM_CAPACITY = 1_048_576;

const checksumText = (bytes: Buffer) => formatQfuplChecksum(qfuplChecksum(bytes));

/** Sends `A` after each full 1 KiB block except the last (ACK mode). */
function ackSender(ctx: DeviceContext, size: number): (received: number) => void {
  let acked = 0;
  return (received) => {
    while ((acked + 1) * ACK_BLOCK <= received && received < size) {
      acked += 1;
      ctx.io.raw(ACK);
    }
  };
}

const qfupl: Handler = async (command, ctx) => {
  const p = command.params;
  p.expectCount(1, 4);
  const ref = parseFileName(p.str(0));
  const size = p.int(1, { min: 1, max: 0x7fffffff, default: 10240 });
  const timeoutS = p.int(2, { min: 1, max: 65535, default: 5 });
  const ackMode = p.int(3, { min: 0, max: 1, default: 0 });
  if (!ref) return cme(FILE_ERR.invalidName);
  if (await ctx.ufs.exists(ref)) return cme(FILE_ERR.exists);
  if (ref.store === 'ufs' && size > (await ctx.ufs.freeBytes())) return cme(FILE_ERR.driveFull);
  const ack = ackMode === 1 ? ackSender(ctx, size) : undefined;
  const result = await ctx.io.upload({
    length: size,
    idleTimeoutMs: timeoutS * 1000,
    onProgress: (received) => {
      ack?.(received);
      if (received * 2 >= size) ctx.cablePull('ssl');
    },
  });
  ctx.cycle.check();
  if (!(await ctx.ufs.write(ref, result.bytes))) return cme(FILE_ERR.driveFull);
  return ok(`+QFUPL: ${result.bytes.length},${checksumText(result.bytes)}`);
};

function listLines(entries: FileEntry[], prefix: string): string[] {
  return entries.map((entry) => `+QFLST: "${prefix}${entry.name}",${entry.size}`);
}

const qflst: Handler = async (command, ctx) => {
  const pattern = command.form === 'write' ? command.params.str(0) : '*';
  const ram = /^RAM:/i.test(pattern);
  const bare = pattern.replace(/^(UFS|RAM):/i, '');
  const entries = await ctx.ufs.list(ram ? 'ram' : 'ufs');
  const prefix = ram ? 'RAM:' : '';
  if (bare.includes('*')) return ok(...listLines(entries.filter((e) => matchesPattern(bare, e.name)), prefix));
  const found = entries.find((entry) => entry.name === bare);
  return found ? ok(...listLines([found], prefix)) : cme(FILE_ERR.notFound);
};

const qfdel: Handler = async (command, ctx) => {
  const given = command.params.str(0);
  if (/^(UFS:|RAM:)?\*$/i.test(given)) {
    await ctx.ufs.removeAll(/^RAM:/i.test(given) ? 'ram' : 'ufs');
    return OK;
  }
  const ref = parseFileName(given);
  if (!ref) return cme(FILE_ERR.invalidName);
  return (await ctx.ufs.remove(ref)) ? OK : cme(FILE_ERR.notFound);
};

const qfdwl: Handler = async (command, ctx) => {
  const ref = parseFileName(command.params.str(0));
  if (!ref) return cme(FILE_ERR.invalidName);
  const bytes = await ctx.ufs.read(ref);
  if (!bytes) return cme(FILE_ERR.notFound);
  ctx.io.download(bytes);
  return ok(`+QFDWL: ${bytes.length},${checksumText(bytes)}`);
};

const qflds: Handler = async (command, ctx) => {
  if (command.form === 'exec') {
    const entries = await ctx.ufs.list('ufs');
    return ok(`+QFLDS: ${entries.reduce((sum, e) => sum + e.size, 0)},${entries.length}`);
  }
  const medium = command.params.str(0).toUpperCase();
  if (medium === 'UFS') return ok(`+QFLDS: ${await ctx.ufs.freeBytes()},${ctx.ufs.capacity}`);
  if (medium === 'RAM') {
    const used = (await ctx.ufs.list('ram')).reduce((sum, e) => sum + e.size, 0);
    return ok(`+QFLDS: ${RAM_CAPACITY - used},${RAM_CAPACITY}`);
  }
  return cme(FILE_ERR.invalidName);
};

const qfuplTest: Handler = async (_command, ctx) => ok(`+QFUPL: <filename>,(1-${await ctx.ufs.freeBytes()}),(1-65535),(0,1)`);

export const FILE_COMMANDS: readonly CommandEntry[] = [
  { name: '+QFUPL', write: qfupl, test: qfuplTest },
  { name: '+QFLST', exec: qflst, write: qflst, test: () => OK },
  { name: '+QFDEL', write: qfdel, test: () => OK },
  { name: '+QFDWL', write: qfdwl, test: () => OK },
  { name: '+QFLDS', exec: qflds, write: qflds, test: () => ok('+QFLDS: ("UFS","RAM")') },
];
