/**
 * The Station screen's IPC beyond startStation / stopStation (docs/station.md#ipc): stored station
 * configurations (a named JSON folder, like profiles), the commands an operator gives a running
 * station (retry, rework, a scanned unit serial, another operator) and the snapshot a reloaded
 * page catches up from. Spread into IPC_METHODS by shared/ipc.ts.
 */
import { z } from 'zod';
import { RunnerEventSchema } from './events.ts';
import { PROFILE_NAME_PATTERN } from './ipc-bounds.ts';
import { SLOT_LABEL, SLOT_STATES, STATION_STATES, SlotResultSchema, StationCountersSchema } from './station.ts';
import { StepIdSchema } from './steps.ts';

const StationIdSchema = z.string().min(1).max(200);

/** A station configuration's text (a few kilobytes; the file reader caps it at 256 KiB). */
export const STATION_CONFIG_TEXT_MAX_CHARS = 256 * 1024;
/** AT lines a snapshot carries per unit (the detail view's log keeps as many). */
export const STATION_SNAPSHOT_LOG_LINES = 500;

/** The name of a stored station configuration: it becomes `<name>.json`, so never a path. */
export const StationConfigNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(PROFILE_NAME_PATTERN, { error: 'expected the name of a stored station configuration (letters, digits, space, ".", "_", "-"), not a path' });

export const StationConfigSummarySchema = z.strictObject({
  name: z.string(),
  /** From the file, when it passes the schema. */
  station: z.string().optional(),
  line: z.string().optional(),
  profile: z.string().optional(),
  slots: z.number().int().nonnegative().optional(),
  operatorRequired: z.boolean().optional(),
  unitSerial: z.boolean().optional(),
  /** Why the stored file cannot be used (`slots.3.port: …`). */
  problem: z.string().optional(),
});
export type StationConfigSummary = z.infer<typeof StationConfigSummarySchema>;

const IssuesSchema = z.array(z.strictObject({ path: z.string(), message: z.string() }));

export const STATION_COMMAND_ACTIONS = ['retry', 'rework', 'serial', 'operator'] as const;
export type StationCommandAction = (typeof STATION_COMMAND_ACTIONS)[number];

/**
 * An operator's command on a running station: `retry` a failed unit still in its slot (from its
 * failed step), `rework` a passed one, bind a scanned unit `serial` to a slot, or change the
 * `operator` (empty clears it). The slot is named by its label.
 */
export const StationCommandRequestSchema = z
  .strictObject({
    stationId: StationIdSchema,
    action: z.enum(STATION_COMMAND_ACTIONS),
    slot: z.string().regex(SLOT_LABEL, { error: 'must be a slot label (e.g. A1)' }).optional(),
    value: z.string().max(200).optional(),
  })
  .superRefine((request, ctx) => {
    if (request.action !== 'operator' && request.slot === undefined) ctx.addIssue({ code: 'custom', path: ['slot'], message: `${request.action} needs the slot` });
    if (request.action === 'serial' && !request.value?.trim()) ctx.addIssue({ code: 'custom', path: ['value'], message: 'serial needs the scanned unit serial' });
    if (request.action === 'operator' && request.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'operator needs the name (empty clears it)' });
  });
export type StationCommandRequest = z.infer<typeof StationCommandRequestSchema>;

/** One slot as the grid shows it. */
export const StationSlotSnapshotSchema = z.strictObject({
  label: z.string(),
  state: z.enum(SLOT_STATES),
  step: StepIdSchema.optional(),
  imei: z.string().optional(),
  port: z.string().optional(),
  /** The unit's run on the slot now (or the last one). */
  runId: z.string().optional(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  last: SlotResultSchema.optional(),
  /** A scanned unit serial bound to the slot's unit. */
  unitSerial: z.string().optional(),
});
export type StationSlotSnapshot = z.infer<typeof StationSlotSnapshotSchema>;

/** A unit on a slot now: its runner events (no AT traffic) and its last AT lines, to rebuild its tile and detail view. */
export const StationUnitSnapshotSchema = z.strictObject({
  runId: z.string(),
  slot: z.string(),
  events: z.array(RunnerEventSchema),
  traffic: z.array(RunnerEventSchema),
});
export type StationUnitSnapshot = z.infer<typeof StationUnitSnapshotSchema>;

export const StationSnapshotSchema = z.strictObject({
  stationId: StationIdSchema,
  /** The last `station` batch this snapshot includes: later batches have a higher `seq`. */
  seq: z.number().int().nonnegative(),
  name: z.string(),
  line: z.string().optional(),
  /** The stored configuration it was started from. */
  config: z.string().optional(),
  state: z.enum(STATION_STATES),
  reason: z.string().optional(),
  operator: z.string().optional(),
  operatorRequired: z.boolean(),
  unitSerial: z.boolean(),
  counters: StationCountersSchema,
  slots: z.array(StationSlotSnapshotSchema),
  units: z.array(StationUnitSnapshotSchema),
});
export type StationSnapshot = z.infer<typeof StationSnapshotSchema>;

export const STATION_IPC_METHODS = {
  /** Stored station configurations (`<dataDir>/stations/<name>.json`), sorted, each with what it says or why it cannot be used. */
  listStationConfigs: { request: z.strictObject({}), response: z.array(StationConfigSummarySchema) },
  readStationConfig: { request: z.strictObject({ name: StationConfigNameSchema }), response: z.strictObject({ name: z.string(), text: z.string() }) },
  /** Stores the text under `name` when it passes the schema; otherwise every issue, named by field (`slots.3.port`), and nothing written. */
  saveStationConfig: {
    request: z.strictObject({ name: StationConfigNameSchema, text: z.string().max(STATION_CONFIG_TEXT_MAX_CHARS) }),
    response: z.strictObject({ ok: z.boolean(), issues: IssuesSchema, path: z.string().optional() }),
  },
  deleteStationConfig: { request: z.strictObject({ name: StationConfigNameSchema }), response: z.strictObject({}) },
  /** retry / rework / serial / operator on the running station; a slot or state that does not fit is refused naming it. */
  stationCommand: { request: StationCommandRequestSchema, response: z.strictObject({}) },
  /** The running station (or the last one, until another starts) as a snapshot, for a page that loads while it runs. */
  getStation: { request: z.strictObject({}), response: z.strictObject({ station: StationSnapshotSchema.nullable() }) },
} as const;
