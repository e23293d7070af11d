/** S2: the USB identity that finds a re-enumerated port again (fake listings, no hardware). */
import { describe, expect, it } from 'vitest';
import { describeMatch, identityOf, matchIdentity, relocate } from '../../../../electron/engine/transport/identity.ts';
import type { PortInfo } from '../../../../electron/engine/transport/list.ts';

const port = (path: string, over: Partial<PortInfo> = {}): PortInfo => ({
  path,
  manufacturer: 'Quectel',
  serialNumber: 'EC25SN0001',
  pnpId: 'usb-Quectel_EC25_EC25SN0001-if02-port0',
  locationId: '1-1.2',
  vendorId: '2C7C',
  productId: '0125',
  ...over,
});

const known = identityOf(port('/dev/ttyUSB2'));

describe('identityOf', () => {
  it('takes serial number, VID:PID (lower case), interface number and location from a listing entry', () => {
    expect(known).toEqual({ serialNumber: 'EC25SN0001', vendorId: '2c7c', productId: '0125', interfaceNumber: 2, locationId: '1-1.2' });
  });

  it('has no identity for a port the listing knows nothing USB about (built-in UART, PTY)', () => {
    expect(identityOf({ path: '/dev/ttyS0', manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, vendorId: undefined, productId: undefined })).toBeUndefined();
  });

  it('reads the Windows interface number (MI_02)', () => {
    expect(identityOf(port('COM9', { pnpId: 'USB\\VID_2C7C&PID_0125&MI_02\\6&2A3F&0&0002' }))?.interfaceNumber).toBe(2);
  });
});

describe('matchIdentity / relocate (S2 ttyUSB2 → ttyUSB6, COM7 → COM9)', () => {
  if (!known) throw new Error('no identity');

  it('the same module under another name matches by serial number, interface, location and VID:PID', () => {
    const match = matchIdentity(known, port('/dev/ttyUSB6'));
    expect(match).toMatchObject({ path: '/dev/ttyUSB6', matchedBy: ['serialNumber', 'interfaceNumber', 'locationId', 'vendorId', 'productId'] });
    expect(describeMatch(match ?? { matchedBy: [] }, known)).toBe('serial number EC25SN0001, interface 2, USB location 1-1.2, VID:PID 2c7c:0125');
  });

  it.each([
    ['another interface of the same module (NMEA if01)', port('/dev/ttyUSB5', { pnpId: 'usb-Quectel_EC25_EC25SN0001-if01-port0' })],
    ['another module of the same product (other serial number)', port('/dev/ttyUSB6', { serialNumber: 'EC25SN0002' })],
    ['a port that reports no serial number while the old one did', port('/dev/ttyUSB6', { serialNumber: undefined })],
    ['another product', port('/dev/ttyUSB6', { productId: '0296' })],
    ['a port without USB facts', port('/dev/ttyS4', { vendorId: undefined, productId: undefined, serialNumber: undefined, pnpId: undefined })],
  ])('rules out %s', (_, candidate) => {
    expect(matchIdentity(known, candidate)).toBeUndefined();
  });

  it('the same module in another USB socket still matches (location is a soft fact), with a lower score', () => {
    const moved = matchIdentity(known, port('/dev/ttyUSB6', { locationId: '1-1.4' }));
    const same = matchIdentity(known, port('/dev/ttyUSB7'));
    expect(moved?.matchedBy).not.toContain('locationId');
    expect(moved && same && moved.score < same.score).toBe(true);
  });

  it('several candidates: the strongest identity wins, then the previous name, then the lowest name', () => {
    const listing = [
      port('/dev/ttyUSB9', { locationId: '1-1.4' }), // same serial + interface, other socket
      port('/dev/ttyUSB6'), // everything matches
      port('/dev/ttyUSB5', { pnpId: 'usb-Quectel_EC25_EC25SN0001-if01-port0' }), // NMEA: ruled out
      port('/dev/ttyUSB3', { serialNumber: 'OTHER' }), // another module: ruled out
    ];
    const found = relocate(known, listing, '/dev/ttyUSB2');
    expect(found?.path).toBe('/dev/ttyUSB6');
    expect(found?.candidates.map((c) => c.path)).toEqual(['/dev/ttyUSB6', '/dev/ttyUSB9']);
    // equal scores: the previous name first
    expect(relocate(known, [port('/dev/ttyUSB6'), port('/dev/ttyUSB2')], '/dev/ttyUSB2')?.path).toBe('/dev/ttyUSB2');
    expect(relocate(known, [port('/dev/ttyUSB10'), port('/dev/ttyUSB9')], '/dev/ttyUSB2')?.path).toBe('/dev/ttyUSB9');
  });

  it('Windows: COM7 comes back as COM9', () => {
    const win = identityOf(port('COM7', { pnpId: 'USB\\VID_2C7C&PID_0125&MI_02\\6&2A3F&0&0002', locationId: 'Port_#0003.Hub_#0001' }));
    if (!win) throw new Error('no identity');
    const listing = [port('COM8', { pnpId: 'USB\\VID_2C7C&PID_0125&MI_01\\6&2A3F&0&0001' }), port('COM9', { pnpId: 'USB\\VID_2C7C&PID_0125&MI_02\\6&2A3F&0&0002', locationId: 'Port_#0003.Hub_#0001' })];
    expect(relocate(win, listing, 'COM7')?.path).toBe('COM9');
  });

  it('nothing matches: undefined', () => {
    expect(relocate(known, [port('/dev/ttyUSB6', { serialNumber: 'OTHER' })], '/dev/ttyUSB2')).toBeUndefined();
  });
});
