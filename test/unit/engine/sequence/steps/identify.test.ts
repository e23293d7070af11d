/**
 * Step 0 (identify) over the scripted modem: the exact command order, the context it leaves, the
 * SIM failures and S2 (another IMEI on a resumed run is refused).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diagnoseIdentity } from '../../../../../electron/engine/sequence/diagnose/device.ts';
import { identifyStep } from '../../../../../electron/engine/sequence/steps/identify.ts';
import { StepError } from '../../../../../electron/engine/sequence/step-error.ts';
import { createFakeStepEnv, disposeFakeStepEnvs, type FakeStepEnv } from '../../../../helpers/fake-step-env.ts';
import type { ScriptStep } from '../../../../helpers/scripted-modem.ts';
import { framed } from '../../../../helpers/at-rig.ts';
import { english } from '../../../../helpers/step-result.ts';

const IMEI = '867969066452788';

afterEach(disposeFakeStepEnvs);

const sync: ScriptStep[] = [
  { expect: 'AT', reply: framed('OK') },
  { expect: 'ATE0', reply: framed('OK') },
  { expect: 'AT+CMEE=2', reply: framed('OK') },
];
const who = (cpin: string): ScriptStep[] => [
  { expect: 'ATI', reply: framed('Quectel', 'EG25', 'Revision: EG25GGBR07A08M2G', 'OK') },
  { expect: 'AT+QGMR', reply: framed('EG25GGBR07A08M2G_30.203.30.203', 'OK') },
  { expect: 'AT+CGSN', reply: framed(IMEI, 'OK') },
  { expect: 'AT+CPIN?', reply: framed(...(cpin.startsWith('+CME') ? [cpin] : [cpin, 'OK'])) },
];
/** The SIM, cell and clock reads (device-status.ts), in order; each is tolerant of an error. */
const STATUS_READS = ['AT+QCCID', 'AT+CIMI', 'AT+QSPN', 'AT+COPS?', 'AT+QNWINFO', 'AT+QENG="servingcell"', 'AT+QCSQ', 'AT+CGDCONT?', 'AT+CGPADDR', 'AT+CCLK?'];
const ICCID = '89820012345678901234';
const IMSI = '450081234567890';
/** ICCID and IMSI answered, every other status read refused: those fields stay out of the identity. */
const status: ScriptStep[] = STATUS_READS.map((command) => {
  if (command === 'AT+QCCID') return { expect: command, reply: framed(`+QCCID: ${ICCID}`, 'OK') };
  if (command === 'AT+CIMI') return { expect: command, reply: framed(IMSI, 'OK') };
  return { expect: command, reply: framed('ERROR') };
});
const rest: ScriptStep[] = [
  { expect: 'AT+CSQ', reply: framed('+CSQ: 19,99', 'OK') },
  { expect: 'AT+CEREG?', reply: framed('+CEREG: 0,5', 'OK') },
  ...status,
  { expect: 'AT+TMSVER?', reply: framed('+TMSVER: "1.3.0","1.1.1"', 'OK') },
];

async function failureOf(env: FakeStepEnv): Promise<StepError> {
  const error = await identifyStep.run(env).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StepError);
  return error as StepError;
}

