/** SIM, registration, data service and PDP commands (docs/at-behaviour.md#basic-commands, #qcds, #pdp-context). */
import { afterEach, describe, expect, it } from 'vitest';
import { startQuietDevice, type TestDevice } from '../../../helpers/sim/device.ts';

let t: TestDevice | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe('network commands on a healthy Korean-firmware device', () => {
  it.each([
    ['AT+CPIN?', '\r\n+CPIN: READY\r\n\r\nOK\r\n'],
    ['AT+CSQ', '\r\n+CSQ: 24,99\r\n\r\nOK\r\n'],
    ['AT+CEREG?', '\r\n+CEREG: 0,1\r\n\r\nOK\r\n'],
    ['AT+CREG?', '\r\n+CREG: 0,1\r\n\r\nOK\r\n'],
    ['AT+QCDS', '\r\n+QCDS: "SRV","4G",45005,1550,B0D60E,4,3,153,1202,-62,-88,-9,5,128,0,0,0\r\n\r\nOK\r\n'],
    ['AT+QIACT?', '\r\n+QIACT: 1,1,1,"10.64.0.2"\r\n\r\nOK\r\n'],
    ['AT+QICSGP=1', '\r\n+QICSGP: 1,"","","",0\r\n\r\nOK\r\n'],
  ])('%s', async (command, expected) => {
    t = await startQuietDevice();
    await t.modem.send(`${command}\r`);
    await t.modem.expect(expected);
  });

  it('adds location fields to +CEREG with <n> = 2', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+CEREG=2\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+CEREG?\r');
    await t.modem.expect('\r\n+CEREG: 2,1,"2B0C","01A2D001",7\r\n\r\nOK\r\n');
  });

  it('configures contexts with the documented QICSGP form and refuses the seed form (docs/uncertain-behaviour.md#qicsgp-form)', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+QICSGP=1,3,"internet","","",0\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QICSGP=1\r');
    await t.modem.expect('\r\n+QICSGP: 3,"internet","","",0\r\n\r\nOK\r\n');
    await t.modem.send('AT+QICSGP=1,3\r');
    await t.modem.expect('\r\nERROR\r\n');
  });

  it('answers QIACT? with only OK when no context is active; activating an active one is ERROR (docs/at-behaviour.md#tolerated-behaviour)', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+QIACT=1\r');
    await t.modem.expect('\r\nERROR\r\n');
    await t.modem.send('AT+QIDEACT=1\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QIACT?\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QIACT=1\r');
    await t.modem.expect('\r\nOK\r\n');
  });

  it('answers ERROR to AT+QCDS on global firmware, with an EG25 identity', async () => {
    t = await startQuietDevice({ flavour: 'global' });
    await t.modem.send('AT+QCDS\r');
    await t.modem.expect('\r\nERROR\r\n');
    await t.modem.send('ATI\r');
    await t.modem.expect('\r\nQuectel\r\nEG25\r\nRevision: EG25GGBR07A08M2G\r\n\r\nOK\r\n');
  });
});

describe('network fault scenarios', () => {
  it('no-sim: +CME ERROR: 10, not registered, LIMITED service', async () => {
    t = await startQuietDevice({ faults: ['no-sim'] }, '\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: NOT READY\r\n\r\nAPP RDY\r\n');
    await t.modem.send('AT+CPIN?\r');
    await t.modem.expect('\r\n+CME ERROR: 10\r\n');
    await t.modem.send('AT+CEREG?\r');
    await t.modem.expect('\r\n+CEREG: 0,0\r\n\r\nOK\r\n');
    await t.modem.send('AT+QCDS\r');
    expect(await t.modem.readUntil('OK\r\n')).toMatch(/^\r\n\+QCDS: "LIMITED",/);
    // Not registered without a SIM: no cell, no signal (docs/uncertain-behaviour.md#no-sim-radio).
    await t.modem.send('AT+CSQ\r');
    await t.modem.expect('\r\n+CSQ: 99,99\r\n\r\nOK\r\n');
    await t.modem.send('AT+QCSQ\r');
    await t.modem.expect('\r\n+QCSQ: "NOSERVICE"\r\n\r\nOK\r\n');
  });

  it('not-registered: searching, no signal, no PDP context', async () => {
    t = await startQuietDevice({ faults: ['not-registered'] });
    await t.modem.send('AT+CEREG?\r');
    await t.modem.expect('\r\n+CEREG: 0,2\r\n\r\nOK\r\n');
    await t.modem.send('AT+CSQ\r');
    await t.modem.expect('\r\n+CSQ: 99,99\r\n\r\nOK\r\n');
    await t.modem.send('AT+QIACT?\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QIACT=1\r');
    await t.modem.expect('\r\nERROR\r\n');
  });

  it('qcds-unsupported: ERROR on Korean firmware too', async () => {
    t = await startQuietDevice({ faults: ['qcds-unsupported'] });
    await t.modem.send('AT+QCDS\r');
    await t.modem.expect('\r\nERROR\r\n');
  });
});
