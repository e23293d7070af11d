/**
 * Runner events: what the connect-sequence runner emits and the UI, the CLI, the session log
 * (JSONL) and the report consume. One discriminated union on `type`; every event carries `t`,
 * the host clock in epoch milliseconds. Strict objects: a log written by another version of
 * Fieldlink with different fields fails replay loudly instead of being half-read.
 */
import { z } from 'zod';
import { StepIdSchema } from './steps.ts';
import { MessageKeySchema, MessageRefSchema, MessageValuesSchema } from './messages/index.ts';
import { MeasurementSchema } from './measurement.ts';

const epochMs = z.number().int().nonnegative();
const durationMs = z.number().nonnegative();
const percent = z.number().min(0).max(100);
const byteCount = z.number().int().nonnegative();

// ---- AT traffic (same shape as TrafficEvent in electron/engine/at/types.ts) -----------------

export const TrafficEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bytes'), t: epochMs, dir: z.enum(['tx', 'rx']), length: byteCount, text: z.string() }),
  z.strictObject({ kind: z.literal('command'), t: epochMs, dir: z.literal('tx'), text: z.string() }),
  z.strictObject({
    kind: z.literal('line'),
    t: epochMs,
    dir: z.literal('rx'),
    text: z.string(),
    role: z.enum(['echo', 'info', 'final', 'urc', 'late', 'noise']),
  }),
  z.strictObject({ kind: z.literal('prompt'), t: epochMs, dir: z.literal('rx') }),
  z.strictObject({
    kind: z.literal('data'),
    t: epochMs,
    dir: z.enum(['tx', 'rx']),
    length: byteCount,
    checksum: z.string(),
    text: z.string().optional(),
  }),
]);
export type TrafficEventShape = z.infer<typeof TrafficEventSchema>;

// ---- shared parts --------------------------------------------------------------------------

/** Which side a failure belongs to; maps onto the CLI exit codes (electron/cli/exit-codes.ts). */
export const FAILURE_CATEGORIES = ['device', 'network', 'server', 'user', 'internal'] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

export const StepFailureSchema = z.strictObject({
  /** Stable machine code, e.g. `MQTT_REFUSED`, `CME_ERROR`, `STEP_TIMEOUT`: `failure.<code>.*` in the catalogue. */
  code: z.string().min(1),
  /** The values for the catalogue's `{placeholders}` (plain, or another catalogue message). */
  values: MessageValuesSchema.optional(),
  /** The AT command that failed (already redacted). */
  command: z.string().optional(),
  /** What the module answered, verbatim (already redacted). */
  moduleSaid: z.string().optional(),
  /**
   * The English words, for machine readers of session.jsonl / --json and as the fallback for a
   * code this version does not know. Every screen renders `code` + `values` in its own language.
   */
  meaning: z.string(),
  hint: z.string(),
  category: z.enum(FAILURE_CATEGORIES),
});
export type StepFailure = z.infer<typeof StepFailureSchema>;

export { failureText } from './messages/failure-text.ts';

export const FIRMWARE_TARGETS = ['main', 'sub'] as const;
const firmwareTarget = z.enum(FIRMWARE_TARGETS);

export const MQTT_STATES = ['opening', 'open', 'connected', 'subscribed', 'published', 'lost', 'closed'] as const;
export type MqttState = (typeof MQTT_STATES)[number];

export const RUN_OUTCOMES = ['passed', 'failed', 'cancelled'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];
/** The keys of EXIT in electron/cli/exit-codes.ts (a test keeps the two in step). */
export const EXIT_CATEGORIES = ['ok', 'failed', 'usage', 'device', 'network', 'server', 'aborted', 'internal'] as const;
export type ExitCategory = (typeof EXIT_CATEGORIES)[number];

/**
 * The states of one run's lifecycle (electron/engine/sequence/run-lifecycle.ts holds the
 * transition table). `failed-holding-port`: the run failed and may be resumed; the port, when it
 * was open, stays open for the retry. `finished`: passed or cancelled, port released.
 */
