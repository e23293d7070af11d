/**
 * Device firmware strings → semver, and the FOTA decision (docs/sequence.md#steps, step 5).
 * `V1.02` → `1.2.0`, `TMS2_M_1.0.3` → `1.0.3`, `1.4` → `1.4.0`, `v2.0.1-rc1` → `2.0.1-rc1`.
 * A string that cannot be normalised is an error, never a silent "no update".
 */
import semver from 'semver';

export type VersionRole = 'device' | 'server';

export class VersionError extends Error {
  override readonly name = 'VersionError';
  readonly kind = 'unparseable';
  constructor(
    /** The string exactly as the device or server gave it. */
    readonly input: string,
    readonly role?: VersionRole,
  ) {
    const shown = input.length > 64 ? `${input.slice(0, 64)}…` : input;
    super(`${role ? `${role} ` : ''}firmware version ${JSON.stringify(shown)} cannot be read as a version (expected like 1.2.3, V1.02 or TMS2_M_1.0.3)`);
  }
}

/**
 * Optional product prefix ending in `_` or a space (`TMS2_M_`), optional `v`/`V`, then
 * major.minor[.patch] (leading zeros allowed: `1.02`), optional `-prerelease` and `+build`.
 */
const FIRMWARE_PATTERN =
  /^(?:.*[_ ])?[vV]?(?<major>\d{1,9})\.(?<minor>\d{1,9})(?:\.(?<patch>\d{1,9}))?(?<pre>-[0-9A-Za-z.-]+)?(?<build>\+[0-9A-Za-z.-]+)?$/;

/** Normalises a firmware string to a semver version string; throws VersionError. */
export function normaliseFirmware(input: string, role?: VersionRole): string {
  const match = FIRMWARE_PATTERN.exec(input.trim());
  const parts = match?.groups;
  if (!parts?.major || !parts.minor) throw new VersionError(input, role);
  const core = [parts.major, parts.minor, parts.patch ?? '0'].map((part) => String(Number(part))).join('.');
  const version = semver.valid(`${core}${parts.pre ?? ''}${parts.build ?? ''}`);
  if (version === null) throw new VersionError(input, role);
  return version;
}

export type FirmwareComparison = 'update' | 'same' | 'downgrade';

/** What installing the server's firmware would be for this device. */
export function compareFirmware(device: string, server: string): FirmwareComparison {
  const order = semver.compare(normaliseFirmware(server, 'server'), normaliseFirmware(device, 'device'));
  if (order > 0) return 'update';
  return order === 0 ? 'same' : 'downgrade';
}
