/**
 * Firmware releases served by the demo cloud. Images are generated deterministic bytes with the
 * `TMS2FW<target><version>` header (shared/firmware-image.ts), so the virtual device can read the
 * version out of an applied image. A release may also carry uploaded bytes (any content, e.g. a
 * corrupted image for F1) or an advertised sha256 that differs from the bytes (tamper tests).
 * Older releases stay downloadable: a device in the middle of a download is not broken by a publish.
 */
import { buildFirmwareImage, sha256Hex } from '../../shared/firmware-image.ts';
import type { FirmwareTarget } from '../../shared/firmware-image.ts';
import { CloudError } from './errors.ts';

export const DEFAULT_FIRMWARE = {
  main: { version: '1.4.0', size: 262_144 },
  sub: { version: '1.1.2', size: 65_536 },
} as const satisfies Record<FirmwareTarget, { version: string; size: number }>;

/** Version strings become file names, so they are restricted to URL- and file-safe characters. */
const VERSION_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;
const MAX_IMAGE_BYTES = 16 * 1024 * 1024;

export interface FirmwareRelease {
  target: FirmwareTarget;
  version: string;
  /** Served at `/firmware/<fileName>`. */
  fileName: string;
  image: Buffer;
  /** The sha256 the server-info document advertises (normally the image's own). */
  sha256: string;
}

export interface PublishFirmwareRequest {
  target: FirmwareTarget;
  version: string;
  /** Size of a generated image (default: the target's default size). Ignored when `bytes` is given. */
  size?: number;
  /** Exact image bytes to serve instead of a generated image. */
  bytes?: Uint8Array;
  /** Advertise this sha256 instead of the image's own (tamper / F1 tests). */
  sha256?: string;
}

export type FirmwareSpec = string | { version: string; size?: number };

export class FirmwareStore {
  private readonly current = new Map<FirmwareTarget, FirmwareRelease>();
  private readonly byName = new Map<string, FirmwareRelease>();

  constructor(initial: Partial<Record<FirmwareTarget, FirmwareSpec>> = {}) {
    for (const target of ['main', 'sub'] as const) {
      const spec = initial[target] ?? DEFAULT_FIRMWARE[target];
      const { version, size } = typeof spec === 'string' ? { version: spec, size: undefined } : spec;
      this.publish({ target, version, size });
    }
  }

  latest(target: FirmwareTarget): FirmwareRelease {
    const release = this.current.get(target);
    if (!release) throw new CloudError('bad-request', `no ${target} firmware published`);
    return release;
  }

  byFileName(fileName: string): FirmwareRelease | undefined {
    return this.byName.get(fileName);
  }

  publish(request: PublishFirmwareRequest): FirmwareRelease {
    const { target, version } = request;
    if (!VERSION_PATTERN.test(version)) throw new CloudError('bad-request', 'version: 1–32 characters of A-Z a-z 0-9 . _ -');
    const image = request.bytes ? Buffer.from(request.bytes) : buildFirmwareImage(target, version, checkedSize(request.size ?? DEFAULT_FIRMWARE[target].size));
    if (image.length === 0 || image.length > MAX_IMAGE_BYTES) throw new CloudError('bad-request', `bytes: 1 to ${MAX_IMAGE_BYTES} bytes`);
    if (request.sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(request.sha256)) throw new CloudError('bad-request', 'sha256: must be 64 hex digits');
    const release: FirmwareRelease = {
      target,
      version,
      fileName: this.freeFileName(`${target}-${version}`),
      image,
      sha256: (request.sha256 ?? sha256Hex(image)).toLowerCase(),
    };
    this.byName.set(release.fileName, release);
    this.current.set(target, release);
    return release;
  }

  /** `main-1.5.0.bin`, or `main-1.5.0-r2.bin` when that version was published before. */
  private freeFileName(stem: string): string {
    let name = `${stem}.bin`;
    for (let revision = 2; this.byName.has(name); revision++) name = `${stem}-r${revision}.bin`;
    return name;
  }
}

function checkedSize(size: number): number {
  if (!Number.isInteger(size) || size < 64 || size > MAX_IMAGE_BYTES) throw new CloudError('bad-request', `size: an integer from 64 to ${MAX_IMAGE_BYTES}`);
  return size;
}
