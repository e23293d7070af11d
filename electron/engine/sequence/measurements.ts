/**
 * Measurements with limits (docs/sequence.md#measurements), OpenHTF style: a step takes a number
 * with `env.measure(name, value)`; the table below gives its unit and where its limits are in the
 * profile; the verdict is made at once (the `measurement` event carries it) and the step executor
 * fails the step with MEASUREMENT_OUT_OF_LIMITS once the step is done, unless the run only records
 * (a diagnosis). Limits are inclusive; null is no limit on that side.
 */
import { describeLimit, type Measurement, type MeasurementName } from '../../../shared/measurement.ts';
import { ref } from '../../../shared/messages/index.ts';
import type { Profile } from '../../../shared/profile.ts';
import type { StepId } from '../../../shared/steps.ts';
import { StepError } from './step-error.ts';

export interface MeasurementSpec {
  unit: string;
  /** Decimal places kept in the recorded value. */
  decimals: number;
  limits(profile: Profile): { low: number | null; high: number | null };
}

/** Each measurement's unit and the profile fields that hold its limits. */
export const MEASUREMENT_SPECS: Readonly<Record<MeasurementName, MeasurementSpec>> = {
  'signal-rssi': { unit: 'dBm', decimals: 0, limits: (p) => ({ low: p.measurements.signalMinDbm, high: null }) },
  'signal-rsrp': { unit: 'dBm', decimals: 1, limits: (p) => ({ low: p.measurements.rsrpMinDbm, high: null }) },
  'calibration-residual': { unit: 'deg', decimals: 2, limits: (p) => ({ low: null, high: p.calibration.toleranceDeg }) },
  'cert-upload-rate': { unit: 'B/s', decimals: 0, limits: (p) => ({ low: p.measurements.certUploadMinBps, high: null }) },
  'firmware-download-rate': { unit: 'B/s', decimals: 0, limits: (p) => ({ low: p.measurements.firmwareDownloadMinBps, high: null }) },
  'mqtt-connect-time': { unit: 'ms', decimals: 0, limits: (p) => ({ low: null, high: p.measurements.mqttConnectMaxMs }) },
};

const roundTo = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** The measurement with its limits and verdict (pure). */
export function takeMeasurement(profile: Profile, step: StepId, name: MeasurementName, raw: number): Measurement {
  const spec = MEASUREMENT_SPECS[name];
  const value = roundTo(raw, spec.decimals);
  const { low, high } = spec.limits(profile);
  const passed = Number.isFinite(value) && (low === null || value >= low) && (high === null || value <= high);
  return { name, value, unit: spec.unit, low, high, passed, step };
}


/** The catalogue key of a measurement's name (`measurement.signal-rssi`). */
export const measurementNameKey = (name: MeasurementName) => `measurement.${name}` as const;

/** The step failure for a measurement outside its limits. */
export function outOfLimits(m: Measurement): StepError {
  return new StepError('MEASUREMENT_OUT_OF_LIMITS', { name: ref(measurementNameKey(m.name)), value: m.value, unit: m.unit, limit: describeLimit(m) });
}

/** Bytes per second from a byte count and a duration (a zero duration counts as 1 ms). */
export function bytesPerSecond(bytes: number, ms: number): number {
  return (bytes * 1000) / Math.max(1, ms);
}

/** AT+CSQ <rssi> (0–31) in dBm; undefined for 99 (not known). */
export function csqToDbm(rssi: number): number | undefined {
  if (rssi < 0 || rssi > 31) return undefined;
  return -113 + 2 * rssi;
}
