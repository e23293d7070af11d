/**
 * The support bundle's part of the IPC contract (shared/ipc.ts, docs/support-bundles.md#in-the-app):
 * "Save support bundle" (saveSupportBundle) and "Open bundle…" (openSupportBundle), as zod
 * schemas checked on both ends. The zip travels as base64 inside the usual JSON frames, bounded by
 * BUNDLE_BYTES_MAX (a typical failed run's bundle is 10–30 KB).
 */
import { z } from 'zod';
import { DeviceIdentifiedSchema, RunnerEventSchema, StepFailureSchema } from './events.ts';
import { DIFF_FIELDS } from './run-diff.ts';
import { StepIdSchema } from './steps.ts';

/** The largest bundle the app sends to the page or takes from it. */
export const BUNDLE_BYTES_MAX = 16 * 1024 * 1024;
/** BUNDLE_BYTES_MAX as base64 characters. */
export const BUNDLE_BASE64_MAX_CHARS = Math.ceil(BUNDLE_BYTES_MAX / 3) * 4;

const Base64 = z
  .string()
  .max(BUNDLE_BASE64_MAX_CHARS)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'expected the zip as base64' });
const FileName = z.string().min(1).max(300);

/** Why a bundle was not written (a secret found) or cannot be opened; `file` is the file inside the bundle. */
export const BUNDLE_PROBLEM_KINDS = ['secret-found', 'not-a-bundle', 'truncated', 'tampered', 'missing-file', 'unexpected-file', 'invalid-file'] as const;
export const BUNDLE_SECRET_KINDS = ['registered-secret', 'pem-private-key', 'private-key-body', 'secret-field'] as const;
export const BundleProblemSchema = z.strictObject({
  kind: z.enum(BUNDLE_PROBLEM_KINDS),
  /** The file of the bundle it is about; null: the zip structure itself. */
  file: z.string().max(300).nullable(),
  /** For `secret-found`: which sort of secret (never the secret). */
  secretKind: z.enum(BUNDLE_SECRET_KINDS).nullable(),
});
export type BundleProblem = z.infer<typeof BundleProblemSchema>;

const DiffValue = z.union([z.string().max(2000), z.number(), z.null()]);
export const RunDifferenceSchema = z.strictObject({ field: z.enum(DIFF_FIELDS), before: DiffValue, after: DiffValue, step: StepIdSchema.optional() });

/** What changed since the device last passed (electron/support/what-changed.ts). */
export const WhatChangedSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('no-history') }),
  z.strictObject({ status: z.literal('no-passing-run'), runs: z.number().int().nonnegative() }),
  z.strictObject({
    status: z.literal('compared'),
    lastPass: z.strictObject({ runId: z.string().max(200), startedAt: z.number() }),
    runId: z.string().max(200),
    differences: z.array(RunDifferenceSchema).max(200),
  }),
]);
export type WhatChangedView = z.infer<typeof WhatChangedSchema>;

/** The top of the replay of an opened bundle: verification, what changed, the failure, the device as it was. */
export const BundleSummarySchema = z.strictObject({
  /** The zip's name as the user picked it. */
  name: FileName,
  createdAt: z.number(),
  /** How many files matched the manifest. */
  files: z.number().int().nonnegative(),
  imei: z.string().max(20).nullable(),
  runId: z.string().max(200).nullable(),
  outcome: z.enum(['passed', 'failed', 'cancelled', 'incomplete']),
  changes: WhatChangedSchema,
  /** The device header as it was (the run's device-identified event). */
  device: DeviceIdentifiedSchema.omit({ type: true }).nullable(),
  /** The failure with its step and the AT command it failed on (the failure's own, else the last command sent before it). */
  failure: StepFailureSchema.extend({ step: StepIdSchema, t: z.number(), lastCommand: z.string().nullable() }).nullable(),
  versions: z.strictObject({ app: z.string().max(100), module: z.string().max(400).nullable(), firmwareMain: z.string().max(200).nullable(), firmwareSub: z.string().max(200).nullable() }),
  /** What could not be included (from the manifest, in English for machine readers). */
  notes: z.array(z.string().max(500)).max(32),
});
export type BundleSummary = z.infer<typeof BundleSummarySchema>;

export const BUNDLE_IPC_METHODS = {
  /**
   * Builds the support bundle of a run (finished, or failed and still held) with the same writer
   * as `fieldlink bundle`: secret scan first; history from the results store. The desktop app
   * writes it where the save dialog says (`saved`); web mode gets the zip back to download.
   */
  saveSupportBundle: {
    request: z.strictObject({ runId: z.string().min(1).max(200) }),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('saved'), file: z.string().max(4096), bytes: z.number().int().nonnegative(), files: z.number().int().nonnegative() }),
      z.strictObject({ status: z.literal('download'), fileName: FileName, bytes: z.number().int().nonnegative(), files: z.number().int().nonnegative(), base64: Base64 }),
      z.strictObject({ status: z.literal('cancelled') }),
      z.strictObject({ status: z.literal('refused'), problem: BundleProblemSchema }),
    ]),
  },
  /**
   * Opens a bundle: the uploaded zip (web mode), or without `upload` the desktop's file dialog.
   * It is verified (openBundle) before anything in it is shown; its session is replayed like an
   * opened session log.
   */
  openSupportBundle: {
    request: z.strictObject({ upload: z.strictObject({ name: FileName, base64: Base64 }).optional() }),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('opened'), runId: z.string().min(1).max(200), events: z.array(RunnerEventSchema), summary: BundleSummarySchema }),
      z.strictObject({ status: z.literal('invalid'), name: FileName, problem: BundleProblemSchema }),
      z.strictObject({ status: z.literal('cancelled') }),
    ]),
  },
} as const;
