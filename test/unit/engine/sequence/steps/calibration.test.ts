/** Step 4 (calibration) over the scripted modem: AT+TMSGCAL=, read back, AT+TMSGS?, the verdict and its numbers. */
import { afterEach, describe, expect, it } from 'vitest';
import { calibrationStep } from '../../../../../electron/engine/sequence/steps/calibration.ts';
import { readingAtRest } from '../../../../../electron/engine/tms2/calibration.ts';
import { createFakeStepEnv, disposeFakeStepEnvs } from '../../../../helpers/fake-step-env.ts';
import { framed } from '../../../../helpers/at-rig.ts';
import { SERVER_INFO, stepFailure } from './shared.ts';

afterEach(disposeFakeStepEnvs);

const env = () => createFakeStepEnv('calibration', { ctx: { serverInfo: SERVER_INFO } });
const gs = (roll: number, pitch: number) => {
  const { ax, ay, az } = readingAtRest({ roll, pitch });
  return `+TMSGS: ${Math.round(ax)},${Math.round(ay)},${Math.round(az)}`;
};

describe('calibration step (fake StepEnv)', () => {
  it('stores RollInfo, reads it back and the G-sensor; a device at rest in that mounting passes', async () => {
    const e = await env();
    e.modem.script(
      { expect: 'AT+TMSGCAL=3.5,-1.2', reply: framed('OK') },
      { expect: 'AT+TMSGCAL?', reply: framed('+TMSGCAL: 3.5,-1.2', 'OK') },
      { expect: 'AT+TMSGS?', reply: framed(gs(3.5, -1.2), 'OK') },
    );
    const result = await calibrationStep.run(e);
    expect(e.modem.lines).toEqual(['AT+TMSGCAL=3.5,-1.2', 'AT+TMSGCAL?', 'AT+TMSGS?']);
    expect(e.ctx.calibration?.pass).toBe(true);
    expect(e.ctx.calibration?.residualDeg).toBeLessThan(0.2);
    expect(result.status).toBe('passed');
    const [event] = e.events.filter((ev) => ev.type === 'calibration-result');
    expect(event).toMatchObject({ serverRoll: 3.5, serverPitch: -1.2, toleranceDeg: 2, pass: true });
  });

  it('CALIBRATION_NOT_STORED when the MCU keeps other angles; the G-sensor is not read', async () => {
    const e = await env();
    e.modem.script({ expect: 'AT+TMSGCAL=3.5,-1.2', reply: framed('OK') }, { expect: 'AT+TMSGCAL?', reply: framed('+TMSGCAL: 0,0', 'OK') });
    const error = await stepFailure(calibrationStep.run(e));
    expect(error.code).toBe('CALIBRATION_NOT_STORED');
    expect(error.vars).toEqual({ storedRoll: 0, storedPitch: 0, serverRoll: 3.5, serverPitch: -1.2 });
    expect(e.modem.lines).not.toContain('AT+TMSGS?');
  });

  it('CALIBRATION_OUT_OF_TOLERANCE names the numbers and quotes +TMSGS; the context still records the miss', async () => {
    const e = await env();
    e.modem.script(
      { expect: 'AT+TMSGCAL=3.5,-1.2', reply: framed('OK') },
      { expect: 'AT+TMSGCAL?', reply: framed('+TMSGCAL: 3.5,-1.2', 'OK') },
      { expect: 'AT+TMSGS?', reply: framed(gs(13.5, -1.2), 'OK') },
    );
    const error = await stepFailure(calibrationStep.run(e));
    expect(error.code).toBe('CALIBRATION_OUT_OF_TOLERANCE');
    expect(error.details).toEqual({ command: 'AT+TMSGS?', moduleSaid: gs(13.5, -1.2) });
    expect(error.vars).toMatchObject({ tolerance: 2, serverRoll: 3.5, serverPitch: -1.2 });
    expect(Number(error.vars.residual)).toBeGreaterThan(9);
    expect(e.ctx.calibration?.pass).toBe(false);
  });

  it('without serverInfo in the context it fails MISSING_EARLIER_STEP and sends nothing', async () => {
    const e = await createFakeStepEnv('calibration');
    const error = await stepFailure(calibrationStep.run(e));
    expect(error.code).toBe('MISSING_EARLIER_STEP');
    expect(e.modem.lines).toEqual([]);
  });
});
