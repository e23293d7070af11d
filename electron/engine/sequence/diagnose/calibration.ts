/**
 * `fieldlink diagnose`, G-sensor: the stored mounting (AT+TMSGCAL?) and a reading (AT+TMSGS?);
 * the residual tilt after correcting by the stored angles, against the default tolerance.
 * A unit whose stored mounting is the factory 0°/0° has never been calibrated: not provisioned yet
 * (the connect sequence calibrates it once mounted), not a fault.
 */
import { evaluateCalibration, measureTilt } from '../../tms2/calibration.ts';
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep } from '../step.ts';
import { addFinding } from './findings.ts';

const round = (value: number) => Math.round(value * 100) / 100;

export const diagnoseCalibration: SequenceStep = {
  id: 'calibration',
  needs: [],
  timeoutMs: 30_000,
  retries: 0,
  async run(env) {
    const raw = await env.mcu.readAcceleration();
    const tilt = measureTilt(raw);
    const measured = `measured roll ${round(tilt.roll)}°, pitch ${round(tilt.pitch)}° (+TMSGS: ${raw.ax},${raw.ay},${raw.az})`;
    const stored = await env.mcu.readMounting().catch(() => undefined);
    if (!stored || (stored.roll === 0 && stored.pitch === 0)) {
      addFinding(env.ctx, 'NOT_CALIBRATED', { measured });
      return passed(stored ? 'summary.diagCalZero' : 'summary.diagCalUnread', { measured });
    }
    const tolerance = env.profile.calibration.toleranceDeg;
    const result = evaluateCalibration({ stored, expected: stored, raw, toleranceDeg: tolerance });
    const residual = round(result.residualDeg);
    env.measure('calibration-residual', result.residualDeg);
    if (!result.pass) {
      addFinding(env.ctx, 'CALIBRATION_OFF', { residual, tolerance });
      throw new StepError('DIAG_CALIBRATION_OFF', { storedRoll: stored.roll, storedPitch: stored.pitch, residual, tolerance }, { command: 'AT+TMSGS?' });
    }
    addFinding(env.ctx, 'CALIBRATION_OK', { residual, tolerance });
    return passed('summary.diagCalibrated', { roll: stored.roll, pitch: stored.pitch, residual, tolerance, measured });
  },
};