describe('identify step (fake StepEnv)', () => {
  it('syncs, reads the device in the spec order and leaves identity TMS2_<imei> in the context', async () => {
    const env = await createFakeStepEnv('identify');
    env.modem.script(...sync, ...who('+CPIN: READY'), ...rest);
    const result = await identifyStep.run(env);
    expect(env.modem.lines).toEqual(['AT', 'ATE0', 'AT+CMEE=2', 'ATI', 'AT+QGMR', 'AT+CGSN', 'AT+CPIN?', 'AT+CSQ', 'AT+CEREG?', ...STATUS_READS, 'AT+TMSVER?']);
    expect(env.modem.unexpected).toEqual([]);
    expect(env.ctx.identity).toEqual({
      imei: IMEI,
      deviceId: `TMS2_${IMEI}`,
      manufacturer: 'Quectel',
      model: 'EG25',
      revision: 'EG25GGBR07A08M2G_30.203.30.203',
      mainFw: '1.3.0',
      subFw: '1.1.1',
      signal: { rssi: 19, ber: 99 },
      registration: { command: 'CEREG', stat: 5 },
      status: { iccid: ICCID, imsi: IMSI },
    });
    expect(english(result)).toEqual({ status: 'passed', summary: `TMS2_${IMEI} (EG25 EG25GGBR07A08M2G_30.203.30.203), main 1.3.0, sub 1.1.1, signal -75 dBm, ICCID ${ICCID}` });
    expect(env.events.filter((e) => e.type === 'device-identified')).toHaveLength(1);
  });

  it('falls back to AT+CREG? when CEREG is not registered, and to ATI\'s revision without AT+QGMR', async () => {
    const env = await createFakeStepEnv('identify');
    env.modem.script(
      ...sync,
      { expect: 'ATI', reply: framed('Quectel', 'BG96', 'Revision: BG96MAR02A07M1G', 'OK') },
      { expect: 'AT+QGMR', reply: framed('ERROR') },
      { expect: 'AT+CGSN', reply: framed(IMEI, 'OK') },
      { expect: 'AT+CPIN?', reply: framed('+CPIN: READY', 'OK') },
      { expect: 'AT+CSQ', reply: framed('+CSQ: 99,99', 'OK') },
      { expect: 'AT+CEREG?', reply: framed('+CEREG: 0,2', 'OK') },
      { expect: 'AT+CREG?', reply: framed('+CREG: 0,1', 'OK') },
      ...status,
      { expect: 'AT+TMSVER?', reply: framed('+TMSVER: "1.3.0","1.1.1"', 'OK') },
    );
    const result = await identifyStep.run(env);
    expect(env.modem.lines.filter((line) => !STATUS_READS.includes(line)).slice(-3)).toEqual(['AT+CEREG?', 'AT+CREG?', 'AT+TMSVER?']);
    expect(env.ctx.identity).toMatchObject({ model: 'BG96', revision: 'BG96MAR02A07M1G', registration: { command: 'CREG', stat: 1 } });
    expect(english(result).status === 'passed' && (english(result) as { summary: string }).summary).toMatch(/signal unknown, ICCID \d+$/);
  });

  it('fails with SIM_NOT_INSERTED quoting +CME ERROR: 10, after device-identified is out', async () => {
    const env = await createFakeStepEnv('identify');
    env.modem.script(...sync, ...who('+CME ERROR: 10'), ...rest);
    const error = await failureOf(env);
    expect(error.code).toBe('SIM_NOT_INSERTED');
    expect(error.details).toMatchObject({ command: 'AT+CPIN?', moduleSaid: '+CME ERROR: 10' });
    expect(env.events.some((e) => e.type === 'device-identified')).toBe(true);
    expect(env.ctx.identity?.imei).toBe(IMEI);
  });

  it('fails with SIM_NOT_READY when the SIM asks for a PIN', async () => {
    const env = await createFakeStepEnv('identify');
    env.modem.script(...sync, ...who('+CPIN: SIM PIN'), ...rest);
    const error = await failureOf(env);
    expect(error.code).toBe('SIM_NOT_READY');
    expect(error.details).toMatchObject({ command: 'AT+CPIN?', moduleSaid: '+CPIN: SIM PIN' });
  });

  it('S2: refuses a device whose IMEI differs from the one the run identified, before reading more', async () => {
    const env = await createFakeStepEnv('identify', { ctx: { identity: { imei: '490154203237518' } as never } });
    env.modem.script(...sync, ...who('+CPIN: READY'), ...rest);
    const error = await failureOf(env);
    expect(error.code).toBe('DEVICE_CHANGED');
    expect(env.modem.lines.at(-1)).toBe('AT+CGSN');
    expect(env.events.some((e) => e.type === 'device-identified')).toBe(false);
  });

  it('fieldlink diagnose reuses the step with a plain AT sync: no ATE0, no AT+CMEE (nothing in the module changes), no retry', async () => {
    const env = await createFakeStepEnv('identify');
    env.modem.script({ expect: 'AT', reply: framed('OK') }, ...who('+CPIN: READY'), ...rest);
    const result = await diagnoseIdentity.run(env);
    expect(env.modem.lines).toEqual(['AT', 'ATI', 'AT+QGMR', 'AT+CGSN', 'AT+CPIN?', 'AT+CSQ', 'AT+CEREG?', ...STATUS_READS, 'AT+TMSVER?']);
    expect(result.status).toBe('passed');
    expect(env.ctx.identity?.deviceId).toBe(`TMS2_${IMEI}`);
    expect(diagnoseIdentity).toMatchObject({ id: 'identify', retries: 0, timeoutMs: identifyStep.timeoutMs });
  });
});
