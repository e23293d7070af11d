/**
 * The Quectel QFUPL checksum (docs/at-behaviour.md#files): 16-bit XOR over the data taken as big-endian byte
 * pairs; an odd last byte is the high byte of a final pair whose low byte is 0. The module prints it
 * as hex without zero padding (devices print lower case: `2d13`, `f5f`, `372`).
 */
export function qfuplChecksum(bytes: Uint8Array): number {
  let sum = 0;
  const even = bytes.length - (bytes.length % 2);
  for (let i = 0; i < even; i += 2) sum ^= ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  if (even < bytes.length) sum ^= (bytes[even] ?? 0) << 8;
  return sum & 0xffff;
}

/** Lower-case hex without padding, as printed in `+QFUPL: <size>,<checksum>`. */
export function formatQfuplChecksum(checksum: number): string {
  return (checksum & 0xffff).toString(16);
}

/** Parses the module's checksum text (either case, no padding) back to a number. */
export function parseQfuplChecksum(text: string): number | undefined {
  return /^[0-9a-f]{1,4}$/i.test(text.trim()) ? parseInt(text.trim(), 16) : undefined;
}
