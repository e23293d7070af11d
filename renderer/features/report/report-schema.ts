/**
 * The fields of report.json that the report view shows (getReport's `json`). Parsed with zod at
 * this boundary; extra fields are allowed (loose), so a newer report still opens.
 */
import { z } from 'zod';
import { StepFailureSchema } from '../../../shared/events.ts';
import { StepIdSchema } from '../../../shared/steps.ts';

const nullableString = z.string().nullable();

const FirmwareSchema = z.looseObject({
  before: nullableString,
  after: nullableString,
  offered: nullableString,
  update: z.looseObject({ ok: z.boolean(), message: z.string() }).nullable(),
});

export const ReportSchema = z.looseObject({
  runId: nullableString,
  port: nullableString,
  profileName: nullableString,
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  outcome: z.enum(['passed', 'failed', 'cancelled', 'incomplete']),
  device: z
    .looseObject({ imei: z.string(), deviceId: z.string(), model: z.string(), revision: z.string(), manufacturer: nullableString.optional() })
    .nullable(),
  firmware: z.looseObject({ main: FirmwareSchema, sub: FirmwareSchema }),
  steps: z.array(
    z.looseObject({
      id: StepIdSchema,
      status: z.enum(['passed', 'failed', 'skipped', 'interrupted', 'not-run']),
      attempts: z.number().int().nonnegative(),
      durationMs: z.number().optional(),
      summary: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
  failure: StepFailureSchema.extend({ step: StepIdSchema }).loose().nullable(),
});
export type ReportView = z.infer<typeof ReportSchema>;

export class ReportFormatError extends Error {
  override readonly name = 'ReportFormatError';
  readonly kind = 'report-format';
}

export function parseReportJson(json: string): ReportView {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ReportFormatError('report.json is not JSON');
  }
  const result = ReportSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ReportFormatError(`report.json: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  return result.data;
}
