/** UFS commands (docs/at-behaviour.md#files) and their persistence in `<stateDir>/<imei>/ufs/`. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ESCAPE_GUARD_MS } from '../../../../electron/sim/line/escape.ts';
import { startQuietDevice, type TestDevice } from '../../../helpers/sim/device.ts';
import { uploadFile } from '../../../helpers/sim/module-steps.ts';

let t: TestDevice | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

/** The reference algorithm written out independently: XOR of big-endian 16-bit words. */
function referenceChecksum(bytes: Buffer): string {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum ^= ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  return sum.toString(16);
}

/** QFUPL with a 5 s upload timeout; returns the `+QFUPL:` reply. */
const upload = (device: TestDevice, name: string, data: Buffer): Promise<string> => uploadFile(device.modem, name, data, 5);

describe('AT+QFUPL', () => {
  it('answers CONNECT, takes exactly <size> bytes and prints +QFUPL: <size>,<checksum> (WZ-AWS)', async () => {
    t = await startQuietDevice();
    // "hello": 0x6865 ^ 0x6c6c ^ 0x6f00 = 0x6b09
    expect(await upload(t, 'UFS:hello.txt', Buffer.from('hello'))).toBe('\r\n+QFUPL: 5,6b09\r\n\r\nOK\r\n');
  });

  it('reports the checksum of the reference algorithm for a PEM with CR LF (S16)', async () => {
    t = await startQuietDevice();
    const pem = Buffer.from(`-----BEGIN CERTIFICATE-----\r\n${'MIIB'.repeat(300)}\r\n-----END CERTIFICATE-----\r\n`);
    const reply = await upload(t, 'UFS:ca.pem', pem);
    expect(reply).toBe(`\r\n+QFUPL: ${pem.length},${referenceChecksum(pem)}\r\n\r\nOK\r\n`);
  });

  it('prints the checksum without zero padding, lower case (0x0f5f → f5f)', async () => {
    t = await startQuietDevice();
    expect(await upload(t, 'odd.bin', Buffer.from([0x0f, 0x5f]))).toBe('\r\n+QFUPL: 2,f5f\r\n\r\nOK\r\n');
    expect(await upload(t, 'odd3.bin', Buffer.from([0x12, 0x34, 0x56]))).toBe('\r\n+QFUPL: 3,4434\r\n\r\nOK\r\n');
  });

  it('answers +CME ERROR: 407 at once, no CONNECT, when the file exists (JC-LOG)', async () => {
    t = await startQuietDevice();
    await upload(t, 'UFS:ca.pem', Buffer.from('abc'));
    await t.modem.send('AT+QFUPL="UFS:ca.pem",3\r');
    await t.modem.expect('\r\n+CME ERROR: 407\r\n');
  });

  it('ends data mode after the input timeout with what arrived (docs/uncertain-behaviour.md#qfupl-input-timeout)', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+QFUPL="slow.txt",10,1\r');
    await t.modem.expect('\r\nCONNECT\r\n');
    // The 1 s input timeout passes on a fake clock.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      await t.modem.send('abc');
      // "abc": 0x6162 ^ 0x6300 = 0x0262
      let answered = false;
      const answer = t.modem.expect('\r\n+QFUPL: 3,262\r\n\r\nOK\r\n', 15_000).then(() => (answered = true));
      await vi.advanceTimersByTimeAsync(900);
      expect(answered).toBe(false); // still in data mode before the timeout
      await vi.advanceTimersByTimeAsync(100);
      await answer;
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends A after every 1024 bytes in ACK mode', async () => {
    t = await startQuietDevice();
    const data = Buffer.alloc(2500, 0x55);
    await t.modem.send(`AT+QFUPL="ack.bin",${data.length},5,1\r`);
    await t.modem.expect('\r\nCONNECT\r\n');
    await t.modem.send(data.subarray(0, 1024));
    await t.modem.expect('A');
    await t.modem.send(data.subarray(1024, 2048));
    await t.modem.expect('A');
    await t.modem.send(data.subarray(2048));
    await t.modem.expect(`\r\n+QFUPL: 2500,${referenceChecksum(data)}\r\n\r\nOK\r\n`);
  });

  it('refuses an upload bigger than the free space with 403 before CONNECT', async () => {
    t = await startQuietDevice({ ufsCapacity: 100 });
    await t.modem.send('AT+QFUPL="big.bin",101\r');
    await t.modem.expect('\r\n+CME ERROR: 403\r\n');
  });
});

/** One step of a transcript: a command and the exact answer, or a file put in place with QFUPL first. */
type Exchange = { send: string; expect: string } | { upload: string; data: Buffer };
const say = (send: string, expect: string): Exchange => ({ send: `${send}\r`, expect });
const put = (upload: string, data: string | Buffer): Exchange => ({ upload, data: Buffer.from(data) });

