/**
 * The demo firmware image format shared by the demo cloud (which builds images) and the virtual
 * TMS2 (which applies them and must learn the new version from the bytes, since AT+TMSFOTA does
 * not carry it). A 64-byte header, then deterministic filler bytes:
 *   "TMS2FW\0" | target ("main"/"sub", NUL padded to 8) | version (ASCII, NUL padded to 32) | 17 reserved
 * Real TMS2 images have their own format; only the virtual device reads this one.
 */
import { createHash } from 'node:crypto';

export const FIRMWARE_MAGIC = 'TMS2FW\0';
export const FIRMWARE_HEADER_SIZE = 64;
export type FirmwareTarget = 'main' | 'sub';

export interface FirmwareHeader {
  target: FirmwareTarget;
  version: string;
}

export class FirmwareImageError extends Error {
  override readonly name = 'FirmwareImageError';
}

export function buildFirmwareImage(target: FirmwareTarget, version: string, size: number): Buffer {
  if (size < FIRMWARE_HEADER_SIZE) throw new FirmwareImageError(`size: must be at least ${FIRMWARE_HEADER_SIZE} bytes`);
  if (version.length === 0 || version.length > 32) throw new FirmwareImageError('version: 1 to 32 characters');
  const image = Buffer.alloc(size);
  image.write(FIRMWARE_MAGIC, 0, 'latin1');
  image.write(target, 7, 'latin1');
  image.write(version, 15, 'latin1');
  // Deterministic filler: SHA-256 counter stream seeded by target and version.
  let offset = FIRMWARE_HEADER_SIZE;
  for (let block = 0; offset < size; block++) {
    const digest = createHash('sha256').update(`${target}/${version}/${block}`).digest();
    offset += digest.copy(image, offset, 0, Math.min(digest.length, size - offset));
  }
  return image;
}

/** Reads the header; throws FirmwareImageError when the bytes are not a demo image. */
export function readFirmwareHeader(image: Uint8Array): FirmwareHeader {
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  if (bytes.length < FIRMWARE_HEADER_SIZE || bytes.toString('latin1', 0, 7) !== FIRMWARE_MAGIC) {
    throw new FirmwareImageError('image: not a TMS2 firmware image (bad magic)');
  }
  const field = (start: number, length: number) => bytes.toString('latin1', start, start + length).replace(/\0+$/, '');
  const target = field(7, 8);
  if (target !== 'main' && target !== 'sub') throw new FirmwareImageError(`image: unknown target "${target}"`);
  const version = field(15, 32);
  if (!version) throw new FirmwareImageError('image: empty version');
  return { target, version };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
