/**
 * The TMS2 accelerometer: at rest it measures gravity (≈1000 mg) rotated by how the unit is
 * mounted (roll about x, pitch about y, degrees), plus noise. Axes: x forward, y right, z down
 * through the base, so a level unit reads (0, 0, +1000). Readings are integers in mg, as the
 * MCU reports them averaged over 1 s (AT+TMSGS?).
 */
import { createRandom, gaussian, seedFrom, type Random } from './random.ts';

export const GRAVITY_MG = 1000;
export const DEFAULT_NOISE_MG = 3;
const MAX_DEFAULT_TILT_DEG = 6;

export interface Tilt {
  roll: number;
  pitch: number;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/** The mounting tilt a device with this IMEI has unless told otherwise (the demo cloud may use it). */
export function defaultMountingTilt(imei: string): Tilt {
  const random = createRandom(seedFrom(`tilt/${imei}`));
  const angle = () => Math.round((random() * 2 - 1) * MAX_DEFAULT_TILT_DEG * 10) / 10;
  return { roll: angle(), pitch: angle() };
}

/** Gravity in the device frame for a mounting tilt, in mg (no noise). */
export function gravityVector(tilt: Tilt): [number, number, number] {
  const [r, p] = [rad(tilt.roll), rad(tilt.pitch)];
  return [-Math.sin(p) * GRAVITY_MG, Math.sin(r) * Math.cos(p) * GRAVITY_MG, Math.cos(r) * Math.cos(p) * GRAVITY_MG];
}

/** Roll and pitch (degrees) of a measured gravity vector: the inverse of gravityVector. */
export function tiltOf([x, y, z]: readonly [number, number, number]): Tilt {
  return { roll: (Math.atan2(y, z) * 180) / Math.PI, pitch: (Math.atan2(-x, Math.hypot(y, z)) * 180) / Math.PI };
}

export class GSensor {
  private readonly random: Random;

  constructor(
    readonly mounting: Tilt,
    readonly noiseMg: number,
    seed: string,
  ) {
    this.random = createRandom(seedFrom(`gs/${seed}`));
  }

  /** One averaged reading in whole mg. */
  read(): [number, number, number] {
    const [x, y, z] = gravityVector(this.mounting);
    const noisy = (value: number) => Math.round(value + gaussian(this.random) * this.noiseMg);
    return [noisy(x), noisy(y), noisy(z)];
  }
}
