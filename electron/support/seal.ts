/**
 * The bundle's seal: the SHA-256 of every byte of the zip before its archive comment, written as
 * that comment (`fieldlink-seal sha256:<hex>`, the standard end-of-central-directory comment, so
 * every zip tool still opens the file). The manifest covers each file's content; the seal covers
 * the rest (headers, the central directory), so any changed byte is found, and a cut-off file has
 * no end record at all. The zip itself is written by fflate; this only fills in its comment.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const SEAL_PREFIX = 'fieldlink-seal sha256:';
const SEAL_LENGTH = SEAL_PREFIX.length + 64;
/** What the seal adds to the zip's size. */
export const SEAL_BYTES = SEAL_LENGTH;

async function hashPrefix(file: string, end: number): Promise<string> {
  const hash = createHash('sha256');
  if (end > 0) for await (const chunk of createReadStream(file, { start: 0, end: end - 1 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Seals a zip fflate wrote (its end record has no comment yet). */
export async function sealZip(file: string): Promise<void> {
  const { size } = await stat(file);
  const handle = await open(file, 'r+');
  try {
    const tail = Buffer.alloc(EOCD_SIZE);
    await handle.read(tail, 0, EOCD_SIZE, size - EOCD_SIZE);
    if (size < EOCD_SIZE || tail.readUInt32LE(0) !== EOCD_SIGNATURE || tail.readUInt16LE(20) !== 0) throw new Error(`${file}: no zip end record to seal`);
    const digest = await hashPrefix(file, size - 2);
    const comment = Buffer.alloc(2 + SEAL_LENGTH);
    comment.writeUInt16LE(SEAL_LENGTH, 0);
    comment.write(`${SEAL_PREFIX}${digest}`, 2, 'latin1');
    await handle.write(comment, 0, comment.length, size - 2);
  } finally {
    await handle.close();
  }
}

/**
 * `no-end-record`: the file ends without a zip end record (cut off, or not a zip); `unsealed`: a
 * complete zip without our seal (another tool's zip, or a bundle re-packed); `mismatch`: a byte changed.
 */
export type SealCheck = { ok: true } | { ok: false; problem: 'no-end-record' | 'unsealed' | 'mismatch' };

/** Checks the seal: `no-end-record` for a cut-off (or foreign) zip, `mismatch` when any byte before the seal changed. */
export async function checkSeal(file: string): Promise<SealCheck> {
  const { size } = await stat(file);
  const handle = await open(file, 'r');
  // The end record is in the last 22 bytes plus at most 65,535 of comment.
  const span = Math.min(size, EOCD_SIZE + 0xffff);
  const end = Buffer.alloc(span);
  try {
    await handle.read(end, 0, span, size - span);
  } finally {
    await handle.close();
  }
  const tail = end.subarray(Math.max(0, span - EOCD_SIZE - SEAL_LENGTH));
  const comment = tail.subarray(EOCD_SIZE).toString('latin1');
  if (tail.length < EOCD_SIZE + SEAL_LENGTH || tail.readUInt32LE(0) !== EOCD_SIGNATURE || tail.readUInt16LE(20) !== SEAL_LENGTH || !comment.startsWith(SEAL_PREFIX)) {
    return { ok: false, problem: hasEndRecord(end) ? 'unsealed' : 'no-end-record' };
  }
  const digest = await hashPrefix(file, size - SEAL_LENGTH - 2);
  return digest === comment.slice(SEAL_PREFIX.length) ? { ok: true } : { ok: false, problem: 'mismatch' };
}

/** True when `end` (the file's last bytes) finishes with a zip end record and its whole comment. */
function hasEndRecord(end: Buffer): boolean {
  for (let at = end.length - EOCD_SIZE; at >= 0; at -= 1) {
    if (end.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_SIZE + end.readUInt16LE(at + 20) === end.length) return true;
  }
  return false;
}
