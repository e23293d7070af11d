/**
 * Module file system (docs/at-behaviour.md#files): AT+QFLST, AT+QFUPL, AT+QFDEL, AT+QFLDS, AT+QFDWL.
 *
 * Uploads and downloads are verified byte-exactly: the module's `+QFUPL/+QFDWL: <size>,<cksum>`
 * must equal the local size and 16-bit XOR checksum (S16).
 *
 * "Skip an upload when the file already matches" (fileMatches): AT+QFLST only gives the size, so
 * when the size is equal the file is read back with AT+QFDWL (its own size + checksum verified)
 * and compared byte by byte with the local bytes. Secret files (the private key) are never read
 * back (the bytes would cross the line and the traffic log in clear): they are always re-uploaded.
 * Files larger than `maxCompareBytes` (default 64 KiB) are not read back either.
 */
import { parseQfuplChecksum, qfuplChecksum } from '../at/checksum.ts';
import { QuectelError, invalidParameter, unexpectedResponse } from './errors.ts';
import { moduleErrorCode } from './module-errors.ts';
import type { AtRunner } from './at-runner.ts';
import { allFields, buildCommand, fieldsOf, intField, textField } from './syntax.ts';

export const FILE_LIMITS = {
  /** <filename> max bytes (BG96-FILE). */
  nameBytes: 80,
  /** AT+QFUPL <timeout> range, seconds. */
  inputTimeoutS: { min: 1, max: 65_535, default: 10 },
  /** Host-side allowance per byte on the serial line (9600 baud ≈ 1 ms/byte, worst case). */
  msPerByte: 1.1,
  /** Extra host margin on top of the module's own times. */
  marginMs: 5_000,
} as const;

export const FILE_ERRORS = { notFound: 405, alreadyExists: 407, noSpace: 420, timeout: 421 } as const;

export interface FileEntry {
  /** As listed; a trailing `/` marks a directory. */
  name: string;
  size: number;
  isDirectory: boolean;
}

export interface TransferCheck {
  size: number;
  checksum: number;
}

/** Strips the storage prefix for comparisons (docs/uncertain-behaviour.md#ufs-prefix): `UFS:ca.pem` ≡ `ca.pem`. */
export function bareFileName(name: string): string {
  return name.replace(/^UFS:/i, '');
}

function checkFileName(name: string, command: string): void {
  if (name === '' || Buffer.byteLength(name, 'utf8') > FILE_LIMITS.nameBytes) {
    throw invalidParameter('filename', `must be 1–${FILE_LIMITS.nameBytes} bytes`, command);
  }
}

/** `+QFLST: "<name>",<size>` lines (none = empty list). */
export function parseQflst(lines: readonly string[]): FileEntry[] {
  return allFields(lines, '+QFLST').map((fields) => {
    const name = textField(fields, 0, 'name', 'AT+QFLST');
    return { name, size: intField(fields, 1, 'size', 'AT+QFLST'), isDirectory: name.endsWith('/') };
  });
}

/** `+QFUPL: <size>,<cksum>` / `+QFDWL: <size>,<cksum>` (checksum hex, any case, no padding). */
export function parseTransferCheck(lines: readonly string[], prefix: '+QFUPL' | '+QFDWL'): TransferCheck {
  const command = `AT${prefix}`;
  const fields = fieldsOf(lines, prefix, command);
  const checksum = parseQfuplChecksum(textField(fields, 1, 'checksum', command));
  if (checksum === undefined) throw unexpectedResponse(command, 'checksum is not 1–4 hex digits', fields[1]?.text);
  return { size: intField(fields, 0, 'size', command), checksum };
}

/** `+QFLDS: <free>,<total>` for AT+QFLDS="UFS". */
export function parseQflds(lines: readonly string[]): { free: number; total: number } {
  const fields = fieldsOf(lines, '+QFLDS', 'AT+QFLDS');
  return { free: intField(fields, 0, 'free', 'AT+QFLDS'), total: intField(fields, 1, 'total', 'AT+QFLDS') };
}

