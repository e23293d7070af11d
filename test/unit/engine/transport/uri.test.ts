import { describe, expect, it } from 'vitest';
import { parsePortUri, createTransport, openTransport } from '../../../../electron/engine/transport/uri.ts';
import type { PortSpec } from '../../../../electron/engine/transport/uri.ts';
import { TransportError } from '../../../../electron/engine/transport/errors.ts';
import { SerialTransport } from '../../../../electron/engine/transport/serial.ts';
import { TcpTransport } from '../../../../electron/engine/transport/tcp.ts';
import { SimTransport } from '../../../../electron/engine/transport/sim.ts';

describe('parsePortUri', () => {
  it.each([
    ['/dev/ttyUSB2', { kind: 'serial', uri: '/dev/ttyUSB2', path: '/dev/ttyUSB2', baudRate: 115200, rtscts: false }],
    ['COM7', { kind: 'serial', uri: 'COM7', path: 'COM7', baudRate: 115200, rtscts: false }],
    ['\\\\.\\COM12', { kind: 'serial', uri: '\\\\.\\COM12', path: '\\\\.\\COM12', baudRate: 115200, rtscts: false }],
    ['/dev/ttyUSB2?baud=9600&rtscts=1', { kind: 'serial', uri: '/dev/ttyUSB2?baud=9600&rtscts=1', path: '/dev/ttyUSB2', baudRate: 9600, rtscts: true }],
    ['/dev/serial/by-id/usb-Quectel_EG25-G-if02-port0?rtscts=true', { kind: 'serial', uri: '/dev/serial/by-id/usb-Quectel_EG25-G-if02-port0?rtscts=true', path: '/dev/serial/by-id/usb-Quectel_EG25-G-if02-port0', baudRate: 115200, rtscts: true }],
    ['COM3?baud=921600&rtscts=0', { kind: 'serial', uri: 'COM3?baud=921600&rtscts=0', path: 'COM3', baudRate: 921600, rtscts: false }],
    ['tcp://127.0.0.1:5555', { kind: 'tcp', uri: 'tcp://127.0.0.1:5555', host: '127.0.0.1', port: 5555 }],
    ['tcp://ser2net.local:3001/', { kind: 'tcp', uri: 'tcp://ser2net.local:3001/', host: 'ser2net.local', port: 3001 }],
    ['tcp://[::1]:2000', { kind: 'tcp', uri: 'tcp://[::1]:2000', host: '::1', port: 2000 }],
    ['sim:', { kind: 'sim', uri: 'sim:', scenario: undefined }],
    ['sim:no-sim', { kind: 'sim', uri: 'sim:no-sim', scenario: 'no-sim' }],
    ['  sim:slow_network  ', { kind: 'sim', uri: 'sim:slow_network', scenario: 'slow_network' }],
  ] satisfies Array<[string, PortSpec]>)('%s', (uri, expected) => {
    expect(parsePortUri(uri)).toEqual(expected);
  });

  it.each([
    ['', 'port', 'is empty'],
    ['/dev/ttyUSB2?baud=fast', 'baud', 'must be a number'],
    ['/dev/ttyUSB2?baud=12.5', 'baud', 'must be a whole number'],
    ['/dev/ttyUSB2?baud=10', 'baud', 'must be at least 50'],
    ['/dev/ttyUSB2?rtscts=maybe', 'rtscts', 'must be 0 or 1'],
    ['/dev/ttyUSB2?parity=even', 'parity', 'is not a known option'],
    ['ttyUSB2', 'path', 'must be a device path'],
    ['COM0', 'path', 'must be a device path'],
    ['tcp://127.0.0.1', 'port', 'is missing'],
    ['tcp://127.0.0.1:http', 'port', 'must be a number'],
    ['tcp://127.0.0.1:70000', 'port', 'must be 1-65535'],
    ['tcp://:5555', 'host', 'is missing'],
    ['tcp://127.0.0.1:5555/ttyUSB0', 'tcp URI', 'must look like tcp://host:port'],
    ['http://127.0.0.1:5555', 'scheme', '"http:" is not supported'],
    ['sim:no sim', 'scenario', 'must be letters'],
  ])('%j is rejected naming %s', (uri, field, problem) => {
    let error: unknown;
    try {
      parsePortUri(uri);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'bad-uri', port: uri });
    expect((error as Error).message).toContain(`bad port URI: ${field} ${problem}`);
  });
});

describe('createTransport', () => {
  it.each([
    ['/dev/ttyUSB2', SerialTransport],
    ['tcp://127.0.0.1:5555', TcpTransport],
    ['sim:', SimTransport],
  ] as const)('%s gives a %o, not yet open', async (uri, type) => {
    const transport = await createTransport(uri);
    expect(transport).toBeInstanceOf(type);
    expect(transport.isOpen).toBe(false);
    expect(transport.uri).toBe(uri);
  });

  it('applies overrides over the URI query', async () => {
    const transport = (await createTransport('/dev/ttyUSB2?baud=9600', { baudRate: 460800, rtscts: true })) as SerialTransport;
    expect(transport.settings).toEqual({ path: '/dev/ttyUSB2', baudRate: 460800, rtscts: true });
  });

  it('rejects a bad baud override naming the field', async () => {
    await expect(createTransport('/dev/ttyUSB2', { baudRate: -1 })).rejects.toThrow(/bad port URI: baud must be at least 50/);
  });

  it('openTransport rejects a bad URI before touching any device', async () => {
    await expect(openTransport('tcp://127.0.0.1')).rejects.toMatchObject({ kind: 'bad-uri' });
  });
});
