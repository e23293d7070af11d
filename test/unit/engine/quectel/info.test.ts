import { afterEach, describe, expect, it } from 'vitest';
import { QuectelError } from '../../../../electron/engine/quectel/errors.ts';
import {
  REGISTRATION_STATES,
  disableEcho,
  isValidImei,
  parseAti,
  parseCpin,
  parseCsq,
  parseImei,
  parseRegistration,
  parseRevision,
  readIdentity,
  readImei,
  readRegistration,
  readSignalQuality,
  readSimStatus,
  requireSimReady,
  rssiToDbm,
  setErrorFormat,
  type ModuleIdentity,
  type Registration,
  type SignalQuality,
} from '../../../../electron/engine/quectel/info.ts';
import { createRig, disposeRigs, framed, sent } from '../../../helpers/at-rig.ts';

afterEach(disposeRigs);

describe('info parsers (lines quoted in docs/at-behaviour.md#families, #basic-commands)', () => {
  it.each([
    { lines: ['Quectel', 'BG96', 'Revision: BG96MAR02A07M1G'], identity: { manufacturer: 'Quectel', model: 'BG96', revision: 'BG96MAR02A07M1G' } },
    { lines: ['Quectel', 'EG25', 'Revision: EG25GGBR07A08M2G'], identity: { manufacturer: 'Quectel', model: 'EG25', revision: 'EG25GGBR07A08M2G' } },
    { lines: ['BG96', 'Revision: BG96MAR02A07M1G'], identity: { manufacturer: undefined, model: 'BG96', revision: 'BG96MAR02A07M1G' } },
  ] satisfies Array<{ lines: string[]; identity: ModuleIdentity }>)('ATI $lines', ({ lines, identity }) => {
    expect(parseAti(lines)).toEqual(identity);
  });

  it('ATI without a Revision line is an unexpected response', () => {
    expect(() => parseAti(['Quectel', 'BG96'])).toThrow(QuectelError);
  });

  it.each(['EG25GGBR07A08M2G_30.203.30.203', 'BG95M3LAR02A03_01.011.01.011', 'EC25AFFAR07A08M4G'])('AT+QGMR %s', (revision) => {
    expect(parseRevision([revision])).toBe(revision);
  });

  it('AT+CGSN: bare 15-digit IMEI with a valid Luhn digit (spec: 867969066452788)', () => {
    expect(parseImei(['867969066452788'])).toBe('867969066452788');
    expect(isValidImei('867969066452788')).toBe(true);
    expect(isValidImei('867969066452787')).toBe(false);
    expect(isValidImei('86796906645278')).toBe(false);
    expect(() => parseImei(['+CGSN: 867969066452788'])).toThrow(/15-digit IMEI/);
    expect(() => parseImei(['867969066452787'])).toThrow(QuectelError);
  });

  it.each([
    { line: '+CPIN: READY', state: 'READY', ready: true },
    { line: '+CPIN: SIM PIN', state: 'SIM PIN', ready: false },
    { line: '+CPIN: PH-NET PIN', state: 'PH-NET PIN', ready: false },
  ] satisfies Array<{ line: string; state: string; ready: boolean }>)('$line', ({ line, state, ready }) => {
    expect(parseCpin([line])).toEqual({ state, ready });
  });

  it.each([
    { line: '+CSQ: 19,99', quality: { rssi: 19, ber: 99, dbm: -75 } },
    { line: '+CSQ: 99,99', quality: { rssi: 99, ber: 99, dbm: undefined } },
    { line: '+CSQ: 0,0', quality: { rssi: 0, ber: 0, dbm: -113 } },
    { line: '+CSQ: 1,7', quality: { rssi: 1, ber: 7, dbm: -111 } },
    { line: '+CSQ: 2,99', quality: { rssi: 2, ber: 99, dbm: -109 } },
    { line: '+CSQ: 30,99', quality: { rssi: 30, ber: 99, dbm: -53 } },
    { line: '+CSQ: 31,99', quality: { rssi: 31, ber: 99, dbm: -51 } },
  ] satisfies Array<{ line: string; quality: SignalQuality }>)('$line', ({ line, quality }) => {
    expect(parseCsq([line])).toEqual(quality);
  });

  it('rssi outside 0–31 and not 99 is rejected', () => {
    expect(() => rssiToDbm(32)).toThrow(QuectelError);
  });

  it('stat table is complete (0–5) and registered = 1 or 5', () => {
    expect(Object.keys(REGISTRATION_STATES).map(Number)).toEqual([0, 1, 2, 3, 4, 5]);
    const registered = [0, 1, 2, 3, 4, 5].filter((stat) => parseRegistration([`+CEREG: 0,${stat}`], 'AT+CEREG?').registered);
    expect(registered).toEqual([1, 5]);
  });

  it.each([
    { line: '+CEREG: 0,1', command: 'AT+CEREG?', expected: { n: 0, stat: 1, registered: true, area: undefined, cellId: undefined, accessTechnology: undefined } },
    { line: '+CREG: 0,5', command: 'AT+CREG?', expected: { n: 0, stat: 5, registered: true, meaning: 'registered, roaming' } },
    { line: '+CEREG: 2,1,"0802","0A1B2C3",8', command: 'AT+CEREG?', expected: { n: 2, stat: 1, area: '0802', cellId: '0A1B2C3', accessTechnology: 8 } },
    { line: '+CEREG: 0,2', command: 'AT+CEREG?', expected: { stat: 2, registered: false, meaning: 'not registered, searching' } },
    { line: '+CREG: 2,3,"1A2B","0001",7', command: 'AT+CREG?', expected: { stat: 3, registered: false, meaning: 'registration denied', accessTechnology: 7 } },
  ] satisfies Array<{ line: string; command: Registration['command']; expected: Partial<Registration> }>)('$line', ({ line, command, expected }) => {
    expect(parseRegistration([line], command)).toMatchObject(expected);
  });
});