/** Compares a transfer report with the local bytes; throws QuectelError('file-integrity') on a difference. */
export function verifyTransfer(command: 'AT+QFUPL' | 'AT+QFDWL', reported: TransferCheck, bytes: Uint8Array): void {
  const local = { size: bytes.length, checksum: qfuplChecksum(bytes) };
  if (reported.size === local.size && reported.checksum === local.checksum) return;
  const hex = (n: number) => n.toString(16);
  throw new QuectelError(
    'file-integrity',
    `${command}: module reports ${reported.size} bytes, checksum ${hex(reported.checksum)}; expected ${local.size} bytes, checksum ${hex(local.checksum)}`,
    { command, hint: 'bytes were lost or changed on the serial line (S16): check line endings and retry the transfer' },
  );
}

/** AT+QFLST[="<pattern>"]: every entry (directories included). */
export async function listFiles(at: AtRunner, pattern?: string): Promise<FileEntry[]> {
  const command = buildCommand('AT+QFLST', { pattern });
  return parseQflst((await at.run(command)).lines);
}

/** AT+QFLST="<name>": the entry, or undefined when absent (docs/uncertain-behaviour.md#qflst-missing-file). */
export async function fileInfo(at: AtRunner, name: string): Promise<FileEntry | undefined> {
  checkFileName(name, 'AT+QFLST');
  try {
    const entries = await listFiles(at, name);
    return entries.find((entry) => bareFileName(entry.name) === bareFileName(name));
  } catch (error) {
    if (moduleErrorCode(error) === FILE_ERRORS.notFound) return undefined;
    throw error;
  }
}

/** AT+QFDEL="<name>"; with missingOk a +CME ERROR: 405 counts as deleted. Returns whether a file was deleted. */
export async function deleteFile(at: AtRunner, name: string, options: { missingOk?: boolean } = {}): Promise<boolean> {
  checkFileName(name, 'AT+QFDEL');
  try {
    await at.run(buildCommand('AT+QFDEL', { name }));
    return true;
  } catch (error) {
    if (options.missingOk && moduleErrorCode(error) === FILE_ERRORS.notFound) return false;
    throw error;
  }
}

/** AT+QFLDS="<storage>" → free and total bytes. */
export async function readStorageSpace(at: AtRunner, storage: 'UFS' | 'RAM' = 'UFS'): Promise<{ free: number; total: number }> {
  return parseQflds((await at.run(buildCommand('AT+QFLDS', { storage }))).lines);
}

export interface UploadOptions {
  /** AT+QFUPL <timeout> in seconds (module waits this long for input). */
  inputTimeoutS?: number;
  /** Private key material: the engine logs the payload as size + checksum only. */
  secret?: boolean;
}

function transferTimeoutMs(bytes: number, inputTimeoutS: number): number {
  return Math.ceil(bytes * FILE_LIMITS.msPerByte) + inputTimeoutS * 1000 + FILE_LIMITS.marginMs;
}

/**
 * AT+QFUPL: uploads exactly `bytes` and verifies the module's size + checksum (S16). An existing
 * file (+CME ERROR: 407) is deleted and the upload repeated once. A mismatching upload is deleted
 * (best effort) and reported as QuectelError('file-integrity').
 */
