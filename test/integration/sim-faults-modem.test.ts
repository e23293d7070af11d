/**
 * Fault scenarios that change the serial conversation, each shown by its host-visible symptom:
 * raw bytes, or the AtClient's behaviour where the catalogue says what the host owes (S-IDs).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AtClient } from '../../electron/engine/at/index.ts';
import { startDevice, type TestDevice } from '../helpers/sim/device.ts';
import { echoOff } from '../helpers/sim/module-steps.ts';

let t: TestDevice | undefined;
let client: AtClient | undefined;
afterEach(async () => {
  client = undefined;
  await t?.dispose();
  t = undefined;
});

describe('serial-level faults', () => {
  it('slow-boot: nothing answers before RDY, which comes 8 s after power-on; then AT works', async () => {
    t = await startDevice({ faults: ['slow-boot'] }, '');
    await t.modem.send('AT\r');
    const boot = await t.modem.readUntil('APP RDY\r\n', 20_000);
    expect(boot).toBe('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n');
    await t.modem.send('AT\r');
    await t.modem.expect('AT\r\r\nOK\r\n');
  }, 40_000);

  it('line-noise (S8/S9): garbage bytes before framed lines, and the AtClient still finds every answer', async () => {
    t = await startDevice({ faults: ['line-noise'] }, '');
    await t.device.whenReady();
    client = AtClient.attach(t.device.host);
    await client.sync();
    for (let i = 0; i < 15; i++) expect((await client.run('AT+CSQ')).lines).toContain('+CSQ: 24,99');
    expect(t.modem.drain()).toMatch(/[\x00\xff\xfe\x11\x80]\r\n\+CSQ: 24,99\r\n/);
  });

  it('urc-storm (S5): URCs arrive between a command and its OK, and are not taken as its answer', async () => {
    t = await startDevice({ faults: ['urc-storm'] }, '');
    await t.modem.readUntil('APP RDY\r\n');
    await t.modem.send('AT+CGSN\r');
    const answer = await t.modem.readUntil('\r\nOK\r\n');
    expect(answer).toMatch(/AT\+CGSN\r(\r\n(\+QIND: "csq",\d+,99|\+CEREG: 1)\r\n)*\r\n867969066452788\r\n(\r\n(\+QIND: "csq",\d+,99|\+CEREG: 1)\r\n)+\r\nOK\r\n$/);
    client = AtClient.attach(t.device.host);
    const seen: string[] = [];
    client.onUrc('*', (line) => seen.push(line));
    expect((await client.run('AT+CSQ')).lines).toEqual(['+CSQ: 24,99']);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('slow-answers (S10/S11): the final result comes after the AtClient timeout', async () => {
    t = await startDevice({ faults: ['slow-answers'] });
    client = AtClient.attach(t.device.host, { resyncAfterTimeout: false });
    await expect(client.run({ command: 'AT+CSQ', timeoutMs: 2000 })).rejects.toMatchObject({ kind: 'timeout' });
    await t.modem.readUntil('\r\n+CSQ: 24,99\r\n\r\nOK\r\n', 10_000);
  });

  it('cable-pull-at-identify (S1): AT+CGSN gets no answer, the port is lost', async () => {
    t = await startDevice({ faults: ['cable-pull-at-identify'] });
    const lost = new Promise((resolve) => t?.device.host.onClose(resolve));
    await t.modem.send('AT+CGSN\r');
    await expect(lost).resolves.toMatchObject({ kind: 'lost' });
    expect(t.modem.pending()).not.toContain('867969066452788');
  });

  it('cable-pull-at-ssl (S1, S16): the link dies half-way through QFUPL and the file is not stored', async () => {
    t = await startDevice({ faults: ['cable-pull-at-ssl'] });
    await echoOff(t.modem);
    const lost = new Promise((resolve) => t?.device.host.onClose(resolve));
    await t.modem.send('AT+QFUPL="UFS:ca.pem",2000,5\r');
    await t.modem.expect('\r\nCONNECT\r\n');
    await t.modem.send(Buffer.alloc(2000, 0x41));
    await expect(lost).resolves.toMatchObject({ kind: 'lost' });
    const host = t.device.plugCable();
    await host.open();
    await t.device.whenReady();
    client = AtClient.attach(host);
    await client.sync();
    await expect(client.run('AT+QFLST="UFS:ca.pem"')).rejects.toMatchObject({ kind: 'command' });
  });

  it('qicsgp-short-form: AT+QICSGP=<cid>,<type> is accepted (normally ERROR)', async () => {
    t = await startDevice({ faults: ['qicsgp-short-form'] });
    await echoOff(t.modem);
    await t.modem.send('AT+QICSGP=1,3\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QICSGP=1\r');
    await t.modem.expect('\r\n+QICSGP: 3,"","","",0\r\n\r\nOK\r\n');
  });

  it('no-sim, not-registered, qcds-unsupported, global-firmware: what identify and data-service checks see', async () => {
    const expectations: Array<[string, string, string]> = [
      ['no-sim', 'AT+CPIN?', '\r\n+CME ERROR: 10\r\n'],
      ['not-registered', 'AT+CEREG?', '\r\n+CEREG: 0,2\r\n\r\nOK\r\n'],
      ['qcds-unsupported', 'AT+QCDS', '\r\nERROR\r\n'],
      ['global-firmware', 'AT+QCDS', '\r\nERROR\r\n'],
    ];
    for (const [fault, command, reply] of expectations) {
      t = await startDevice({ faults: [fault] }, '');
      await t.modem.readUntil('APP RDY\r\n');
      await echoOff(t.modem);
      await t.modem.send(`${command}\r`);
      await t.modem.expect(reply);
      await t.dispose();
      t = undefined;
    }
  });
});
