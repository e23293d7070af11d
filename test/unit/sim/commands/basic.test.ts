/** Basic and identity commands over the in-process cable, byte for byte (docs/at-behaviour.md#framing, #basic-commands). */
import { afterEach, describe, expect, it } from 'vitest';
import { startDevice, type TestDevice } from '../../../helpers/sim/device.ts';

let t: TestDevice | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe('basic commands', () => {
  it('echoes the command then answers (AT\\r\\r\\nOK\\r\\n, MB-11192)', async () => {
    t = await startDevice();
    await t.modem.send('AT\r');
    await t.modem.expect('AT\r\r\nOK\r\n');
  });

  it('turns echo off with ATE0 (its own echo still shown) and back on with ATE1', async () => {
    t = await startDevice();
    await t.modem.send('ATE0\r');
    await t.modem.expect('ATE0\r\r\nOK\r\n');
    await t.modem.send('AT+CSQ\r');
    await t.modem.expect('\r\n+CSQ: 24,99\r\n\r\nOK\r\n');
    await t.modem.send('ATE1\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT\r');
    await t.modem.expect('AT\r\r\nOK\r\n');
  });

  it('answers ATI with the Quectel line, model and revision (JC-LOG, TG-157)', async () => {
    t = await startDevice();
    await t.modem.send('ATE0\r');
    await t.modem.expect('ATE0\r\r\nOK\r\n');
    await t.modem.send('ATI\r');
    await t.modem.expect('\r\nQuectel\r\nEC21\r\nRevision: EC21KLR06A04M4G\r\n\r\nOK\r\n');
    await t.modem.send('AT+QGMR\r');
    await t.modem.expect('\r\nEC21KLR06A04M4G_01.001.01.001\r\n\r\nOK\r\n');
  });

  it('reports the instance IMEI bare, no prefix (AT+CGSN, AT+GSN)', async () => {
    t = await startDevice({ imei: '867969066452796' });
    await t.modem.send('ATE0\r');
    await t.modem.expect('ATE0\r\r\nOK\r\n');
    await t.modem.send('AT+CGSN\r');
    await t.modem.expect('\r\n867969066452796\r\n\r\nOK\r\n');
    await t.modem.send('AT+GSN\r');
    await t.modem.expect('\r\n867969066452796\r\n\r\nOK\r\n');
  });

  it('answers ERROR to an unknown command and +CME ERROR: 3 to an unsupported form (AT+CSQ?, JC-LOG)', async () => {
    t = await startDevice();
    await t.modem.send('AT+NOPE\r');
    await t.modem.expect('AT+NOPE\r\r\nERROR\r\n');
    await t.modem.send('AT+CSQ?\r');
    await t.modem.expect('AT+CSQ?\r\r\n+CME ERROR: 3\r\n');
  });

  it('answers ERROR to typographic quotes (JC-LOG)', async () => {
    t = await startDevice();
    await t.modem.send(Buffer.from('AT+QFLST=\u201c*\u201d\r', 'utf8'));
    const reply = await t.modem.readUntil('\r\nERROR\r\n');
    expect(reply.endsWith('\r\r\nERROR\r\n')).toBe(true);
  });

  it('formats errors as AT+CMEE says: 0 plain, 1 numeric, 2 text', async () => {
    t = await startDevice({ faults: ['no-sim'] }, '\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: NOT READY\r\n\r\nAPP RDY\r\n');
    await t.modem.send('ATE0\r');
    await t.modem.expect('ATE0\r\r\nOK\r\n');
    await t.modem.send('AT+CMEE?\r');
    await t.modem.expect('\r\n+CMEE: 1\r\n\r\nOK\r\n');
    await t.modem.send('AT+CPIN?\r');
    await t.modem.expect('\r\n+CME ERROR: 10\r\n');
    await t.modem.send('AT+CMEE=2\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+CPIN?\r');
    await t.modem.expect('\r\n+CME ERROR: SIM not inserted\r\n');
    await t.modem.send('AT+CMEE=0\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+CPIN?\r');
    await t.modem.expect('\r\nERROR\r\n');
  });

  it('uses numeric result codes after ATV0', async () => {
    t = await startDevice();
    await t.modem.send('ATE0V0\r');
    await t.modem.expect('ATE0V0\r0\r');
    await t.modem.send('AT+CSQ\r');
    await t.modem.expect('+CSQ: 24,99\r\n0\r');
  });

  it('restarts on AT+CFUN=1,1: OK, the active context reported down, then the power-up URCs, echo back on', async () => {
    t = await startDevice();
    await t.modem.send('ATE0\r');
    await t.modem.expect('ATE0\r\r\nOK\r\n');
    await t.modem.send('AT+CFUN=1,1\r');
    await t.modem.expect('\r\nOK\r\n\r\n+QIURC: "pdpdeact",1\r\n\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n');
    await t.modem.send('AT\r');
    await t.modem.expect('AT\r\r\nOK\r\n');
  });

  it('answers AT+QLTS with a 4-digit year, the DST flag inside the quotes, and rejects AT+QLTS? (JC-LOG)', async () => {
    t = await startDevice();
    expect(await t.modem.command('AT+QLTS=2')).toMatch(/^AT\+QLTS=2\r\r\n\+QLTS: "\d{4}\/\d\d\/\d\d,\d\d:\d\d:\d\d[+-]\d\d,0"\r\n\r\nOK\r\n$/);
    expect(await t.modem.command('AT+QLTS?')).toBe('AT+QLTS?\r\r\nERROR\r\n');
  });
});
