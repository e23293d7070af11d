/**
 * One run on record in the results store (docs/results-store.md): what was done to which unit,
 * when, where, by whom and with what result, plus its measurements with limits. The same shape
 * crosses every boundary: the store's rows (electron/store/), `fieldlink results --json`, IPC to
 * the History screen and support bundles. Built from a run's events (electron/store/run-record-
 * builder.ts), never by hand.
 */
import { z } from 'zod';
import { EXIT_CATEGORIES } from './events.ts';
import { StepIdSchema } from './steps.ts';
import { MeasurementSchema } from './measurement.ts';

/** Which face started the run. */
export const RUN_KINDS = ['run', 'demo', 'diagnose', 'ui', 'station'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/**
 * `running` from run-started until the end; `interrupted` when the process died before the end
 * (found and marked at the next open of the store), never a half-written record.
 */
export const RECORD_OUTCOMES = ['running', 'passed', 'failed', 'cancelled', 'interrupted'] as const;
export type RecordOutcome = (typeof RECORD_OUTCOMES)[number];

export const DUPLICATE_POLICIES = ['allow', 'refuse', 'rework'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

// The measurement shape lives in measurement.ts (events.ts uses it too, and this file imports events.ts).
export { MEASUREMENT_NAMES, MeasurementSchema, type Measurement, type MeasurementName } from './measurement.ts';

export const RecordStepSchema = z.strictObject({
  id: StepIdSchema,
  status: z.enum(['passed', 'failed', 'skipped', 'interrupted', 'not-run']),
  durationMs: z.number().nonnegative().nullable(),
});
export type RecordStep = z.infer<typeof RecordStepSchema>;

const text = z.string().max(500);
const optionalText = text.nullable();
const shortText = z.string().min(1).max(200);

/** What "what changed between runs" compares (firmware and versions are in the record itself). */
export const RecordFactsSchema = z.strictObject({
  caFingerprints: z.array(z.string().max(200)).max(8),
  clientCertFingerprint: z.string().max(200).nullable(),
  brokerHost: optionalText,
  brokerPort: z.number().int().nullable(),
  firmwareOffered: z.strictObject({ main: optionalText, sub: optionalText }),
  rssiDbm: z.number().nullable(),
  rsrpDbm: z.number().nullable(),
  registration: z.number().int().nullable(),
  operator: optionalText,
});
export type RecordFacts = z.infer<typeof RecordFactsSchema>;

export const RunRecordSchema = z.strictObject({
  runId: z.string().min(1).max(200),
  kind: z.enum(RUN_KINDS),
  outcome: z.enum(RECORD_OUTCOMES),
  exitCategory: z.enum(EXIT_CATEGORIES).nullable(),
  /** The failure's code (`MQTT_REFUSED`, `MEASUREMENT_OUT_OF_LIMITS`...), null when none. */
  failureCode: optionalText,
  failureStep: StepIdSchema.nullable(),
  deviceId: optionalText,
  imei: z.string().regex(/^\d{15}$/).nullable(),
  iccid: optionalText,
  /**
   * The unit serial scanned at a station (a barcode on the unit), bound to this run's IMEI; null
   * when none was scanned. Records written before schema version 3 read back as null.
   */
  unitSerial: shortText.nullable().default(null),
  model: optionalText,
  revision: optionalText,
  firmware: z.strictObject({
    mainBefore: optionalText,
    mainAfter: optionalText,
    subBefore: optionalText,
    subAfter: optionalText,
  }),
  profileName: optionalText,
  /** SHA-256 (hex) of the profile's canonical JSON: two runs with the same hash used the same profile. */
  profileHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  appVersion: text,
  host: text,
  operator: optionalText,
  station: optionalText,
  /** The production line of the station (its configuration's `line`); null outside a station or when not set. */
  line: shortText.nullable().default(null),
  slot: optionalText,
  port: optionalText,
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  /** The run folder (session.jsonl, report.json, report.html). */
  runDir: z.string().max(4096),
  steps: z.array(RecordStepSchema).max(32),
  measurements: z.array(MeasurementSchema).max(64),
  facts: RecordFactsSchema,
  /**
   * Set by the store (never by the record builder): true when the run was granted under the
   * `rework` duplicates policy for a unit that had already passed. Absent otherwise.
   */
  rework: z.literal(true).optional(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** Filters of `fieldlink results` and the History screen. Dates are epoch ms, inclusive. */
export const RecordQuerySchema = z.strictObject({
  imei: z.string().regex(/^\d{15}$/).optional(),
  since: z.number().int().optional(),
  until: z.number().int().optional(),
  outcome: z.enum(RECORD_OUTCOMES).optional(),
  station: z.string().max(200).optional(),
  line: z.string().min(1).max(200).optional(),
  unitSerial: z.string().min(1).max(200).optional(),
  kind: z.enum(RUN_KINDS).optional(),
  /** Newest first; default 500, at most 10,000. */
  limit: z.number().int().positive().max(10_000).optional(),
  offset: z.number().int().nonnegative().optional(),
});
export type RecordQuery = z.infer<typeof RecordQuerySchema>;

export const YIELD_GROUPINGS = ['day', 'line', 'station', 'slot', 'failure'] as const;
export type YieldGrouping = (typeof YIELD_GROUPINGS)[number];
