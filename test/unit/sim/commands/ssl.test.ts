/** AT+QSSLCFG set and query forms (docs/at-behaviour.md#tls). */
import { afterEach, describe, it } from 'vitest';
import { startQuietDevice, type TestDevice } from '../../../helpers/sim/device.ts';

let t: TestDevice | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe('AT+QSSLCFG', () => {
  it('starts from the defaults of docs/uncertain-behaviour.md#qsslcfg-defaults (ignorelocaltime 1, #ignorelocaltime-default)', async () => {
    t = await startQuietDevice();
    for (const [item, value] of [
      ['sslversion', '4'],
      ['ciphersuite', '0XFFFF'],
      ['seclevel', '0'],
      ['ignorelocaltime', '1'],
      ['negotiatetime', '300'],
      ['cacert', '""'],
    ]) {
      await t.modem.send(`AT+QSSLCFG="${item}",2\r`);
      await t.modem.expect(`\r\n+QSSLCFG: "${item}",2,${value}\r\n\r\nOK\r\n`);
    }
  });

  it('sets and queries items per context; a two-argument call is a query of that context (WZ-AWS)', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+QSSLCFG="cacert",1,"UFS:ca.pem"\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QSSLCFG="seclevel",1,2\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QSSLCFG="ciphersuite",1,0XC02F\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QSSLCFG="cacert",1\r');
    await t.modem.expect('\r\n+QSSLCFG: "cacert",1,"UFS:ca.pem"\r\n\r\nOK\r\n');
    await t.modem.send('AT+QSSLCFG="ciphersuite",1\r');
    await t.modem.expect('\r\n+QSSLCFG: "ciphersuite",1,0XC02F\r\n\r\nOK\r\n');
    await t.modem.send('AT+QSSLCFG="ignorelocaltime",1\r');
    await t.modem.expect('\r\n+QSSLCFG: "ignorelocaltime",1,1\r\n\r\nOK\r\n');
    await t.modem.send('AT+QSSLCFG="seclevel",0\r');
    await t.modem.expect('\r\n+QSSLCFG: "seclevel",0,0\r\n\r\nOK\r\n');
  });

  it('refuses a quoted cipher suite (JC-ISS9), unknown items and out-of-range values', async () => {
    t = await startQuietDevice();
    for (const command of ['AT+QSSLCFG="ciphersuite",1,"0XFFFF"', 'AT+QSSLCFG="nonsense",1,1', 'AT+QSSLCFG="seclevel",1,3', 'AT+QSSLCFG="seclevel",6,1']) {
      await t.modem.send(`${command}\r`);
      await t.modem.expect('\r\nERROR\r\n');
    }
  });

  it('does not print a key password back', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+QSSLCFG="clientkey",1,"UFS:client.key","s3cret"\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QSSLCFG="clientkey",1\r');
    await t.modem.expect('\r\n+QSSLCFG: "clientkey",1,"UFS:client.key"\r\n\r\nOK\r\n');
  });

  it('forgets the settings on reboot', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+QSSLCFG="seclevel",1,2\r');
    await t.modem.expect('\r\nOK\r\n');
    t.device.reboot();
    await t.modem.readUntil('APP RDY\r\n');
    await t.modem.send('AT+QSSLCFG="seclevel",1\r');
    await t.modem.expect('AT+QSSLCFG="seclevel",1\r\r\n+QSSLCFG: "seclevel",1,0\r\n\r\nOK\r\n');
  });
});
