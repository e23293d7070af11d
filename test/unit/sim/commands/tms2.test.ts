/** TMS2 service commands (docs/sequence.md): versions, G-sensor, calibration, FOTA apply. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFirmwareImage, sha256Hex } from '../../../../shared/firmware-image.ts';
import { tiltOf } from '../../../../electron/sim/services/gsensor.ts';
import { BOOT_BYTES, startDevice, startQuietDevice, type TestDevice } from '../../../helpers/sim/device.ts';
import { uploadFile } from '../../../helpers/sim/module-steps.ts';

let t: TestDevice | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

/** QFUPL with a 5 s upload timeout; returns the `+QFUPL:` reply. */
const upload = (device: TestDevice, name: string, data: Buffer): Promise<string> => uploadFile(device.modem, name, data, 5);

const PROGRESS = (target: string) => [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((p) => `\r\n+TMSFOTA: ${target},${p}\r\n`).join('');

describe('AT+TMSVER? and calibration', () => {
  it('reports the configured start versions', async () => {
    t = await startQuietDevice({ firmware: { main: '1.3.0', sub: '1.1.1' } });
    await t.modem.send('AT+TMSVER?\r');
    await t.modem.expect('\r\n+TMSVER: "1.3.0","1.1.1"\r\n\r\nOK\r\n');
  });

  it('stores AT+TMSGCAL angles in state.json and reads them back, also after a new device instance', async () => {
    t = await startQuietDevice({ imei: '867969066452812' });
    await t.modem.send('AT+TMSGCAL?\r');
    await t.modem.expect('\r\n+TMSGCAL: 0,0\r\n\r\nOK\r\n');
    await t.modem.send('AT+TMSGCAL=3.5,-1.2\r');
    await t.modem.expect('\r\nOK\r\n');
    const state = JSON.parse(await readFile(join(t.stateDir, '867969066452812', 'state.json'), 'utf8')) as { calibration: unknown };
    expect(state.calibration).toEqual({ roll: 3.5, pitch: -1.2 });
    const stateDir = t.stateDir;
    await t.device.close();
    const again = await startDevice({ imei: '867969066452812', stateDir });
    await again.modem.send('AT+TMSGCAL?\r');
    await again.modem.expect('AT+TMSGCAL?\r\r\n+TMSGCAL: 3.5,-1.2\r\n\r\nOK\r\n');
    await again.dispose();
  });

  it('refuses angles out of range', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+TMSGCAL=200,0\r');
    await t.modem.expect('\r\nERROR\r\n');
  });
});

describe('AT+TMSGS?', () => {
  it('reads about 1000 mg of gravity tilted by the mounting angles', async () => {
    t = await startQuietDevice({ gsensor: { roll: 4, pitch: -2.5, noiseMg: 2 } });
    await t.modem.send('AT+TMSGS?\r');
    const reply = await t.modem.readUntil('\r\nOK\r\n');
    const match = /^\r\n\+TMSGS: (-?\d+),(-?\d+),(-?\d+)\r\n\r\nOK\r\n$/.exec(reply);
    expect(match).not.toBeNull();
    const vector = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])] as const;
    expect(Math.hypot(...vector)).toBeGreaterThan(985);
    expect(Math.hypot(...vector)).toBeLessThan(1015);
    const tilt = tiltOf(vector);
    expect(tilt.roll).toBeCloseTo(4, 0);
    expect(tilt.pitch).toBeCloseTo(-2.5, 0);
  });
});

