/**
 * Factory station mode (docs/station.md): the station configuration file, the slot states and the
 * events a station emits. Shared by the station engine (electron/station/), the CLI and, later,
 * the UI's Station screen, so every face reads the same shapes.
 *
 *   { "name": "line-1-st-3", "line": "line-1", "profile": "fleet-a.json", "fota": "auto",
 *     "duplicates": "refuse", "operatorRequired": true,
 *     "slots": [ { "label": "A1", "port": { "usbLocation": "1-1.2" } }, … ] }
 */
import { z } from 'zod';
import { RunnerEventSchema } from './events.ts';
import { DUPLICATE_POLICIES } from './run-record.ts';
import { StepIdSchema, type StepId } from './steps.ts';
import { fieldIssues, type FieldIssue } from './field-issues.ts';

/** What is printed on the fixture: a row letter and a number (`A1`…`D8`), or any short name. */
export const SLOT_LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/**
 * How a slot's port is found. A path names one port node; a USB location is the physical hub port
 * (it stays with the fixture whatever name the OS gives the device); a USB serial number follows
 * one module wherever it is plugged. With a location or a serial number, the module's AT interface
 * is picked among its interfaces (docs/station.md#port-matching).
 */
export const SlotPortSchema = z.union([
  z.strictObject({ path: z.string().min(1).max(4096) }),
  z.strictObject({ usbLocation: z.string().min(1).max(200) }),
  z.strictObject({ usbSerial: z.string().min(1).max(200) }),
]);
export type SlotPort = z.infer<typeof SlotPortSchema>;

export const SlotConfigSchema = z.strictObject({
  label: z.string().regex(SLOT_LABEL, { error: 'must be 1–32 letters, digits, . _ - (e.g. A1)' }),
  port: SlotPortSchema,
});
export type SlotConfig = z.infer<typeof SlotConfigSchema>;

export const STATION_FOTA_POLICIES = ['auto', 'never'] as const;

export const StationConfigSchema = z
  .strictObject({
    /** The station's name, recorded with every unit. */
    name: z.string().min(1).max(200),
    /** The production line the station belongs to (duplicates are checked per line). */
    line: z.string().min(1).max(200).optional(),
    /** A profile file (relative to the configuration file) or `demo`. */
    profile: z.string().min(1).max(4096),
    /** A station has nobody to ask: `auto` (usual) or `never`. */
    fota: z.enum(STATION_FOTA_POLICIES).default('auto'),
    /** A unit that already passed: refused (default), run again as rework, or allowed. */
    duplicates: z.enum(DUPLICATE_POLICIES).default('refuse'),
    /** Refuse to start without an operator name or badge. */
    operatorRequired: z.boolean().default(false),
    /** Ask for a scanned unit serial per slot (bound to the IMEI in the record). */
    unitSerial: z.boolean().default(false),
    /** How often the port list is read for hot-plug, in ms. */
    pollMs: z.number().int().min(50).max(60_000).default(500),
    /** A run that takes longer than this is cancelled (its slot fails alone), in seconds. */
    slotTimeoutS: z.number().int().min(5).max(24 * 3600).default(900),
    slots: z.array(SlotConfigSchema).min(1).max(64),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.slots.forEach((slot, index) => {
      const key = slot.label.toUpperCase();
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['slots', index, 'label'], message: `"${slot.label}" is already slot ${first}` });
      else seen.set(key, index);
    });
    const ports = new Map<string, number>();
    config.slots.forEach((slot, index) => {
      const key = JSON.stringify(slot.port);
      const first = ports.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['slots', index, 'port'], message: `the same port as slot ${first}` });
      else ports.set(key, index);
    });
  });
export type StationConfig = z.output<typeof StationConfigSchema>;
export type StationConfigInput = z.input<typeof StationConfigSchema>;

/** A bad field of a station configuration, e.g. `slots.3.port`; `(the file)` for the whole. */
export type StationConfigIssue = FieldIssue;

/** Zod issues as `{ path: 'slots.2.port', problem: '…' }`, one per field (as profiles do). */
export function stationConfigIssues(error: z.ZodError, input: unknown): StationConfigIssue[] {
  return fieldIssues(error, input, '(the file)', (issue) =>
    issue.code === 'invalid_union' && issue.path.at(-1) === 'port' ? 'expected exactly one of {"path"}, {"usbLocation"} or {"usbSerial"}' : undefined,
  );
}

export class StationConfigError extends Error {
  override readonly name = 'StationConfigError';
  constructor(
    readonly kind: 'unreadable' | 'not-json' | 'invalid',
    readonly issues: readonly StationConfigIssue[],
  ) {
    super(issues.map((issue) => `${issue.path}: ${issue.problem}`).join('; '));
  }
}

/** Validates an already-read configuration object (the profile path is left as written). */
export function parseStationConfig(input: unknown): StationConfig {
  const result = StationConfigSchema.safeParse(input);
  if (!result.success) throw new StationConfigError('invalid', stationConfigIssues(result.error, input));
  return result.data;
}

// ── slot states and station events ───────────────────────────────────────────────────────────

/**
 * A slot's states (docs/station.md#slot-states): `empty` (showing the last result, if any) →
 * `present` → `running` (per step) → `passed` | `failed` | `refused`; pulling the unit returns to
 * `empty`; a failed unit may run again from its failed step.
 */