describe('QFLST / QFDEL / QFDWL / QFLDS', () => {
  it.each([
    {
      name: 'lists files without the UFS: prefix; only OK when empty (WZ-AWS)',
      talk: [
        say('AT+QFLST', '\r\nOK\r\n'),
        put('UFS:ca.pem', 'abc'),
        put('client.pem', 'abcd'),
        say('AT+QFLST="*"', '\r\n+QFLST: "ca.pem",3\r\n+QFLST: "client.pem",4\r\n\r\nOK\r\n'),
        say('AT+QFLST="UFS:ca.pem"', '\r\n+QFLST: "ca.pem",3\r\n\r\nOK\r\n'),
        say('AT+QFLST="missing.pem"', '\r\n+CME ERROR: 405\r\n'),
      ],
    },
    {
      name: 'deletes one file or all; a missing file is 405',
      talk: [
        put('a.txt', 'a'),
        put('b.txt', 'b'),
        say('AT+QFDEL="UFS:a.txt"', '\r\nOK\r\n'),
        say('AT+QFDEL="a.txt"', '\r\n+CME ERROR: 405\r\n'),
        say('AT+QFDEL="*"', '\r\nOK\r\n'),
        say('AT+QFLST', '\r\nOK\r\n'),
      ],
    },
    {
      name: 'downloads with CONNECT, the bytes, +QFDWL: <size>,<checksum>, OK (docs/uncertain-behaviour.md#qfdwl-reply-shape)',
      talk: [put('UFS:hello.txt', 'hello'), say('AT+QFDWL="UFS:hello.txt"', '\r\nCONNECT\r\nhello\r\n+QFDWL: 5,6b09\r\n\r\nOK\r\n')],
    },
    {
      name: 'reports free and total UFS space, and used bytes + file count',
      options: { ufsCapacity: 10_000 },
      talk: [put('a.bin', Buffer.alloc(1000)), say('AT+QFLDS="UFS"', '\r\n+QFLDS: 9000,10000\r\n\r\nOK\r\n'), say('AT+QFLDS', '\r\n+QFLDS: 1000,1\r\n\r\nOK\r\n')],
    },
  ])('$name', async ({ options, talk }: { options?: { ufsCapacity: number }; talk: Exchange[] }) => {
    const device = await startQuietDevice(options);
    t = device;
    for (const step of talk) {
      if ('upload' in step) {
        expect(await upload(device, step.upload, step.data)).toMatch(/^\r\n\+QFUPL: \d+,[0-9a-f]+\r\n\r\nOK\r\n$/);
        continue;
      }
      await device.modem.send(step.send);
      await device.modem.expect(step.expect);
    }
  });

  it('keeps UFS files on disk per IMEI and over a reboot; RAM files are lost', async () => {
    t = await startQuietDevice({ imei: '867969066452804' });
    await upload(t, 'UFS:keep.pem', Buffer.from('kept'));
    await upload(t, 'RAM:temp.bin', Buffer.from('gone'));
    expect(await readFile(join(t.stateDir, '867969066452804', 'ufs', 'keep.pem'), 'latin1')).toBe('kept');
    await t.modem.send('AT+QFLST="RAM:*"\r');
    await t.modem.expect('\r\n+QFLST: "RAM:temp.bin",4\r\n\r\nOK\r\n');
    t.device.reboot();
    await t.device.whenReady();
    await t.modem.readUntil('APP RDY\r\n');
    await t.modem.send('AT+QFLST="RAM:*"\r');
    await t.modem.expect('AT+QFLST="RAM:*"\r\r\nOK\r\n');
    await t.modem.send('AT+QFLST\r');
    await t.modem.expect('AT+QFLST\r\r\n+QFLST: "keep.pem",4\r\n\r\nOK\r\n');
  });
});

describe('AT+QFUPL and +++', () => {
  it('keeps the bytes sent before +++ and reports them (docs/uncertain-behaviour.md#data-mode-escape)', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+QFUPL="esc.txt",100,10\r');
    await t.modem.expect('\r\nCONNECT\r\n');
    // The guard time (1 s of silence before and after +++) passes on a fake clock, not in real sleeps.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      await t.modem.send('abc');
      await vi.advanceTimersByTimeAsync(ESCAPE_GUARD_MS + 200);
      await t.modem.send('+++');
      const answer = t.modem.expect('\r\n+QFUPL: 3,262\r\n\r\nOK\r\n');
      await vi.advanceTimersByTimeAsync(ESCAPE_GUARD_MS);
      await answer;
    } finally {
      vi.useRealTimers();
    }
  });
});
