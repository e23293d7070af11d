/**
 * Finding a slot's port in one port listing (docs/station.md#port-matching): a Quectel module's
 * four interfaces on one hub port → the AT interface (if02, docs/uncertain-behaviour.md#usb-interface-roles);
 * the same by USB serial; a single-interface adapter; several interfaces with no way to tell.
 */
import { describe, expect, it } from 'vitest';
import { readSlotPort, sameUsbLocation } from '../../../electron/station/slot-port.ts';
import type { PortInfo } from '../../../electron/engine/transport/list.ts';

const quectel = (n: number, location: string, serial: string, tty: number): PortInfo => ({
  path: `/dev/ttyUSB${tty}`,
  manufacturer: 'Quectel',
  serialNumber: serial,
  pnpId: `usb-Quectel_EG25-G_${serial}-if0${n}-port0`,
  locationId: `${location}:1.${n}`,
  vendorId: '2c7c',
  productId: '0125',
});

const listing: PortInfo[] = [
  ...[0, 1, 2, 3].map((n) => quectel(n, '1-1.2', 'SN0042', n)),
  ...[0, 1, 2, 3].map((n) => quectel(n, '1-1.3', 'SN0043', 4 + n)),
  { path: '/dev/ttyUSB9', manufacturer: 'FTDI', serialNumber: 'FT1', pnpId: undefined, locationId: '1-1.4', vendorId: '0403', productId: '6001' },
];
const nothingExists = () => false;

describe('readSlotPort', () => {
  it('picks the AT interface (if02) of the module on a USB location, whatever tty name it got', () => {
    expect(readSlotPort({ usbLocation: '1-1.2' }, listing, nothingExists)).toEqual({ present: true, path: '/dev/ttyUSB2' });
    expect(readSlotPort({ usbLocation: '1-1.3' }, listing, nothingExists)).toEqual({ present: true, path: '/dev/ttyUSB6' });
    const renamed = listing.map((info) => (info.locationId?.startsWith('1-1.2:') ? { ...info, path: info.path.replace('ttyUSB', 'ttyUSB1') } : info));
    expect(readSlotPort({ usbLocation: '1-1.2' }, renamed, nothingExists)).toEqual({ present: true, path: '/dev/ttyUSB12' });
  });

  it('finds a module by its USB serial number', () => {
    expect(readSlotPort({ usbSerial: 'SN0043' }, listing, nothingExists)).toEqual({ present: true, path: '/dev/ttyUSB6' });
    expect(readSlotPort({ usbSerial: 'SN9999' }, listing, nothingExists)).toEqual({ present: false });
  });

  it('takes the only port of a single-interface adapter; an empty hub port is absent', () => {
    expect(readSlotPort({ usbLocation: '1-1.4' }, listing, nothingExists)).toEqual({ present: true, path: '/dev/ttyUSB9' });
    expect(readSlotPort({ usbLocation: '1-1.5' }, listing, nothingExists)).toEqual({ present: false });
  });

  it('does not guess among several interfaces it cannot tell apart', () => {
    const unknown = listing.filter((info) => info.locationId?.startsWith('1-1.2')).map((info) => ({ ...info, pnpId: undefined }));
    expect(readSlotPort({ usbLocation: '1-1.2' }, unknown, nothingExists)).toEqual({ present: false, ambiguous: ['/dev/ttyUSB0', '/dev/ttyUSB1', '/dev/ttyUSB2', '/dev/ttyUSB3'] });
  });

  it('a path is present when listed or when it exists (a PTY is not in the USB listing)', () => {
    expect(readSlotPort({ path: '/dev/ttyUSB9' }, listing, nothingExists)).toEqual({ present: true, path: '/dev/ttyUSB9' });
    expect(readSlotPort({ path: '/tmp/rig/tty0' }, listing, (p) => p === '/tmp/rig/tty0')).toEqual({ present: true, path: '/tmp/rig/tty0' });
    expect(readSlotPort({ path: '/tmp/rig/tty1' }, listing, (p) => p === '/tmp/rig/tty0')).toEqual({ present: false });
  });

  it('a location does not match a deeper hub port that shares its prefix', () => {
    expect(sameUsbLocation('1-1.2:1.2', '1-1.2')).toBe(true);
    expect(sameUsbLocation('1-1.2', '1-1.2')).toBe(true);
    expect(sameUsbLocation('1-1.23:1.2', '1-1.2')).toBe(false);
    expect(sameUsbLocation('1-1.2.1:1.2', '1-1.2')).toBe(false);
  });
});
