import { describe, expect, it } from 'vitest';
import {
  CalibrationError,
  correctReading,
  evaluateCalibration,
  measureTilt,
  readingAtRest,
  tiltFromVertical,
  type Acceleration,
  type MountingAngles,
} from '../../../../electron/engine/tms2/index.ts';

const close = (actual: number, expected: number, digits = 6) => expect(actual).toBeCloseTo(expected, digits);

describe('calibration math (roll about X, pitch about Y, degrees)', () => {
  it.each([
    { mounting: { roll: 0, pitch: 0 }, reading: { ax: 0, ay: 0, az: 1000 } },
    { mounting: { roll: 90, pitch: 0 }, reading: { ax: 0, ay: 1000, az: 0 } },
    { mounting: { roll: 0, pitch: 90 }, reading: { ax: -1000, ay: 0, az: 0 } },
    { mounting: { roll: 30, pitch: 0 }, reading: { ax: 0, ay: 500, az: 866.0254037844 } },
    { mounting: { roll: 0, pitch: -30 }, reading: { ax: 500, ay: 0, az: 866.0254037844 } },
    { mounting: { roll: 180, pitch: 0 }, reading: { ax: 0, ay: 0, az: -1000 } },
  ] satisfies Array<{ mounting: MountingAngles; reading: Acceleration }>)('device mounted at $mounting reads $reading at rest', ({ mounting, reading }) => {
    const at = readingAtRest(mounting);
    close(at.ax, reading.ax);
    close(at.ay, reading.ay);
    close(at.az, reading.az);
  });

  it.each([
    { raw: { ax: 0, ay: 0, az: 1000 }, tilt: { roll: 0, pitch: 0 } },
    { raw: { ax: 0, ay: 500, az: 866.0254037844 }, tilt: { roll: 30, pitch: 0 } },
    { raw: { ax: -500, ay: 0, az: 866.0254037844 }, tilt: { roll: 0, pitch: 30 } },
    { raw: { ax: 0, ay: -1000, az: 1000 }, tilt: { roll: -45, pitch: 0 } },
  ] satisfies Array<{ raw: Acceleration; tilt: MountingAngles }>)('measured tilt of $raw is $tilt', ({ raw, tilt }) => {
    const measured = measureTilt(raw);
    close(measured.roll, tilt.roll);
    close(measured.pitch, tilt.pitch);
  });

  it('round trip: readingAtRest → measureTilt gives the mounting angles back, correction leaves no residual', () => {
    for (const mounting of [
      { roll: 3.5, pitch: -1.2 },
      { roll: -20, pitch: 15 },
      { roll: 60, pitch: 45 },
      { roll: -170, pitch: -80 },
    ]) {
      const raw = readingAtRest(mounting, 981);
      const measured = measureTilt(raw);
      close(measured.roll, mounting.roll);
      close(measured.pitch, mounting.pitch);
      const corrected = correctReading(raw, mounting);
      close(corrected.x, 0);
      close(corrected.y, 0);
      close(corrected.z, 981);
      close(tiltFromVertical(corrected), 0, 5);
    }
  });

  it('tiltFromVertical: 0° up, 90° sideways, 180° upside down, 45° diagonal', () => {
    close(tiltFromVertical({ x: 0, y: 0, z: 5 }), 0);
    close(tiltFromVertical({ x: 3, y: 0, z: 0 }), 90);
    close(tiltFromVertical({ x: 0, y: 0, z: -1 }), 180);
    close(tiltFromVertical({ x: 0, y: 1, z: 1 }), 45);
  });

  it('evaluateCalibration: residual within tolerance passes; a wrong stored angle fails by that angle', () => {
    const rollInfo = { roll: 3.5, pitch: -1.2 };
    const raw = readingAtRest(rollInfo);
    const good = evaluateCalibration({ stored: rollInfo, expected: rollInfo, raw });
    expect(good.pass).toBe(true);
    close(good.residualDeg, 0, 5);
    close(good.difference.roll, 0);
    close(good.difference.pitch, 0);

    const bad = evaluateCalibration({ stored: { roll: 0, pitch: 0 }, expected: rollInfo, raw: readingAtRest({ roll: 10, pitch: 0 }) });
    expect(bad.pass).toBe(false);
    close(bad.residualDeg, 10);
    close(bad.difference.roll, 6.5);
    expect(bad.toleranceDeg).toBe(2);
  });

  it('tolerance is inclusive and configurable', () => {
    const raw = readingAtRest({ roll: 1.5, pitch: 0 });
    expect(evaluateCalibration({ stored: { roll: 0, pitch: 0 }, expected: { roll: 0, pitch: 0 }, raw, toleranceDeg: 2 }).pass).toBe(true);
    expect(evaluateCalibration({ stored: { roll: 0, pitch: 0 }, expected: { roll: 0, pitch: 0 }, raw, toleranceDeg: 1 }).pass).toBe(false);
  });

  it('a zero or non-finite reading is a CalibrationError (no gravity vector)', () => {
    expect(() => measureTilt({ ax: 0, ay: 0, az: 0 })).toThrow(CalibrationError);
    expect(() => tiltFromVertical({ x: Number.NaN, y: 0, z: 1 })).toThrow(CalibrationError);
  });
});
