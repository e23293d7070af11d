/**
 * Station configuration files (docs/station.md#configuration): a good file with every way of
 * finding a port, defaults, the profile path resolved against the file's folder, and bad files
 * whose errors name the field.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFromPorts, labelOfPort, loadStationConfig } from '../../../electron/station/config.ts';
import { StationConfigError } from '../../../shared/station.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'fl-station-config-'));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

async function write(name: string, content: unknown): Promise<string> {
  const file = path.join(root, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function problems(content: unknown): Promise<string[]> {
  const file = await write('bad.json', content);
  const error: unknown = await loadStationConfig(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StationConfigError);
  return (error as StationConfigError).issues.map((issue) => `${issue.path}: ${issue.problem}`);
}

const good = {
  name: 'line-1-st-3',
  line: 'line-1',
  profile: 'profiles/fleet-a.json',
  operatorRequired: true,
  slots: [
    { label: 'A1', port: { usbLocation: '1-1.2' } },
    { label: 'A2', port: { usbSerial: 'SN0042' } },
    { label: 'A3', port: { path: '/dev/ttyUSB6' } },
  ],
};

describe('loadStationConfig', () => {
  it('reads a good file: slots by USB location, USB serial and path; defaults; profile relative to the file', async () => {
    const config = await loadStationConfig(await write('station.json', good));
    expect(config).toMatchObject({
      name: 'line-1-st-3',
      line: 'line-1',
      profile: path.join(root, 'profiles/fleet-a.json'),
      fota: 'auto',
      duplicates: 'refuse',
      operatorRequired: true,
      unitSerial: false,
      pollMs: 500,
      slotTimeoutS: 900,
    });
    expect(config.slots.map((slot) => slot.port)).toEqual([{ usbLocation: '1-1.2' }, { usbSerial: 'SN0042' }, { path: '/dev/ttyUSB6' }]);
  });

  it('keeps "demo" as the profile', async () => {
    expect((await loadStationConfig(await write('demo.json', { ...good, profile: 'demo' }))).profile).toBe('demo');
  });

  it('names the field of each problem', async () => {
    expect(await problems({ ...good, fota: 'ask' })).toEqual(['fota: expected one of auto|never']);
    expect(await problems({ ...good, duplicates: 'maybe' })).toEqual(['duplicates: expected one of allow|refuse|rework']);
    const { name: _name, ...noName } = good;
    expect(await problems(noName)).toEqual(['name: required']);
    expect(await problems({ ...good, colour: 'red' })).toEqual(['colour: unknown key']);
    expect(await problems({ ...good, slots: [good.slots[0], { label: 'A2', port: { usb: 'x' } }] })).toEqual([
      'slots.1.port: expected exactly one of {"path"}, {"usbLocation"} or {"usbSerial"}',
    ]);
    expect(await problems({ ...good, slots: [good.slots[0], { ...good.slots[1], label: 'a1' }] })).toEqual(['slots.1.label: "a1" is already slot 0']);
    expect(await problems({ ...good, slots: [good.slots[0], { label: 'B1', port: { usbLocation: '1-1.2' } }] })).toEqual(['slots.1.port: the same port as slot 0']);
    expect(await problems({ ...good, slots: [{ label: 'A 1', port: { path: '/dev/x' } }] })).toEqual(['slots.0.label: must be 1–32 letters, digits, . _ - (e.g. A1)']);
    expect(await problems({ ...good, slots: [] })).toHaveLength(1);
  });

  it('says where the JSON is broken without quoting the file, and names a missing file', async () => {
    expect(await problems('{\n  "name": "x",\n  oops\n}')).toEqual(['(the file): not valid JSON (syntax error at line 3, column 3)']);
    const error: unknown = await loadStationConfig(path.join(root, 'missing.json')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unreadable' });
    expect((error as Error).message).toContain('no such file');
  });
});

describe('--ports shorthand', () => {
  it('makes one slot per port, labelled by the port name (duplicates numbered)', () => {
    const config = configFromPorts({ ports: ['/dev/ttyUSB2', '/tmp/rig/tty0', '/other/tty0', 'COM7'], profile: '/p/fleet.json' });
    expect(config.slots).toEqual([
      { label: 'ttyUSB2', port: { path: '/dev/ttyUSB2' } },
      { label: 'tty0', port: { path: '/tmp/rig/tty0' } },
      { label: 'tty0-2', port: { path: '/other/tty0' } },
      { label: 'COM7', port: { path: 'COM7' } },
    ]);
    expect(config).toMatchObject({ name: 'station', fota: 'auto', duplicates: 'refuse' });
  });

  it('labels odd names safely', () => {
    expect(labelOfPort('tcp://127.0.0.1:5555')).toBe('127.0.0.1_5555');
    expect(labelOfPort('\\\\.\\COM12')).toBe('COM12');
  });
});
