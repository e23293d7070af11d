import { describe, expect, it } from 'vitest';
import { classifySerialOpenError } from '../../../../electron/engine/transport/serial-errors.ts';
import type { TransportErrorKind } from '../../../../electron/engine/transport/errors.ts';

// Messages as the serialport 13 bindings produce them (serialport_unix.cpp, serialport_win.cpp).
describe('classifySerialOpenError', () => {
  it.each([
    ['Error: No such file or directory, cannot open /dev/ttyUSB2', 'linux', 'not-found', /no such serial port \/dev\/ttyUSB2/],
    ['Error Resource temporarily unavailable Cannot lock port', 'linux', 'busy', /held by another program/],
    ['Error: Device or resource busy, cannot open /dev/ttyUSB2', 'linux', 'busy', /held by another program/],
    ['Error: Permission denied, cannot open /dev/ttyUSB2', 'linux', 'permission', /dialout/],
    ['Opening COM7: Access denied', 'win32', 'busy', /held by another program/],
    ['Opening COM7: File not found', 'win32', 'not-found', /no such serial port/],
    ['Error: Input/output error, cannot open /dev/ttyUSB2', 'linux', 'open-failed', /cannot open \/dev\/ttyUSB2: Error: Input\/output error/],
  ] as Array<[string, NodeJS.Platform, TransportErrorKind, RegExp]>)('%s (%s) → %s', (message, platform, kind, text) => {
    const port = platform === 'win32' ? 'COM7' : '/dev/ttyUSB2';
    const error = classifySerialOpenError(new Error(message), port, port, platform);
    expect(error.kind).toBe(kind);
    expect(error.port).toBe(port);
    expect(error.message).toMatch(text);
    expect(error.message.startsWith(`${port}: `)).toBe(true);
    expect(error.cause).toBeInstanceOf(Error);
  });
});