export async function uploadFile(at: AtRunner, name: string, bytes: Uint8Array, options: UploadOptions = {}): Promise<TransferCheck> {
  checkFileName(name, 'AT+QFUPL');
  if (bytes.length === 0) throw invalidParameter('bytes', 'must not be empty', 'AT+QFUPL');
  const inputTimeoutS = options.inputTimeoutS ?? FILE_LIMITS.inputTimeoutS.default;
  const { min, max } = FILE_LIMITS.inputTimeoutS;
  if (!Number.isInteger(inputTimeoutS) || inputTimeoutS < min || inputTimeoutS > max) {
    throw invalidParameter('inputTimeoutS', `must be an integer ${min}–${max}`, 'AT+QFUPL');
  }
  const request = {
    command: buildCommand('AT+QFUPL', { name, size: bytes.length, timeout: inputTimeoutS }),
    timeoutMs: transferTimeoutMs(bytes.length, inputTimeoutS),
    payload: { data: bytes, after: 'connect' as const, secret: options.secret ?? false },
  };
  let response;
  try {
    response = await at.run(request);
  } catch (error) {
    if (moduleErrorCode(error) !== FILE_ERRORS.alreadyExists) throw error;
    await deleteFile(at, name);
    response = await at.run(request);
  }
  const reported = parseTransferCheck(response.lines, '+QFUPL');
  try {
    verifyTransfer('AT+QFUPL', reported, bytes);
  } catch (error) {
    await deleteFile(at, name, { missingOk: true }).catch(() => undefined);
    throw error;
  }
  return reported;
}

/** AT+QFDWL: reads a file back (size from AT+QFLST unless given) and verifies its size + checksum. */
export async function downloadFile(at: AtRunner, name: string, options: { size?: number } = {}): Promise<Buffer> {
  checkFileName(name, 'AT+QFDWL');
  const size = options.size ?? (await fileInfo(at, name))?.size;
  if (size === undefined) {
    throw new QuectelError('file-rejected', `AT+QFDWL: file ${bareFileName(name)} not found`, { command: 'AT+QFDWL', code: FILE_ERRORS.notFound });
  }
  const response = await at.run({
    command: buildCommand('AT+QFDWL', { name }),
    receive: { length: size },
    timeoutMs: transferTimeoutMs(size, 5),
  });
  const data = response.data ?? Buffer.alloc(0);
  verifyTransfer('AT+QFDWL', parseTransferCheck(response.lines, '+QFDWL'), data);
  if (data.length !== size) throw unexpectedResponse('AT+QFDWL', `received ${data.length} bytes, AT+QFLST said ${size}`);
  return data;
}

export type FileMatchReason = 'absent' | 'size-differs' | 'content-differs' | 'same' | 'secret-not-read-back' | 'too-large-to-compare';

export interface FileMatch {
  matches: boolean;
  reason: FileMatchReason;
  moduleSize: number | undefined;
}

/** Does the module's file equal `bytes`? (Method: see the header of this file.) */
export async function fileMatches(
  at: AtRunner,
  name: string,
  bytes: Uint8Array,
  options: { secret?: boolean; maxCompareBytes?: number } = {},
): Promise<FileMatch> {
  const entry = await fileInfo(at, name);
  const result = (matches: boolean, reason: FileMatchReason): FileMatch => ({ matches, reason, moduleSize: entry?.size });
  if (!entry) return result(false, 'absent');
  if (entry.size !== bytes.length) return result(false, 'size-differs');
  if (options.secret) return result(false, 'secret-not-read-back');
  if (entry.size > (options.maxCompareBytes ?? 64 * 1024)) return result(false, 'too-large-to-compare');
  const stored = await downloadFile(at, name, { size: entry.size });
  return Buffer.from(bytes).equals(stored) ? result(true, 'same') : result(false, 'content-differs');
}

export interface EnsureFileResult {
  uploaded: boolean;
  reason: FileMatchReason;
  check: TransferCheck;
}

/** Uploads `bytes` unless the module already holds exactly them (connect-sequence step 1). */
export async function ensureFile(at: AtRunner, name: string, bytes: Uint8Array, options: UploadOptions = {}): Promise<EnsureFileResult> {
  const match = await fileMatches(at, name, bytes, { secret: options.secret ?? false });
  if (match.matches) return { uploaded: false, reason: match.reason, check: { size: bytes.length, checksum: qfuplChecksum(bytes) } };
  const check = await uploadFile(at, name, bytes, options);
  return { uploaded: true, reason: match.reason, check };
}