export const RUN_LIFECYCLE_STATES = [
  'idle',
  'opening',
  'running',
  'waiting-for-decision',
  'failed-holding-port',
  'resuming',
  'cancelling',
  'finished',
  'closed',
] as const;
export type RunLifecycleState = (typeof RUN_LIFECYCLE_STATES)[number];
/** States in which the engine is working (a start, resume or cancel is under way). */
export const RUN_ACTIVE_STATES: ReadonlySet<RunLifecycleState> = new Set(['opening', 'running', 'waiting-for-decision', 'resuming', 'cancelling']);
/** True while the engine is working on the run. */
export function isRunActive(state: RunLifecycleState): boolean {
  return RUN_ACTIVE_STATES.has(state);
}
/** True while the run may have its port open: working, or failed and waiting for a retry. */
export function runHoldsPort(state: RunLifecycleState): boolean {
  return isRunActive(state) || state === 'failed-holding-port';
}

// ---- the events ----------------------------------------------------------------------------

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), t: epochMs, ...shape });

export const RunStartedSchema = event('run-started', {
  runId: z.string().min(1),
  port: z.string(),
  profileName: z.string(),
  startedAt: epochMs,
});
/**
 * A failed run continues from `fromStep`: in the same process (`memory`, the app's Retry) or from
 * its run folder in a new one (`run-folder`, `fieldlink run --resume`), where the steps named in
 * `reread` were asked again because what they found is not stored (server-info holds the password).
 */
export const RunResumedSchema = event('run-resumed', {
  fromStep: StepIdSchema,
  source: z.enum(['memory', 'run-folder']),
  reread: z.array(StepIdSchema),
});
export const StepStartedSchema = event('step-started', { step: StepIdSchema });
export const StepProgressSchema = event('step-progress', {
  step: StepIdSchema,
  /** What is happening, as a catalogue key (`progress.*`) and its values. */
  code: MessageKeySchema,
  values: MessageValuesSchema.optional(),
  percent: percent.optional(),
  bytesDone: byteCount.optional(),
  bytesTotal: byteCount.optional(),
  etaMs: durationMs.optional(),
});
export const StepPassedSchema = event('step-passed', { step: StepIdSchema, durationMs, summary: z.string(), summaryRef: MessageRefSchema.optional() });
export const StepFailedSchema = event('step-failed', { step: StepIdSchema, durationMs, error: StepFailureSchema });
export const StepSkippedSchema = event('step-skipped', { step: StepIdSchema, reason: z.string(), reasonRef: MessageRefSchema.optional() });
export const AtTrafficSchema = event('at-traffic', { event: TrafficEventSchema });
/**
 * What identify and the live status poll read about the SIM, the cell and the clock. Every field
 * is optional: a module without a SIM or without service still identifies, with these absent.
 */
const deviceStatusFields = {
  /** AT+QCCID (trailing F padding dropped). */
  iccid: z.string().optional(),
  /** AT+CIMI. */
  imsi: z.string().optional(),
  /** AT+QSPN full name, else AT+COPS? operator. */
  operator: z.string().optional(),
  /** Registered PLMN (AT+QSPN / AT+QNWINFO), e.g. `45008`. */
  plmn: z.string().optional(),
  /** AT+QNWINFO access technology (`FDD LTE`, `CAT-M`...). */
  accessTechnology: z.string().optional(),
  /** AT+QNWINFO band (`LTE BAND 3`). */
  band: z.string().optional(),
  /** AT+QENG="servingcell" / AT+QCSQ, in dBm / dB. */
  rsrpDbm: z.number().optional(),
  rsrqDb: z.number().optional(),
  sinrDb: z.number().optional(),
  rssiDbm: z.number().optional(),
  /** AT+CGDCONT? APN of the profile's PDP context. */
  apn: z.string().optional(),
  /** AT+CGPADDR address of the profile's PDP context, when it has one. */
  pdpAddress: z.string().optional(),
  /** AT+CCLK?: the instant the module's clock shows, and module minus host in seconds. */
  moduleClock: epochMs.optional(),
  clockSkewS: z.number().optional(),
};