describe('AT+TMSFOTA', () => {
  it('applies a good image: OK, progress, DONE, reboot, new version reported and persisted', async () => {
    t = await startQuietDevice();
    const image = buildFirmwareImage('main', '1.4.0', 4096);
    await upload(t, 'UFS:main.bin', image);
    await t.modem.send(`AT+TMSFOTA=main,"UFS:main.bin",${image.length},"${sha256Hex(image)}"\r`);
    await t.modem.expect(`\r\nOK\r\n${PROGRESS('main')}\r\n+TMSFOTA: main,"DONE"\r\n${BOOT_BYTES}`);
    await t.modem.send('AT+TMSVER?\r');
    await t.modem.expect('AT+TMSVER?\r\r\n+TMSVER: "1.4.0","1.1.1"\r\n\r\nOK\r\n');
    expect(t.device.state.firmware).toEqual({ main: '1.4.0', sub: '1.1.1' });
  });

  it.each([
    ['sha256 mismatch', (image: Buffer) => ({ size: image.length, sha: sha256Hex(Buffer.concat([image, Buffer.from('x')])) })],
    ['size mismatch', (image: Buffer) => ({ size: image.length + 1, sha: sha256Hex(image) })],
  ])('refuses an image with a %s and keeps the old version (F1)', async (reason, claim) => {
    t = await startQuietDevice();
    const image = buildFirmwareImage('main', '1.4.0', 4096);
    await upload(t, 'fw.bin', image);
    const { size, sha } = claim(image);
    await t.modem.send(`AT+TMSFOTA=main,"UFS:fw.bin",${size},"${sha}"\r`);
    await t.modem.expect(`\r\nOK\r\n\r\n+TMSFOTA: main,"ERROR","${reason}"\r\n`);
    await t.modem.send('AT+TMSVER?\r');
    await t.modem.expect('\r\n+TMSVER: "1.3.0","1.1.1"\r\n\r\nOK\r\n');
  });

  it('refuses a file that is not a firmware image, an image for the other target, and a missing file', async () => {
    t = await startQuietDevice();
    const junk = Buffer.alloc(256, 7);
    await upload(t, 'junk.bin', junk);
    await t.modem.send(`AT+TMSFOTA=sub,"UFS:junk.bin",256,"${sha256Hex(junk)}"\r`);
    await t.modem.expect('\r\nOK\r\n\r\n+TMSFOTA: sub,"ERROR","bad image header"\r\n');
    const image = buildFirmwareImage('main', '2.0.0', 1024);
    await upload(t, 'main.bin', image);
    await t.modem.send(`AT+TMSFOTA=sub,"UFS:main.bin",1024,"${sha256Hex(image)}"\r`);
    await t.modem.expect('\r\nOK\r\n\r\n+TMSFOTA: sub,"ERROR","wrong target"\r\n');
    await t.modem.send(`AT+TMSFOTA=sub,"UFS:none.bin",1024,"${sha256Hex(image)}"\r`);
    await t.modem.expect('\r\nOK\r\n\r\n+TMSFOTA: sub,"ERROR","file not found"\r\n');
    expect(t.device.state.firmware).toEqual({ main: '1.3.0', sub: '1.1.1' });
  });

  it('answers ERROR to a malformed command', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+TMSFOTA=both,"UFS:x.bin",10,"abc"\r');
    await t.modem.expect('\r\nERROR\r\n');
  });

  it('reboot-during-fota: RDY at 50 %, no DONE, old version stays; the retry then succeeds (F5)', async () => {
    t = await startQuietDevice({ faults: ['reboot-during-fota'] });
    const image = buildFirmwareImage('sub', '1.2.0', 2048);
    await upload(t, 'sub.bin', image);
    const command = `AT+TMSFOTA=sub,"UFS:sub.bin",2048,"${sha256Hex(image)}"\r`;
    await t.modem.send(command);
    const upTo40 = [10, 20, 30, 40].map((p) => `\r\n+TMSFOTA: sub,${p}\r\n`).join('');
    await t.modem.expect(`\r\nOK\r\n${upTo40}${BOOT_BYTES}`);
    expect(t.device.state.firmware.sub).toBe('1.1.1');
    await t.modem.send(command);
    await t.modem.expect(`${command}\r\nOK\r\n${PROGRESS('sub')}\r\n+TMSFOTA: sub,"DONE"\r\n${BOOT_BYTES}`);
    expect(t.device.state.firmware.sub).toBe('1.2.0');
  });

  it('cable-pull-at-fota: the host link is lost at 30 %, the old version stays after re-plugging (F5)', async () => {
    t = await startQuietDevice({ faults: ['cable-pull-at-fota'] });
    const image = buildFirmwareImage('main', '1.4.0', 2048);
    await upload(t, 'main.bin', image);
    const lost = new Promise((resolve) => t?.device.host.onClose(resolve));
    await t.modem.send(`AT+TMSFOTA=main,"UFS:main.bin",2048,"${sha256Hex(image)}"\r`);
    await expect(lost).resolves.toMatchObject({ kind: 'lost' });
    expect(t.device.state.power).toBe('off');
    const host = t.device.plugCable();
    await host.open();
    await t.device.whenReady();
    expect(t.device.state.firmware.main).toBe('1.3.0');
  });
});
