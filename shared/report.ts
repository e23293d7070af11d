/**
 * The run report (report.json): one zod schema for the writer (engine/session/report.ts checks
 * what it builds against it), the report view in the renderer (getReport's `json`) and replays.
 * Objects are plain `z.object`: unknown keys are dropped, not refused, so a report written by a
 * newer Fieldlink with extra fields still opens.
 */
import { z } from 'zod';
import { CalibrationResultSchema, EXIT_CATEGORIES, MQTT_STATES, RUN_OUTCOMES, RunWarningSchema, StepFailureSchema, TlsSetupSchema } from './events.ts';
import { MessageRefSchema } from './messages/index.ts';
import { StepIdSchema } from './steps.ts';
import { MeasurementSchema } from './measurement.ts';

const nullableString = z.string().nullable();

export const REPORT_STEP_STATUSES = ['passed', 'failed', 'skipped', 'interrupted', 'not-run'] as const;
export type ReportStepStatus = (typeof REPORT_STEP_STATUSES)[number];

export const FirmwareReportSchema = z.object({
  before: nullableString,
  after: nullableString,
  offered: nullableString,
  update: z.object({ ok: z.boolean(), message: z.string() }).nullable(),
});
export type FirmwareReport = z.infer<typeof FirmwareReportSchema>;

export const StepReportSchema = z.object({
  id: StepIdSchema,
  title: z.object({ ko: z.string(), en: z.string() }),
  status: z.enum(REPORT_STEP_STATUSES),
  /** How many times the step was started (retries and resumes count). */
  attempts: z.number().int().nonnegative(),
  durationMs: z.number().optional(),
  summary: z.string().optional(),
  reason: z.string().optional(),
  /** The summary / skip reason as catalogue words (absent in old logs: show the English string). */
  summaryRef: MessageRefSchema.optional(),
  reasonRef: MessageRefSchema.optional(),
});
export type StepReport = z.infer<typeof StepReportSchema>;

const { type: _type, t: _t, ...calibrationShape } = CalibrationResultSchema.shape;
const { type: _tlsType, t: _tlsT, ...tlsShape } = TlsSetupSchema.shape;
const { type: _warningType, t: _warningT, ...warningShape } = RunWarningSchema.shape;

/** Transport security: the TLS verification the module was set up for, and every warning of the run. */
export const SecurityReportSchema = z.object({
  tls: z.object(tlsShape).nullable(),
  warnings: z.array(z.object(warningShape)),
});
export type SecurityReport = z.infer<typeof SecurityReportSchema>;

export const RunReportSchema = z.object({
  formatVersion: z.literal(1),
  runId: nullableString,
  port: nullableString,
  profileName: nullableString,
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  /** `incomplete` when the log has no run-finished event (crash, pulled power). */
  outcome: z.enum([...RUN_OUTCOMES, 'incomplete']),
  exitCategory: z.enum(EXIT_CATEGORIES).nullable(),
  device: z.object({ imei: z.string(), deviceId: z.string(), manufacturer: nullableString, model: z.string(), revision: z.string() }).nullable(),
  firmware: z.object({ main: FirmwareReportSchema, sub: FirmwareReportSchema }),
  steps: z.array(StepReportSchema),
  calibration: z.object(calibrationShape).nullable(),
  mqtt: z.object({
    finalState: z.enum(MQTT_STATES).nullable(),
    statesReached: z.array(z.enum(MQTT_STATES)),
    lastQmtstat: z.number().int().nullable(),
    messagesIn: z.number().int().nonnegative(),
    messagesOut: z.number().int().nonnegative(),
  }),
  failure: z.object({ ...StepFailureSchema.shape, step: StepIdSchema }).nullable(),
  /** Each time the run was resumed after a failure: when, from which step, in this process or from its folder. */
  resumes: z.array(z.object({ at: z.number(), fromStep: StepIdSchema, source: z.enum(['memory', 'run-folder']), reread: z.array(StepIdSchema) })),
  security: SecurityReportSchema,
  /** The measurements with their limits and verdicts, the last of each per step (absent in older reports). */
  measurements: z.array(z.object(MeasurementSchema.shape)).default([]),
});
export type RunReport = z.infer<typeof RunReportSchema>;

export class ReportFormatError extends Error {
  override readonly name = 'ReportFormatError';
  readonly kind = 'report-format';
}

/** Parses report.json text; a bad file names the first wrong field. */
export function parseReportJson(json: string): RunReport {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ReportFormatError('report.json is not JSON');
  }
  return checkReport(data);
}

/** Validates a report object (the writer's output, a parsed file). */
export function checkReport(data: unknown): RunReport {
  const result = RunReportSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ReportFormatError(`report.json: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  return result.data;
}
