/**
 * Step 4 — G-sensor calibration from RollInfo: AT+TMSGCAL=<roll>,<pitch>, read back with
 * AT+TMSGCAL?, then AT+TMSGS? rotated by the stored angles gives the residual tilt. Pass when it
 * is within the profile's tolerance (default 2°); a failure names every number.
 */
import { evaluateCalibration } from '../../tms2/calibration.ts';
import { need } from '../context.ts';
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep } from '../step.ts';

/** Stored angles may come back rounded by the MCU. */
const STORED_ANGLE_SLACK_DEG = 0.05;
const round = (value: number) => Math.round(value * 100) / 100;

export const calibrationStep: SequenceStep = {
  id: 'calibration',
  needs: ['serverInfo'],
  timeoutMs: 60_000,
  retries: 1,
  async run(env) {
    const expected = need(env.ctx, 'serverInfo').rollInfo;
    await env.mcu.writeMounting(expected);
    const stored = await env.mcu.readMounting();
    if (Math.abs(stored.roll - expected.roll) > STORED_ANGLE_SLACK_DEG || Math.abs(stored.pitch - expected.pitch) > STORED_ANGLE_SLACK_DEG) {
      throw new StepError('CALIBRATION_NOT_STORED', { storedRoll: stored.roll, storedPitch: stored.pitch, serverRoll: expected.roll, serverPitch: expected.pitch }, { command: 'AT+TMSGCAL?' });
    }
    env.progress('progress.gsensorReading');
    const raw = await env.mcu.readAcceleration();
    const toleranceDeg = env.profile.calibration.toleranceDeg;
    const result = evaluateCalibration({ stored, expected, raw, toleranceDeg });
    const numbers = {
      residual: round(result.residualDeg),
      tolerance: toleranceDeg,
      serverRoll: expected.roll,
      serverPitch: expected.pitch,
      measuredRoll: round(result.measured.roll),
      measuredPitch: round(result.measured.pitch),
    };
    env.emit({
      type: 'calibration-result',
      serverRoll: expected.roll,
      serverPitch: expected.pitch,
      measuredRoll: numbers.measuredRoll,
      measuredPitch: numbers.measuredPitch,
      residualDeg: numbers.residual,
      toleranceDeg,
      pass: result.pass,
      raw,
    });
    env.ctx.calibration = { residualDeg: result.residualDeg, pass: result.pass };
    // The limit is calibration.toleranceDeg; a miss keeps its own, more telling code below.
    env.measure('calibration-residual', result.residualDeg);
    if (!result.pass) throw new StepError('CALIBRATION_OUT_OF_TOLERANCE', numbers, { command: 'AT+TMSGS?', moduleSaid: `+TMSGS: ${raw.ax},${raw.ay},${raw.az}` });
    return passed('summary.calibrated', { residual: numbers.residual, tolerance: toleranceDeg, roll: numbers.measuredRoll, pitch: numbers.measuredPitch });
  },
};
