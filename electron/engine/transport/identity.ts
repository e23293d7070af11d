/**
 * Finding a USB serial port again after it re-enumerated under another name (S2: a Quectel module
 * that rebooted after FOTA or a reset can come back as ttyUSB6 instead of ttyUSB2, COM9 instead of
 * COM7). A port's USB identity is what the serialport listing reports about it: serial number,
 * VID:PID, the USB interface number (from the by-id name / PnP id) and the USB location. Those
 * facts are data here; the caller still confirms the device by its IMEI before going on.
 */
import { realpath } from 'node:fs/promises';
import { usbInterfaceNumber, type PortInfo } from './list.ts';

export interface UsbIdentity {
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
  /** USB interface number (`if02`, `MI_02`): which of the modem's ports it is. */
  interfaceNumber?: number;
  /** USB location (hub port path), when the platform reports one. */
  locationId?: string;
}

export type IdentityField = keyof UsbIdentity;

/**
 * How much each matching field tells: a serial number names one device, the interface number one
 * port of it, the location one USB socket, VID:PID only a product. A field known on both sides
 * that differs rules the candidate out, except the location (the same device in another socket).
 */
export const IDENTITY_WEIGHTS: Readonly<Record<IdentityField, number>> = {
  serialNumber: 8,
  interfaceNumber: 4,
  locationId: 2,
  vendorId: 1,
  productId: 1,
};

const FIELD_WORDS: Readonly<Record<IdentityField, string>> = {
  serialNumber: 'serial number',
  interfaceNumber: 'interface',
  locationId: 'USB location',
  vendorId: 'VID',
  productId: 'PID',
};

/** Fields that may differ on the same device (it can be plugged into another socket). */
const SOFT_FIELDS: ReadonlySet<IdentityField> = new Set(['locationId']);

const clean = (value: string | undefined): string | undefined => {
  const text = value?.trim();
  return text ? text : undefined;
};

/** The identity of one listed port; undefined when the listing says nothing about it (no USB facts). */
export function identityOf(info: PortInfo): UsbIdentity | undefined {
  const identity: UsbIdentity = {};
  const serialNumber = clean(info.serialNumber);
  const vendorId = clean(info.vendorId)?.toLowerCase();
  const productId = clean(info.productId)?.toLowerCase();
  const interfaceNumber = usbInterfaceNumber(info);
  const locationId = clean(info.locationId);
  if (serialNumber) identity.serialNumber = serialNumber;
  if (vendorId) identity.vendorId = vendorId;
  if (productId) identity.productId = productId;
  if (interfaceNumber !== undefined) identity.interfaceNumber = interfaceNumber;
  if (locationId) identity.locationId = locationId;
  return vendorId && productId ? identity : undefined;
}

export interface IdentityMatch {
  path: string;
  score: number;
  /** The fields that matched, strongest first. */
  matchedBy: IdentityField[];
}

/** Scores `candidate` against the known identity; undefined when it cannot be the same port. */
export function matchIdentity(known: UsbIdentity, candidate: PortInfo): IdentityMatch | undefined {
  const found = identityOf(candidate);
  if (!found) return undefined;
  const matchedBy: IdentityField[] = [];
  for (const field of Object.keys(IDENTITY_WEIGHTS) as IdentityField[]) {
    const a = known[field];
    const b = found[field];
    if (a === undefined) continue;
    if (b === undefined) {
      // A serial number or interface the old port had and the candidate lacks: not the same port.
      if (field === 'serialNumber' || field === 'interfaceNumber') return undefined;
      continue;
    }
    if (a === b) matchedBy.push(field);
    else if (!SOFT_FIELDS.has(field)) return undefined;
  }
  if (!matchedBy.includes('vendorId') || !matchedBy.includes('productId')) return undefined;
  const score = matchedBy.reduce((sum, field) => sum + IDENTITY_WEIGHTS[field], 0);
  return { path: candidate.path, score, matchedBy };
}

export function describeMatch(match: Pick<IdentityMatch, 'matchedBy'>, identity: UsbIdentity): string {
  return match.matchedBy
    .filter((field) => field !== 'productId')
    .map((field) => {
      if (field === 'vendorId') return `VID:PID ${identity.vendorId}:${identity.productId}`;
      if (field === 'interfaceNumber') return `interface ${identity.interfaceNumber}`;
      return `${FIELD_WORDS[field]} ${identity[field]}`;
    })
    .join(', ');
}

export interface RelocatedPort {
  /** The chosen path. */
  path: string;
  match: IdentityMatch;
  /** Every path that matched, best first (the chosen one included). */
  candidates: IdentityMatch[];
}

const byPath = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

/**
 * The best port for a known identity in a listing: the highest score; on a tie the previous path,
 * then the lowest name. Undefined when nothing matches.
 */
export function relocate(known: UsbIdentity, ports: readonly PortInfo[], previousPath: string): RelocatedPort | undefined {
  const candidates = ports
    .map((port) => matchIdentity(known, port))
    .filter((match): match is IdentityMatch => match !== undefined)
    .sort((a, b) => b.score - a.score || Number(b.path === previousPath) - Number(a.path === previousPath) || byPath(a.path, b.path));
  const best = candidates[0];
  return best ? { path: best.path, match: best, candidates } : undefined;
}

/** Same device node? Compares resolved paths (a by-id symlink and /dev/ttyUSB2 are one port). */
export async function samePortPath(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [ra, rb] = await Promise.all([realpath(a).catch(() => a), realpath(b).catch(() => b)]);
  const comPort = /^(\\\\\.\\)?COM\d+$/i;
  return ra === rb || (comPort.test(a) && comPort.test(b) && a.replace(/^\\\\\.\\/, '').toUpperCase() === b.replace(/^\\\\\.\\/, '').toUpperCase());
}
