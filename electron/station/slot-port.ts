/**
 * Which port a slot's unit is on, from one reading of the port list (docs/station.md#port-matching).
 * A path slot is present when the listing has that path or the path exists (PTYs and TCP-less
 * adapters are not in the USB listing). A USB location or serial slot gathers the listed ports of
 * that socket or module; a Quectel module exposes several interfaces, and the AT interface is
 * picked by its USB interface number (QUECTEL_INTERFACE_ROLES: if02) — or the only port there is.
 */
import { usbInterfaceNumber, QUECTEL_INTERFACE_ROLES, QUECTEL_USB_VENDOR_ID, type PortInfo } from '../engine/transport/list.ts';
import type { SlotPort } from '../../shared/station.ts';

export type SlotPortReading =
  | { present: true; path: string }
  | { present: false }
  /** Several interfaces and none can be told to be the AT one: the slot waits and says so. */
  | { present: false; ambiguous: readonly string[] };

/** A USB location matches the device on that hub port, with or without an interface suffix (`1-1.2:1.2`). */
export function sameUsbLocation(listed: string | undefined, wanted: string): boolean {
  if (!listed) return false;
  const a = listed.trim();
  return a === wanted || a.startsWith(`${wanted}:`);
}

function isAtInterface(info: PortInfo): boolean {
  const number = usbInterfaceNumber(info);
  if (number === undefined) return false;
  const quectel = info.vendorId?.toLowerCase() === QUECTEL_USB_VENDOR_ID;
  // Another vendor's adapter with interface numbers: take the Quectel table as the best guess only for Quectel.
  return quectel && QUECTEL_INTERFACE_ROLES[number] === 'at';
}

/** The AT port among one device's interfaces. */
export function pickAtInterface(candidates: readonly PortInfo[]): SlotPortReading {
  if (candidates.length === 0) return { present: false };
  if (candidates.length === 1) return { present: true, path: candidates[0]?.path ?? '' };
  const at = candidates.filter(isAtInterface);
  if (at.length === 1) return { present: true, path: at[0]?.path ?? '' };
  return { present: false, ambiguous: candidates.map((c) => c.path).sort() };
}

/**
 * Reads where a slot's unit is. `exists` answers for paths not in the listing (a PTY, a port the
 * listing does not show).
 */
export function readSlotPort(slot: SlotPort, listing: readonly PortInfo[], exists: (path: string) => boolean): SlotPortReading {
  if ('path' in slot) {
    const listed = listing.some((info) => info.path === slot.path);
    return listed || exists(slot.path) ? { present: true, path: slot.path } : { present: false };
  }
  if ('usbLocation' in slot) return pickAtInterface(listing.filter((info) => sameUsbLocation(info.locationId, slot.usbLocation)));
  return pickAtInterface(listing.filter((info) => info.serialNumber?.trim() === slot.usbSerial));
}
