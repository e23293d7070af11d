/**
 * AT+QFOPEN / QFWRITE / QFREAD / QFSEEK / QFPOSITION / QFCLOSE (docs/at-behaviour.md#file-handles):
 * exact bytes, and the bytes on disk in `<stateDir>/<imei>/ufs/`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startQuietDevice, type TestDevice } from '../../../helpers/sim/device.ts';
import { uploadFile } from '../../../helpers/sim/module-steps.ts';
import { runSteps, type WireStep } from '../../../helpers/sim/wire-steps.ts';

let t: TestDevice | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const SCENARIOS: ReadonlyArray<{ name: string; steps: WireStep[]; disk?: [string, string] }> = [
  {
    name: 'create, write, seek to the start, read back, close',
    steps: [
      { send: 'AT+QFOPEN="notes.txt",0\r', expect: '\r\n+QFOPEN: 1027\r\n\r\nOK\r\n' },
      { send: 'AT+QFWRITE=1027,10\r', expect: '\r\nCONNECT\r\n' },
      { send: '0123456789', expect: '\r\n+QFWRITE: 10,10\r\n\r\nOK\r\n' },
      { send: 'AT+QFPOSITION=1027\r', expect: '\r\n+QFPOSITION: 10\r\n\r\nOK\r\n' },
      { send: 'AT+QFSEEK=1027,0,0\r', expect: '\r\nOK\r\n' },
      { send: 'AT+QFREAD=1027,4\r', expect: '\r\nCONNECT 4\r\n0123\r\nOK\r\n' },
      { send: 'AT+QFREAD=1027\r', expect: '\r\nCONNECT 6\r\n456789\r\nOK\r\n' },
      { send: 'AT+QFREAD=1027,5\r', expect: '\r\nCONNECT 0\r\n\r\nOK\r\n' },
      { send: 'AT+QFCLOSE=1027\r', expect: '\r\nOK\r\n' },
      { send: 'AT+QFLST="notes.txt"\r', expect: '\r\n+QFLST: "notes.txt",10\r\n\r\nOK\r\n' },
    ],
    disk: ['notes.txt', '0123456789'],
  },
  {
    name: 'overwrite in the middle after QFSEEK from the current position and from the end',
    steps: [
      { send: 'AT+QFOPEN="a.bin",1\r', expect: '\r\n+QFOPEN: 1027\r\n\r\nOK\r\n' },
      { send: 'AT+QFWRITE=1027,6\r', expect: '\r\nCONNECT\r\n' },
      { send: 'abcdef', expect: '\r\n+QFWRITE: 6,6\r\n\r\nOK\r\n' },
      { send: 'AT+QFSEEK=1027,4,2\r', expect: '\r\nOK\r\n' },
      { send: 'AT+QFPOSITION=1027\r', expect: '\r\n+QFPOSITION: 2\r\n\r\nOK\r\n' },
      { send: 'AT+QFSEEK=1027,1,1\r', expect: '\r\nOK\r\n' },
      { send: 'AT+QFWRITE=1027,2\r', expect: '\r\nCONNECT\r\n' },
      { send: 'XY', expect: '\r\n+QFWRITE: 2,6\r\n\r\nOK\r\n' },
      { send: 'AT+QFWRITE=1027,3\r', expect: '\r\nCONNECT\r\n' },
      { send: 'zzz', expect: '\r\n+QFWRITE: 3,8\r\n\r\nOK\r\n' },
      { send: 'AT+QFSEEK=1027,9,0\r', expect: '\r\nERROR\r\n' },
      { send: 'AT+QFCLOSE=1027\r', expect: '\r\nOK\r\n' },
    ],
    disk: ['a.bin', 'abcXYzzz'],
  },
  {
    name: 'mode 2 is read-only and needs the file; errors per the FILE manual',
    steps: [
      { send: 'AT+QFOPEN="missing.txt",2\r', expect: '\r\n+CME ERROR: 405\r\n' },
      { send: 'AT+QFOPEN="bad/name",0\r', expect: '\r\n+CME ERROR: 406\r\n' },
      { send: 'AT+QFOPEN="ro.txt",0\r', expect: '\r\n+QFOPEN: 1027\r\n\r\nOK\r\n' },
      { send: 'AT+QFOPEN="ro.txt",0\r', expect: '\r\n+CME ERROR: 426\r\n' },
      { send: 'AT+QFCLOSE=1027\r', expect: '\r\nOK\r\n' },
      { send: 'AT+QFOPEN="ro.txt",2\r', expect: '\r\n+QFOPEN: 1028\r\n\r\nOK\r\n' },
      { send: 'AT+QFWRITE=1028,3\r', expect: '\r\n+CME ERROR: 414\r\n' },
      { send: 'AT+QFREAD=9999\r', expect: '\r\n+CME ERROR: 416\r\n' },
      { send: 'AT+QFCLOSE=9999\r', expect: '\r\n+CME ERROR: 416\r\n' },
      { send: 'AT+QFOPEN?\r', expect: '\r\n+QFOPEN: "ro.txt",1028,2\r\n\r\nOK\r\n' },
    ],
    disk: ['ro.txt', ''],
  },
];

describe('file handle commands', () => {
  it.each(SCENARIOS)('$name', async ({ steps, disk }) => {
    t = await startQuietDevice();
    await runSteps(t.modem, steps, {});
    if (disk) expect((await readFile(join(t.stateDir, t.device.imei, 'ufs', disk[0]))).toString('latin1')).toBe(disk[1]);
  });

  it('mode 1 truncates a file uploaded with QFUPL; mode 0 keeps it and reads it', async () => {
    t = await startQuietDevice();
    await uploadFile(t.modem, 'keep.txt', 'keep me');
    await uploadFile(t.modem, 'wipe.txt', 'wipe me');
    await runSteps(t.modem, [
      { send: 'AT+QFOPEN="keep.txt",0\r', expect: '\r\n+QFOPEN: 1027\r\n\r\nOK\r\n' },
      { send: 'AT+QFREAD=1027,100\r', expect: '\r\nCONNECT 7\r\nkeep me\r\nOK\r\n' },
      { send: 'AT+QFOPEN="wipe.txt",1\r', expect: '\r\n+QFOPEN: 1028\r\n\r\nOK\r\n' },
      { send: 'AT+QFREAD=1028,100\r', expect: '\r\nCONNECT 0\r\n\r\nOK\r\n' },
    ], {});
    expect((await readFile(join(t.stateDir, t.device.imei, 'ufs', 'wipe.txt'))).length).toBe(0);
  });

  it('handles are gone after a reboot', async () => {
    t = await startQuietDevice();
    await runSteps(t.modem, [{ send: 'AT+QFOPEN="x.txt",0\r', expect: '\r\n+QFOPEN: 1027\r\n\r\nOK\r\n' }], {});
    t.device.reboot();
    await t.device.whenReady();
    await t.modem.readUntil('APP RDY\r\n');
    await t.modem.send('AT+QFCLOSE=1027\r');
    await t.modem.readUntil('\r\n+CME ERROR: 416\r\n');
  });
});
