/**
 * Device identity: deviceId = `TMS2_<imei>` (docs/sequence.md). Any 15-digit IMEI is accepted
 * (the Luhn check digit is not enforced) so that a new virtual device just works.
 */
import { CloudError } from './errors.ts';

export const DEVICE_ID_PREFIX = 'TMS2_';
const DEVICE_ID_PATTERN = /^TMS2_(\d{15})$/;

export function isDeviceId(text: string): boolean {
  return DEVICE_ID_PATTERN.test(text);
}

/** Throws CloudError('bad-device-id') unless `text` is `TMS2_` + 15 digits. */
export function assertDeviceId(text: string): string {
  if (!isDeviceId(text)) throw new CloudError('bad-device-id', `device id must be ${DEVICE_ID_PREFIX}<15-digit IMEI>`);
  return text;
}

export function imeiOf(deviceId: string): string {
  return assertDeviceId(deviceId).slice(DEVICE_ID_PREFIX.length);
}
