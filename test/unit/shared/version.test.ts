import { describe, expect, it } from 'vitest';
import { VersionError, compareFirmware, normaliseFirmware } from '../../../shared/version.ts';
import type { FirmwareComparison } from '../../../shared/version.ts';

describe('normaliseFirmware', () => {
  it.each([
    { input: 'V1.02', expected: '1.2.0' },
    { input: 'TMS2_M_1.0.3', expected: '1.0.3' },
    { input: 'TMS2_S_V2.10', expected: '2.10.0' },
    { input: '1.4', expected: '1.4.0' },
    { input: '1.4.0', expected: '1.4.0' },
    { input: 'v2.0.1-rc1', expected: '2.0.1-rc1' },
    { input: ' 1.2.3 ', expected: '1.2.3' },
    { input: 'V01.002.0003', expected: '1.2.3' },
    { input: 'TMS2 main 3.1', expected: '3.1.0' },
    { input: '1.0.0-beta.2+build.7', expected: '1.0.0-beta.2' },
  ] satisfies { input: string; expected: string }[])('$input → $expected', ({ input, expected }) => {
    expect(normaliseFirmware(input)).toBe(expected);
  });

  it.each([
    '',
    'unknown',
    'V1',
    '1.2.3.4',
    'EC25EFAR06A06M4G',
    '1.0.3_TMS2',
    '1..2',
    'v1.2.3-',
    '1.2.3-01',
  ] satisfies string[])('rejects %j with a VersionError naming the input', (input) => {
    let thrown: unknown;
    try {
      normaliseFirmware(input, 'device');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VersionError);
    const error = thrown as VersionError;
    expect(error.kind).toBe('unparseable');
    expect(error.input).toBe(input);
    expect(error.role).toBe('device');
    expect(error.message).toContain(JSON.stringify(input));
  });
});

describe('compareFirmware', () => {
  it.each([
    { device: 'V1.02', server: '1.4.0', expected: 'update' },
    { device: 'TMS2_M_1.0.3', server: '1.0.3', expected: 'same' },
    { device: 'V1.02', server: '1.2', expected: 'same' },
    { device: '1.4', server: '1.3.9', expected: 'downgrade' },
    { device: 'v2.0.1-rc1', server: '2.0.1', expected: 'update' },
    { device: '2.0.1', server: '2.0.1-rc1', expected: 'downgrade' },
    { device: '1.9.0', server: '1.10.0', expected: 'update' },
  ] satisfies { device: string; server: string; expected: FirmwareComparison }[])(
    'device $device, server $server → $expected',
    ({ device, server, expected }) => {
      expect(compareFirmware(device, server)).toBe(expected);
    },
  );

  it('an unreadable version is an error that says which side, never a silent "no update"', () => {
    expect(() => compareFirmware('garbage', '1.0.0')).toThrow(expect.objectContaining({ role: 'device', input: 'garbage' }));
    expect(() => compareFirmware('1.0.0', 'latest')).toThrow(expect.objectContaining({ role: 'server', input: 'latest' }));
  });
});