export const SLOT_STATES = ['empty', 'present', 'running', 'passed', 'failed', 'refused'] as const;
export type SlotState = (typeof SLOT_STATES)[number];

/** Why a unit was refused: on another slot now, already passed (this station or the store), or the store could not say. */
export const REFUSAL_REASONS = ['on-other-slot', 'already-passed', 'in-progress-elsewhere', 'cannot-check'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const SlotResultSchema = z.strictObject({
  outcome: z.enum(['passed', 'failed', 'refused']),
  /** Failure code (`MQTT_REFUSED`, `UNIT_REFUSED`, `SLOT_TIMEOUT`, `CANCELLED`…). */
  code: z.string().max(100).optional(),
  step: StepIdSchema.optional(),
  refusal: z.enum(REFUSAL_REASONS).optional(),
  /** With `on-other-slot`: the slot that holds the same IMEI. */
  otherSlot: z.string().max(40).optional(),
  imei: z.string().max(20).optional(),
  runId: z.string().max(200).optional(),
  runDir: z.string().max(4096).optional(),
  durationMs: z.number().nonnegative().optional(),
});
export type SlotResult = z.infer<typeof SlotResultSchema>;

export const STATION_STATES = ['running', 'draining', 'cancelling', 'stopped'] as const;
export type StationState = (typeof STATION_STATES)[number];

const epochMs = z.number().int().nonnegative();

export const SlotStateEventSchema = z.strictObject({
  type: z.literal('slot-state'),
  t: epochMs,
  slot: z.string(),
  from: z.enum(SLOT_STATES),
  to: z.enum(SLOT_STATES),
  /** What caused it: `device-appeared`, `run-started`, `step`, `run-finished`, `pulled`, `retry`… */
  cause: z.string().max(40),
  port: z.string().max(4096).optional(),
  step: StepIdSchema.optional(),
  imei: z.string().max(20).optional(),
  runId: z.string().max(200).optional(),
  result: SlotResultSchema.optional(),
});
export type SlotStateEvent = z.infer<typeof SlotStateEventSchema>;

/**
 * What a slot's tile shows, built from its `slot-state` events. The back end keeps it for a
 * reloaded page (getStation) and the page keeps it from the live batches, with the same rules.
 */
export interface SlotTile {
  label: string;
  state: SlotState;
  step: StepId | undefined;
  imei: string | undefined;
  port: string | undefined;
  /** The unit's run on this slot now (or the last one). */
  runId: string | undefined;
  /** When the current run began (elapsed time on the tile). */
  startedAt: number | undefined;
  /** When the last run ended. */
  endedAt: number | undefined;
  last: SlotResult | undefined;
  /** A scanned unit serial bound to the slot's unit (cleared when it is pulled). */
  unitSerial?: string | undefined;
}

export function emptyTile(label: string): SlotTile {
  return { label, state: 'empty', step: undefined, imei: undefined, port: undefined, runId: undefined, startedAt: undefined, endedAt: undefined, last: undefined };
}

/** The tile after one of its slot's transitions: an empty slot keeps the last result; a pulled unit takes its IMEI and serial with it. */
export function nextSlotTile(before: SlotTile, event: SlotStateEvent): SlotTile {
  const starting = event.to === 'running' && event.from !== 'running';
  const ended = event.to !== 'running' && event.from === 'running';
  return {
    ...before,
    state: event.to,
    step: event.to === 'running' ? (event.step ?? before.step) : undefined,
    imei: event.imei ?? (event.to === 'empty' || event.to === 'present' ? undefined : before.imei),
    port: event.port ?? before.port,
    runId: event.runId ?? event.result?.runId ?? before.runId,
    startedAt: starting ? event.t : before.startedAt,
    endedAt: ended ? event.t : starting ? undefined : before.endedAt,
    last: event.result ?? before.last,
    unitSerial: event.to === 'empty' ? undefined : before.unitSerial,
  };
}

/** One runner event of the unit on `slot` (AT traffic left out of the station stream). */
export const SlotRunEventSchema = z.strictObject({
  type: z.literal('slot-run'),
  t: epochMs,
  slot: z.string(),
  runId: z.string().max(200),
  event: RunnerEventSchema,
});
export type SlotRunEvent = z.infer<typeof SlotRunEventSchema>;

export const StationCountersSchema = z.strictObject({
  units: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  /** Units whose first run on this station passed / units with a result (0 when none). */
  firstPassYield: z.number().min(0).max(1),
  /** Finished units per hour since the first start (0 under a minute). */
  unitsPerHour: z.number().nonnegative(),
});
export type StationCounters = z.infer<typeof StationCountersSchema>;

export const StationStateEventSchema = z.strictObject({
  type: z.literal('station-state'),
  t: epochMs,
  station: z.string(),
  state: z.enum(STATION_STATES),
  reason: z.string().max(200),
  operator: z.string().max(200).optional(),
  counters: StationCountersSchema,
});
export type StationStateEvent = z.infer<typeof StationStateEventSchema>;

export const StationEventSchema = z.discriminatedUnion('type', [SlotStateEventSchema, SlotRunEventSchema, StationStateEventSchema]);
export type StationEvent = z.infer<typeof StationEventSchema>;

export function parseStationEvent(input: unknown): StationEvent {
  return StationEventSchema.parse(input);
}
