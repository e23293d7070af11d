/** AT+QMTCFG set/query forms and defaults (docs/at-behaviour.md#qmtcfg, docs/uncertain-behaviour.md#qmtcfg-defaults). */
import { afterEach, describe, it } from 'vitest';
import { startQuietDevice, type TestDevice } from '../../../helpers/sim/device.ts';

let t: TestDevice | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe('AT+QMTCFG', () => {
  it('starts from the documented defaults', async () => {
    t = await startQuietDevice();
    for (const [item, value] of [
      ['version', '4'],
      ['pdpcid', '1'],
      ['ssl', '0,0'],
      ['keepalive', '120'],
      ['session', '1'],
      ['timeout', '5,3,0'],
      ['will', '0'],
      ['recv/mode', '0,0'],
    ]) {
      await t.modem.send(`AT+QMTCFG="${item}",3\r`);
      await t.modem.expect(`\r\n+QMTCFG: "${item}",${value}\r\n\r\nOK\r\n`);
    }
  });

  it('matches item names case-insensitively ("SSL", WZ-AWS) and keeps settings per client index', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+QMTCFG="SSL",1,1,2\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QMTCFG="ssl",1\r');
    await t.modem.expect('\r\n+QMTCFG: "ssl",1,2\r\n\r\nOK\r\n');
    await t.modem.send('AT+QMTCFG="ssl",0\r');
    await t.modem.expect('\r\n+QMTCFG: "ssl",0,0\r\n\r\nOK\r\n');
  });

  it('takes a JSON will message up to the last quote of the line (docs/uncertain-behaviour.md#qmtcfg-will-message-quotes)', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+QMTCFG="will",0,1,1,0,"DDTM/LWT/TMS2_867969066452788","{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}"\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QMTCFG="will",0\r');
    await t.modem.expect('\r\n+QMTCFG: "will",1,1,0,"DDTM/LWT/TMS2_867969066452788","{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}"\r\n\r\nOK\r\n');
  });

  it('refuses out-of-range values, a will without its values and unknown items', async () => {
    t = await startQuietDevice();
    for (const command of ['AT+QMTCFG="version",0,5', 'AT+QMTCFG="keepalive",0,3601', 'AT+QMTCFG="will",0,1', 'AT+QMTCFG="nonsense",0,1', 'AT+QMTCFG="ssl",6,0']) {
      await t.modem.send(`${command}\r`);
      await t.modem.expect('\r\nERROR\r\n');
    }
  });

  it('forgets the settings on reboot', async () => {
    t = await startQuietDevice();
    await t.modem.send('AT+QMTCFG="keepalive",0,90\r');
    await t.modem.expect('\r\nOK\r\n');
    t.device.reboot();
    await t.modem.readUntil('APP RDY\r\n');
    await t.modem.send('AT+QMTCFG="keepalive",0\r');
    await t.modem.expect('AT+QMTCFG="keepalive",0\r\r\n+QMTCFG: "keepalive",120\r\n\r\nOK\r\n');
  });
});
