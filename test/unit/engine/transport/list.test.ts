import { afterEach, describe, expect, it } from 'vitest';
import { describePort, listSerialPorts } from '../../../../electron/engine/transport/list.ts';
import type { PortInfo, SerialPortInfo } from '../../../../electron/engine/transport/list.ts';
import { PortListError } from '../../../../electron/engine/transport/errors.ts';

const info = (over: Partial<PortInfo>): PortInfo => ({
  path: '/dev/ttyS0',
  manufacturer: undefined,
  serialNumber: undefined,
  pnpId: undefined,
  locationId: undefined,
  vendorId: undefined,
  productId: undefined,
  ...over,
});

describe('describePort', () => {
  it.each([
    [
      'Linux Quectel AT interface (if02)',
      info({ path: '/dev/ttyUSB2', manufacturer: 'Quectel', vendorId: '2c7c', productId: '0125', serialNumber: 'abc', pnpId: 'usb-Quectel_EG25-G-if02-port0' }),
      { path: '/dev/ttyUSB2', manufacturer: 'Quectel', vendorId: '2c7c', productId: '0125', serialNumber: 'abc', isQuectel: true, interfaceHint: 'at' },
    ],
    [
      'Linux Quectel NMEA interface (if01)',
      info({ path: '/dev/ttyUSB1', vendorId: '2c7c', productId: '0125', pnpId: 'usb-Quectel_EG25-G-if01-port0' }),
      { path: '/dev/ttyUSB1', manufacturer: undefined, vendorId: '2c7c', productId: '0125', serialNumber: undefined, isQuectel: true, interfaceHint: 'nmea' },
    ],
    [
      'Windows Quectel AT interface (MI_02), upper-case ids',
      info({ path: 'COM9', vendorId: '2C7C', productId: '0125', pnpId: 'USB\\VID_2C7C&PID_0125&MI_02\\6&1234&0&0002' }),
      { path: 'COM9', manufacturer: undefined, vendorId: '2c7c', productId: '0125', serialNumber: undefined, isQuectel: true, interfaceHint: 'at' },
    ],
    [
      'FTDI adapter with an interface number is not hinted',
      info({ path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001', pnpId: 'usb-FTDI_FT232R-if00-port0' }),
      { path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001', serialNumber: undefined, isQuectel: false, interfaceHint: undefined },
    ],
    [
      'on-board UART without USB identity',
      info({ path: '/dev/ttyS0' }),
      { path: '/dev/ttyS0', manufacturer: undefined, vendorId: undefined, productId: undefined, serialNumber: undefined, isQuectel: false, interfaceHint: undefined },
    ],
  ] satisfies Array<[string, PortInfo, SerialPortInfo]>)('%s', (_name, port, expected) => {
    expect(describePort(port)).toEqual(expected);
  });
});

describe('listSerialPorts', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('sorts ports naturally and marks the Quectel ones', async () => {
    const ports = await listSerialPorts(async () => [
      info({ path: '/dev/ttyUSB10' }),
      info({ path: '/dev/ttyUSB2', vendorId: '2c7c', pnpId: 'usb-Quectel_EG25-G-if02-port0' }),
    ]);
    expect(ports.map((p) => [p.path, p.isQuectel, p.interfaceHint])).toEqual([
      ['/dev/ttyUSB2', true, 'at'],
      ['/dev/ttyUSB10', false, undefined],
    ]);
  });

  it.runIf(process.platform === 'linux')('a missing udevadm gives a PortListError saying so', async () => {
    process.env.PATH = '/nonexistent-fieldlink-test-dir';

    const error = await listSerialPorts().then(() => undefined, (e: unknown) => e);

    expect(error).toBeInstanceOf(PortListError);
    expect(error).toMatchObject({ kind: 'list-failed' });
    expect((error as Error).message).toMatch(/cannot list serial ports: .*udevadm.*\(udevadm is missing/);
  });

  it('lists this machine\'s ports with the real bindings', async () => {
    const ports = await listSerialPorts();
    for (const port of ports) {
      expect(port.path).toMatch(/^(\/dev\/|COM)/);
      expect(port.isQuectel).toBe(port.vendorId === '2c7c');
    }
  });
});
