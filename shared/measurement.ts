/**
 * Measurements with limits (OpenHTF style, docs/sequence.md#measurements): a number a step takes
 * (signal, calibration residual, transfer rates, MQTT connect time), its unit, the profile's
 * inclusive limits and whether it passed. The same shape is the `measurement` event, a row of the
 * report's measurements table and a measurement of the run's record (shared/run-record.ts).
 * Apart from run-record.ts so that events.ts, which run-record.ts imports, can use it too.
 */
import { z } from 'zod';
import { StepIdSchema } from './steps.ts';

/** The measurements a run takes, each with its unit and the profile's limit (OpenHTF style). */
export const MEASUREMENT_NAMES = ['signal-rssi', 'signal-rsrp', 'calibration-residual', 'cert-upload-rate', 'firmware-download-rate', 'mqtt-connect-time'] as const;
export type MeasurementName = (typeof MEASUREMENT_NAMES)[number];

export const MeasurementSchema = z.strictObject({
  name: z.enum(MEASUREMENT_NAMES),
  value: z.number(),
  /** `dBm`, `deg`, `B/s`, `ms`. */
  unit: z.string().min(1).max(16),
  /** Inclusive limits; an absent side is unbounded. */
  low: z.number().nullable(),
  high: z.number().nullable(),
  passed: z.boolean(),
  step: StepIdSchema,
});
export type Measurement = z.infer<typeof MeasurementSchema>;

/** A measurement's limits in words: `≥ -105 dBm`, `≤ 60000 ms`, `-120…-44 dBm`, `none`. */
export function describeLimit(m: Pick<Measurement, 'low' | 'high' | 'unit'>): string {
  if (m.low !== null && m.high !== null) return `${m.low}…${m.high} ${m.unit}`;
  if (m.low !== null) return `≥ ${m.low} ${m.unit}`;
  if (m.high !== null) return `≤ ${m.high} ${m.unit}`;
  return 'none';
}
