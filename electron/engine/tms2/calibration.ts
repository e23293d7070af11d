/**
 * G-sensor calibration math (docs/sequence.md#calibration), pure.
 *
 * Convention (degrees, right-handed device axes, +Z out of the device's top face):
 *   - roll  φ = rotation about the device X axis, pitch θ = rotation about the device Y axis;
 *   - a device at rest reads the reaction to gravity, "up": (0, 0, +1 g) when mounted flat;
 *   - mounted with (φ, θ) it reads  up_device = (−sin θ, sin φ·cos θ, cos φ·cos θ) · 1 g,
 *     i.e. up_device = Rx(−φ) · Ry(−θ) · (0, 0, 1);
 *   - correction ("rotate by the stored angles") undoes that, roll first, then pitch:
 *       corrected = Ry(θ) · Rx(φ) · raw
 *   - tilt measured from a reading: roll = atan2(ay, az), pitch = atan2(−ax, √(ay² + az²)).
 * Rx(a) = [[1,0,0],[0,cos a,−sin a],[0,sin a,cos a]],  Ry(a) = [[cos a,0,sin a],[0,1,0],[−sin a,0,cos a]].
 * The residual tilt is the angle between the corrected vector and vertical (0, 0, 1).
 */
import type { Acceleration, MountingAngles } from './types.ts';

export interface Vector3 {
  x: number;
  y: number;
  z: number;
}

export class CalibrationError extends Error {
  override readonly name = 'CalibrationError';
  readonly kind = 'no-gravity' as const;
}

const RAD = Math.PI / 180;
const toDeg = (rad: number) => rad / RAD;

export function rotateX(v: Vector3, degrees: number): Vector3 {
  const c = Math.cos(degrees * RAD);
  const s = Math.sin(degrees * RAD);
  return { x: v.x, y: c * v.y - s * v.z, z: s * v.y + c * v.z };
}

export function rotateY(v: Vector3, degrees: number): Vector3 {
  const c = Math.cos(degrees * RAD);
  const s = Math.sin(degrees * RAD);
  return { x: c * v.x + s * v.z, y: v.y, z: -s * v.x + c * v.z };
}

const fromReading = (raw: Acceleration): Vector3 => ({ x: raw.ax, y: raw.ay, z: raw.az });

function requireGravity(v: Vector3): number {
  const length = Math.hypot(v.x, v.y, v.z);
  if (!(length > 0) || !Number.isFinite(length)) throw new CalibrationError('accelerometer reading is zero or not finite: no gravity vector');
  return length;
}

/** corrected = Ry(pitch) · Rx(roll) · raw (mg in, mg out). */
export function correctReading(raw: Acceleration, mounting: MountingAngles): Vector3 {
  return rotateY(rotateX(fromReading(raw), mounting.roll), mounting.pitch);
}

/** Angle in degrees between `v` and vertical (0, 0, 1). */
export function tiltFromVertical(v: Vector3): number {
  const length = requireGravity(v);
  return toDeg(Math.acos(Math.min(1, Math.max(-1, v.z / length))));
}

/** Roll and pitch (degrees) of the device as measured from one reading. */
export function measureTilt(raw: Acceleration): MountingAngles {
  requireGravity(fromReading(raw));
  return { roll: toDeg(Math.atan2(raw.ay, raw.az)), pitch: toDeg(Math.atan2(-raw.ax, Math.hypot(raw.ay, raw.az))) };
}

/** The reading a device mounted with `mounting` gives at rest (for the simulator and tests). */
export function readingAtRest(mounting: MountingAngles, gravityMg = 1000): Acceleration {
  const up = rotateX(rotateY({ x: 0, y: 0, z: gravityMg }, -mounting.pitch), -mounting.roll);
  return { ax: up.x, ay: up.y, az: up.z };
}

export interface CalibrationResult {
  /** The raw reading rotated by the stored angles (mg). */
  corrected: Vector3;
  /** Angle between the corrected vector and vertical, degrees. */
  residualDeg: number;
  /** Roll/pitch measured from the raw reading. */
  measured: MountingAngles;
  /** measured − expected (server RollInfo), degrees. */
  difference: MountingAngles;
  toleranceDeg: number;
  /** residualDeg ≤ toleranceDeg. */
  pass: boolean;
}

/**
 * Evaluates a calibration: `stored` = the angles in the device (AT+TMSGCAL?), `expected` = the
 * server's RollInfo, `raw` = AT+TMSGS?. Pass when the residual tilt is within `toleranceDeg` (default 2°).
 */
export function evaluateCalibration(input: { stored: MountingAngles; expected: MountingAngles; raw: Acceleration; toleranceDeg?: number }): CalibrationResult {
  const toleranceDeg = input.toleranceDeg ?? 2;
  const corrected = correctReading(input.raw, input.stored);
  const residualDeg = tiltFromVertical(corrected);
  const measured = measureTilt(input.raw);
  const difference = { roll: measured.roll - input.expected.roll, pitch: measured.pitch - input.expected.pitch };
  return { corrected, residualDeg, measured, difference, toleranceDeg, pass: residualDeg <= toleranceDeg };
}
