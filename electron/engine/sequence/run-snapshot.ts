/**
 * The run context on disk: `<run folder>/context.json`, written at the end of every run, so a failed
 * run can be resumed by another process (`fieldlink run --resume <run folder>`). It is an allowlist
 * (zod strict objects): what the steps found that is not secret — the device identity, the module
 * file names of the SSL context, the data service, calibration and FOTA outcomes, the topics —
 * and which steps are done. The server-info document is NEVER stored (it carries the MQTT
 * password); a resumed run reads it again from the server. Key bytes are never part of the context.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { KindError } from '../../../shared/errors.ts';
import { STEP_IDS, type StepId } from '../../../shared/steps.ts';
import type { RunContext } from './context.ts';

export const RUN_SNAPSHOT_FILE = 'context.json';
/** Larger than any snapshot this program writes; a bigger file is not ours. */
const MAX_SNAPSHOT_BYTES = 64 * 1024;

const stepId = z.enum(STEP_IDS);
const text = z.string().max(1024);

const identitySchema = z.strictObject({
  imei: z.string().regex(/^\d{15}$/),
  deviceId: text,
  manufacturer: text.optional(),
  model: text,
  revision: text,
  mainFw: text,
  subFw: text,
  signal: z.strictObject({ rssi: z.number().int(), ber: z.number().int() }).optional(),
  registration: z.strictObject({ command: z.enum(['CEREG', 'CREG']), stat: z.number().int() }).optional(),
});

const fotaSchema = z.strictObject({ before: text, after: text, updated: z.boolean(), note: text });

/** Only non-secret findings: file paths and module file names, never file contents or the server-info document. */
const contextSchema = z.strictObject({
  identity: identitySchema.optional(),
  deviceFiles: z.strictObject({ caCert: text, clientCert: text, clientKey: text }).optional(),
  ssl: z
    .strictObject({
      ctx: z.number().int().min(0).max(5),
      moduleFiles: z.strictObject({ caCert: text, clientCert: text, clientKey: text }),
      uploaded: z.array(text).max(3),
    })
    .optional(),
  dataService: z.strictObject({ method: z.enum(['qcds', 'fallback']), detail: text }).optional(),
  calibration: z.strictObject({ residualDeg: z.number(), pass: z.boolean() }).optional(),
  fotaMain: fotaSchema.optional(),
  fotaSub: fotaSchema.optional(),
  topics: z.strictObject({ up: text, rpc: text, lwt: text }).optional(),
});

export const runSnapshotSchema = z.strictObject({
  formatVersion: z.literal(1),
  runId: z.string().min(1).max(128),
  port: text,
  /** The profile file the run used (absolute), or `demo` for the embedded demo. */
  profile: z.strictObject({ name: text, source: text }),
  outcome: z.enum(['passed', 'failed', 'cancelled']),
  /** Steps that passed or were skipped, in order. */
  done: z.array(stepId),
  failedStep: stepId.optional(),
  context: contextSchema,
});

export type RunSnapshot = z.infer<typeof runSnapshotSchema>;
export type SnapshotContext = z.infer<typeof contextSchema>;

export class RunSnapshotError extends KindError<'missing' | 'invalid' | 'not-resumable'> {
  override readonly name = 'RunSnapshotError';
}

/** The storable part of a run context: the allowlist above, nothing else (serverInfo is dropped). */
export function storableContext(ctx: RunContext): SnapshotContext {
  const { identity, deviceFiles, ssl, dataService, calibration, fotaMain, fotaSub, topics } = ctx;
  return contextSchema.parse({
    // The SIM/cell/clock readings are re-read on resume (they change), not stored.
    ...(identity ? { identity: withoutUndefined({ ...identity, status: undefined }) } : {}),
    ...(deviceFiles ? { deviceFiles: { caCert: deviceFiles.caCert, clientCert: deviceFiles.clientCert, clientKey: deviceFiles.clientKey } } : {}),
    ...(ssl ? { ssl: { ctx: ssl.ctx, moduleFiles: { ...ssl.moduleFiles }, uploaded: [...ssl.uploaded] } } : {}),
    ...(dataService ? { dataService: { ...dataService } } : {}),
    ...(calibration ? { calibration: { ...calibration } } : {}),
    ...(fotaMain ? { fotaMain: { ...fotaMain } } : {}),
    ...(fotaSub ? { fotaSub: { ...fotaSub } } : {}),
    ...(topics ? { topics: { ...topics } } : {}),
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Writes `<dir>/context.json` (mode 0600, atomically). */
export async function writeRunSnapshot(dir: string, snapshot: RunSnapshot): Promise<void> {
  const file = path.join(dir, RUN_SNAPSHOT_FILE);
  const temp = `${file}.tmp`;
  await writeFile(temp, `${JSON.stringify(runSnapshotSchema.parse(snapshot), null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

/** Reads and validates `<dir>/context.json`; errors name the file and the field. */
export async function readRunSnapshot(dir: string): Promise<RunSnapshot> {
  const file = path.join(dir, RUN_SNAPSHOT_FILE);
  let raw: string;
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_SNAPSHOT_BYTES) throw new RunSnapshotError('invalid', `${file}: larger than ${MAX_SNAPSHOT_BYTES} bytes; not a Fieldlink run context`);
    raw = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof RunSnapshotError) throw error;
    throw new RunSnapshotError('missing', `${dir} is not a run folder of this version (no ${RUN_SNAPSHOT_FILE}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new RunSnapshotError('invalid', `${file}: not valid JSON`);
  }
  const parsed = runSnapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RunSnapshotError('invalid', `${file}: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The step a resume starts from, or why the run cannot be resumed. */
export function resumeStep(snapshot: RunSnapshot): StepId {
  if (snapshot.outcome === 'passed') throw new RunSnapshotError('not-resumable', `run ${snapshot.runId} passed: there is nothing to resume`);
  if (!snapshot.failedStep) throw new RunSnapshotError('not-resumable', `run ${snapshot.runId} has no failed step to resume from (it was cancelled before any step failed); start a new run`);
  return snapshot.failedStep;
}
