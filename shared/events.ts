/**
 * Runner events: what the connect-sequence runner emits and the UI, the CLI, the session log
 * (JSONL) and the report consume. One discriminated union on `type`; every event carries `t`,
 * the host clock in epoch milliseconds. Strict objects: a log written by another version of
 * Fieldlink with different fields fails replay loudly instead of being half-read.
 */
import { z } from 'zod';
import { StepIdSchema } from './steps.ts';
import { MessageKeySchema, MessageValuesSchema } from './messages/index.ts';

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

// ---- the events ----------------------------------------------------------------------------

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), t: epochMs, ...shape });

export const RunStartedSchema = event('run-started', {
  runId: z.string().min(1),
  port: z.string(),
  profileName: z.string(),
  startedAt: epochMs,
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
export const StepPassedSchema = event('step-passed', { step: StepIdSchema, durationMs, summary: z.string() });
export const StepFailedSchema = event('step-failed', { step: StepIdSchema, durationMs, error: StepFailureSchema });
export const StepSkippedSchema = event('step-skipped', { step: StepIdSchema, reason: z.string() });
export const AtTrafficSchema = event('at-traffic', { event: TrafficEventSchema });
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
  iccid: z.string().optional(),
  /** AT+CSQ. */
  signal: z.strictObject({ rssi: z.number().int(), ber: z.number().int() }).optional(),
  /** AT+CEREG? / AT+CREG? registration status (1 home, 5 roaming, ...). */
  registration: z.strictObject({ command: z.enum(['CEREG', 'CREG']), stat: z.number().int() }).optional(),
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
export const RunFinishedSchema = event('run-finished', {
  outcome: z.enum(RUN_OUTCOMES),
  exitCategory: z.enum(EXIT_CATEGORIES),
});

export const RunnerEventSchema = z.discriminatedUnion('type', [
  RunStartedSchema,
  StepStartedSchema,
  StepProgressSchema,
  StepPassedSchema,
  StepFailedSchema,
  StepSkippedSchema,
  AtTrafficSchema,
  DeviceIdentifiedSchema,
  MqttStateSchema,
  MqttMessageSchema,
  CalibrationResultSchema,
  FotaOfferSchema,
  FotaProgressSchema,
  FotaResultSchema,
  RunFinishedSchema,
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
export type MqttStateEvent = EventOf<'mqtt-state'>;
export type MqttMessage = EventOf<'mqtt-message'>;
export type CalibrationResult = EventOf<'calibration-result'>;
export type FotaOffer = EventOf<'fota-offer'>;
export type FotaProgress = EventOf<'fota-progress'>;
export type FotaResult = EventOf<'fota-result'>;
export type RunFinished = EventOf<'run-finished'>;

/** Adds the host timestamp. */
export function stampEvent(body: RunnerEventBody, now: number = Date.now()): RunnerEvent {
  return { ...body, t: now } as RunnerEvent;
}

/** Validates untrusted input (a log line, an IPC message) as a runner event; throws ZodError. */
export function parseRunnerEvent(input: unknown): RunnerEvent {
  return RunnerEventSchema.parse(input);
}