describe('info commands over the real AtClient', () => {
  it('ATI with echo on and power-up URCs around it (S4, S5)', async () => {
    const rig = await createRig({ echo: true });
    rig.modem.script({ expect: 'ATI', reply: framed('Quectel', 'EG25', 'Revision: EG25GGBR07A08M2G', 'OK') });
    await rig.modem.push(framed('+QIND: SMS DONE'));
    await expect(readIdentity(rig.at)).resolves.toEqual({ manufacturer: 'Quectel', model: 'EG25', revision: 'EG25GGBR07A08M2G' });
    expect(sent(rig)).toBe('ATI\r');
  });

  it('AT+CGSN, AT+CSQ, AT+CEREG? send exactly their command lines', async () => {
    const rig = await createRig();
    rig.modem.script(
      { expect: 'AT+CGSN', reply: framed('867969066452788', 'OK') },
      { expect: 'AT+CSQ', reply: framed('+CSQ: 19,99', 'OK') },
      { expect: 'AT+CEREG?', reply: framed('+CEREG: 0,5', 'OK') },
      { expect: 'AT+CMEE=2', reply: framed('OK') },
      { expect: 'ATE0', reply: framed('OK') },
    );
    expect(await readImei(rig.at)).toBe('867969066452788');
    expect((await readSignalQuality(rig.at)).dbm).toBe(-75);
    expect((await readRegistration(rig.at)).registered).toBe(true);
    await setErrorFormat(rig.at, 2);
    await disableEcho(rig.at);
    expect(sent(rig)).toBe('AT+CGSN\rAT+CSQ\rAT+CEREG?\rAT+CMEE=2\rATE0\r');
  });

  it.each([
    { final: '+CME ERROR: 10', mode: 'CMEE=1' },
    { final: '+CME ERROR: SIM not inserted', mode: 'CMEE=2' },
  ])('AT+CPIN? answered $final ($mode) maps to NOT INSERTED', async ({ final }) => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+CPIN?', reply: framed(final) }, { expect: 'AT+CPIN?', reply: framed(final) });
    await expect(readSimStatus(rig.at)).resolves.toEqual({ state: 'NOT INSERTED', ready: false });
    await expect(requireSimReady(rig.at)).rejects.toMatchObject({ kind: 'sim-not-ready', hint: 'insert a SIM card' });
  });

  it('other AT+CPIN? errors are not mistaken for a missing SIM', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+CPIN?', reply: framed('+CME ERROR: 13') });
    await expect(readSimStatus(rig.at)).rejects.toMatchObject({ name: 'AtCommandError', code: 13 });
  });
});