export const DeviceIdentifiedSchema = event('device-identified', {
  imei: z.string().regex(/^\d{15}$/),
  deviceId: z.string().min(1),
  manufacturer: z.string().optional(),
  model: z.string(),
  /** Module firmware revision (ATI Revision / AT+QGMR). */
  revision: z.string(),
  /** Device firmware versions as the device reports them (AT+TMSVER?), not normalised. */
  mainFw: z.string(),
  subFw: z.string(),
  ...deviceStatusFields,
  /** AT+CSQ. */
  signal: z.strictObject({ rssi: z.number().int(), ber: z.number().int() }).optional(),
  /** AT+CEREG? / AT+CREG? registration status (1 home, 5 roaming, ...). */
  registration: z.strictObject({ command: z.enum(['CEREG', 'CREG']), stat: z.number().int() }).optional(),
});
/** The live dashboard's low-rate refresh (live session / idle holding): same fields as identify. */
export const DeviceStatusSchema = event('device-status', {
  ...deviceStatusFields,
  signal: z.strictObject({ rssi: z.number().int(), ber: z.number().int() }).optional(),
  registration: z.strictObject({ command: z.enum(['CEREG', 'CREG']), stat: z.number().int() }).optional(),
});
/** One finding of `fieldlink diagnose`'s verdict (codes and words in the verdict table). */
export const DIAGNOSIS_SEVERITIES = ['ok', 'not-provisioned', 'warning', 'fault'] as const;
export const DiagnosisVerdictSchema = event('diagnosis-verdict', {
  /** The worst severity among the findings. */
  overall: z.enum(DIAGNOSIS_SEVERITIES),
  findings: z.array(
    z.strictObject({
      code: z.string().min(1),
      severity: z.enum(DIAGNOSIS_SEVERITIES),
      /** What it means and what to do, already in words (English; ko in the verdict table). */
      meaning: z.string(),
      action: z.string(),
      /** The number or value behind it (`RSRP -118 dBm`, `skew 612 s`). */
      detail: z.string().optional(),
      /** The values filled into the verdict table's words (for another language). */
      values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
});
export const MqttStateSchema = event('mqtt-state', {
  state: z.enum(MQTT_STATES),
  detail: z.string().optional(),
  /** The `+QMTSTAT: <idx>,<err>` error code, when the state change came from one. */
  qmtstat: z.number().int().optional(),
});
export const MqttMessageSchema = event('mqtt-message', {
  topic: z.string(),
  payload: z.string(),
  direction: z.enum(['in', 'out']),
});
export const CalibrationResultSchema = event('calibration-result', {
  serverRoll: z.number(),
  serverPitch: z.number(),
  measuredRoll: z.number(),
  measuredPitch: z.number(),
  residualDeg: z.number().nonnegative(),
  toleranceDeg: z.number().positive(),
  pass: z.boolean(),
  /** AT+TMSGS? reading in mg. */
  raw: z.strictObject({ ax: z.number(), ay: z.number(), az: z.number() }),
});
export const FotaOfferSchema = event('fota-offer', {
  target: firmwareTarget,
  current: z.string(),
  offered: z.string(),
  size: byteCount,
});
export const FotaProgressSchema = event('fota-progress', {
  target: firmwareTarget,
  phase: z.enum(['download', 'apply', 'reboot']),
  percent,
  bytesPerSec: z.number().nonnegative().optional(),
  etaMs: durationMs.optional(),
});
export const FotaResultSchema = event('fota-result', {
  target: firmwareTarget,
  before: z.string(),
  after: z.string(),
  ok: z.boolean(),
  message: z.string(),
});
/**
 * Something the user should know that does not stop the run: plain http:// allowed by the profile
 * (INSECURE_HTTP), a certificate close to or past its end date (CERTIFICATE). Shown in the run
 * output, the UI and the report.
 */
export const RunWarningSchema = event('warning', {
  code: z.enum(['INSECURE_HTTP', 'CERTIFICATE', 'RESULTS_STORE']),
  /** The English words, for machine readers (session.jsonl, --json); screens render `words`. */
  message: z.string(),
  /** The warning as catalogue words (`warning.*`), rendered in the reader's language. */
  words: MessageRefSchema.optional(),
  /** The step that found it (not `step`: that key marks the step-list events). */
  during: StepIdSchema.optional(),
});
/**
 * What TLS verification the module was set up to perform (step ssl-configure), for the report.
 * Certificates appear only as SHA-256 fingerprints; the key not at all.
 */
export const TlsSetupSchema = event('tls-setup', {
  sslContextId: z.number().int().nonnegative(),
  /** AT+QSSLCFG "seclevel": 0 none, 1 verify the server, 2 verify the server and present the client certificate. */
  seclevel: z.number().int().min(0).max(2),
  sslversion: z.number().int().nonnegative(),
  ciphersuite: z.string(),
  /** Certificate validity dates checked against the module clock ("ignorelocaltime" 0) or not. */
  timeCheck: z.enum(['on', 'off']),
  /** Whether the module checks the server's host name against its certificate. */
  hostnameCheck: z.enum(['on', 'off', 'not-configured']),
  caFingerprints: z.array(z.string()),
  clientCertFingerprint: z.string(),
  /** Ids of the uncertain-behaviour rows these facts depend on. */
  uncertain: z.array(z.string()),
});
/**
 * A measurement a step took, with the profile's limits and the verdict (shared/measurement.ts,
 * docs/sequence.md#measurements). An out-of-limits one fails its step, except in a diagnosis.
 */
export const MeasurementEventSchema = event('measurement', MeasurementSchema.shape);
export const RunFinishedSchema = event('run-finished', {
  outcome: z.enum(RUN_OUTCOMES),
  exitCategory: z.enum(EXIT_CATEGORIES),
});

/** One transition of the run lifecycle (written to session.jsonl like every event). */
export const RunStateSchema = event('run-state', {
  from: z.enum(RUN_LIFECYCLE_STATES),
  to: z.enum(RUN_LIFECYCLE_STATES),
  /** The step running (running), failed (failed-holding-port) or resumed from (resuming). */
  step: StepIdSchema.optional(),
  /** Why, in words (e.g. `cancel requested`, `FOTA offer for main`). */
  reason: z.string().optional(),
  /** With `to: 'finished'` or `'failed-holding-port'`: how the run ended. */
  outcome: z.enum(RUN_OUTCOMES).optional(),
});

export const RunnerEventSchema = z.discriminatedUnion('type', [
  RunStartedSchema,
  RunResumedSchema,
  StepStartedSchema,
  StepProgressSchema,
  StepPassedSchema,
  StepFailedSchema,
  StepSkippedSchema,
  AtTrafficSchema,
  DeviceIdentifiedSchema,
  DeviceStatusSchema,
  DiagnosisVerdictSchema,
  MqttStateSchema,
  MqttMessageSchema,
  CalibrationResultSchema,
  FotaOfferSchema,
  FotaProgressSchema,
  FotaResultSchema,
  RunWarningSchema,
  TlsSetupSchema,
  RunFinishedSchema,
  RunStateSchema,
  MeasurementEventSchema,
]);

export type RunnerEvent = z.infer<typeof RunnerEventSchema>;
export type RunnerEventType = RunnerEvent['type'];
/** The event of one type: `EventOf<'step-failed'>`. */
export type EventOf<T extends RunnerEventType> = Extract<RunnerEvent, { type: T }>;
/** An event before the host clock is stamped on it (what a step hands to `emit`). */
export type RunnerEventBody = RunnerEvent extends infer E ? (E extends RunnerEvent ? Omit<E, 't'> : never) : never;

export type RunStarted = EventOf<'run-started'>;
export type StepStarted = EventOf<'step-started'>;
export type StepProgress = EventOf<'step-progress'>;
export type StepPassed = EventOf<'step-passed'>;
export type StepFailed = EventOf<'step-failed'>;
export type StepSkipped = EventOf<'step-skipped'>;
export type AtTraffic = EventOf<'at-traffic'>;
export type DeviceIdentified = EventOf<'device-identified'>;
export type DeviceStatus = EventOf<'device-status'>;
export type DiagnosisVerdict = EventOf<'diagnosis-verdict'>;
export type DiagnosisSeverity = (typeof DIAGNOSIS_SEVERITIES)[number];
export type MqttStateEvent = EventOf<'mqtt-state'>;
export type MqttMessage = EventOf<'mqtt-message'>;
export type CalibrationResult = EventOf<'calibration-result'>;
export type FotaOffer = EventOf<'fota-offer'>;
export type FotaProgress = EventOf<'fota-progress'>;
export type FotaResult = EventOf<'fota-result'>;
export type RunFinished = EventOf<'run-finished'>;
export type RunWarning = EventOf<'warning'>;
export type TlsSetup = EventOf<'tls-setup'>;
export type RunStateEvent = EventOf<'run-state'>;
export type MeasurementEvent = EventOf<'measurement'>;

/** Adds the host timestamp. */
export function stampEvent(body: RunnerEventBody, now: number = Date.now()): RunnerEvent {
  return { ...body, t: now } as RunnerEvent;
}

/** Validates untrusted input (a log line, an IPC message) as a runner event; throws ZodError. */
export function parseRunnerEvent(input: unknown): RunnerEvent {
  return RunnerEventSchema.parse(input);
}
