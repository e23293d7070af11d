/**
 * The IPC contract between the Fieldlink back end (Electron main process, or the CLI's web-mode
 * server) and the renderer. Owned by neither side: it imports only zod and other shared/ modules.
 *
 * Every request and response is a zod schema, validated on BOTH ends: the main process (or the
 * WebSocket bridge) parses requests before touching the engine, and the renderer-side client
 * parses responses and events before they reach the store. Channel names on the wire are
 * `fieldlink:<method>`; the renderer sees them as methods of `window.fieldlink` (FieldlinkApi).
 */
import { z } from 'zod';
import { RunnerEventSchema } from './events.ts';
import { StepIdSchema } from './steps.ts';
import { PROFILE_NAME_PATTERN, TERMINAL_COMMAND_MAX } from './ipc-bounds.ts';
import { CommandLinesSchema, CommandListNameSchema, CommandListRunSchema, CommandListSchema } from './command-list.ts';
import { RESULTS_IPC_METHODS } from './results-ipc.ts';
import { BUNDLE_IPC_METHODS } from './bundle-ipc.ts';
import { STATION_STATES, StationEventSchema } from './station.ts';
import { STATION_IPC_METHODS, StationConfigNameSchema } from './station-ipc.ts';

export { PROFILE_NAME_PATTERN, TERMINAL_COMMAND_MAX };

export const IPC_PREFIX = 'fieldlink:';
/** Main → renderer event channel. */
export const EVENT_CHANNEL = 'fieldlink:event';

const Empty = z.strictObject({});
const RunId = z.string().min(1).max(200);
const PortUri = z.string().min(1).max(300);

// ---- size bounds: every request field is bounded, and so is the frame that carries it ------

/** Profile text (editor, import): a profile is a few hundred bytes; the loader caps files at 1 MiB. */
export const PROFILE_TEXT_MAX_CHARS = 1_000_000;
/** A session log opened for replay (openSession). */
export const SESSION_TEXT_MAX_CHARS = 16 * 1024 * 1024;
/**
 * Largest web-mode WebSocket frame: the largest request (a session log) with JSON escaping
 * (a JSONL log quoted once more grows by its quotes and backslashes) plus the envelope. A bigger
 * frame is refused by its header, before it is buffered.
 */
export const WS_MAX_FRAME_BYTES = 2 * SESSION_TEXT_MAX_CHARS + 1024 * 1024;

/**
 * The name of a stored profile (or `demo`): the page names profiles, never files (a path would
 * let the page make the back end read any file).
 */
export const ProfileNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(PROFILE_NAME_PATTERN, { error: 'expected the name of a stored profile (letters, digits, space, ".", "_", "-"), not a path' });
const ProfileText = z.string().max(PROFILE_TEXT_MAX_CHARS);

export const PortInfoSchema = z.strictObject({
  /** The URI to open: `/dev/ttyUSB2`, `COM7`, `tcp://...`, `sim:`. */
  uri: PortUri,
  label: z.string(),
  kind: z.enum(['serial', 'tcp', 'sim']),
  manufacturer: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  serialNumber: z.string().optional(),
  isQuectel: z.boolean(),
  /** Set when the port is known to be open in another program or another run. */
  busy: z.string().optional(),
});
export type PortInfo = z.infer<typeof PortInfoSchema>;

/** The answer of importProfile / importProfileFile: stored under `name`, or refused with every issue. */
export const ImportResultSchema = z.strictObject({
  ok: z.boolean(),
  issues: z.array(z.strictObject({ path: z.string(), message: z.string() })),
  /** The stored profile's name (when ok). */
  name: z.string().optional(),
  path: z.string().optional(),
  /** The user closed the file dialog without choosing a file. */
  cancelled: z.boolean().optional(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const ProfileSummarySchema = z.strictObject({
  name: z.string(),
  source: z.enum(['builtin', 'file']),
  path: z.string().optional(),
});
export type ProfileSummary = z.infer<typeof ProfileSummarySchema>;

export const ValidationIssueSchema = z.strictObject({ path: z.string(), message: z.string() });
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

export const FotaPolicySchema = z.enum(['ask', 'auto', 'never']);
export const LanguageSchema = z.enum(['ko', 'en']);
export const ThemeSchema = z.enum(['light', 'dark', 'system']);

/**
 * The results store the app records into (docs/results-store.md#which-store): `sqlite:PATH` or a
 * `postgres://user@host/db` URL; empty = FIELDLINK_DB, else the data folder's file. Settings hold
 * no credential (K3): a URL with a password is refused; the line database's password comes from
 * PGPASSWORD or ~/.pgpass, as for any PostgreSQL client.
 */
export const ResultsDbSettingSchema = z
  .string()
  .max(2000)
  .refine((value) => value === '' || /^sqlite:.+/.test(value) || /^postgres(ql)?:\/\//.test(value), { error: 'expected sqlite:PATH or postgres://user@host/database' })
  .refine((value) => !/^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(value), { error: 'must not hold a password: put it in PGPASSWORD or ~/.pgpass' });

export const SettingsSchema = z.strictObject({
  /** Absent until the user (or the first run, from the browser's language) has chosen one. */
  language: LanguageSchema.optional(),
  theme: ThemeSchema,
  resultsDb: ResultsDbSettingSchema.optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;
/** getSettings also tells how many run records wait in the results store's outbox for the line database (0 with SQLite). */
export const SettingsStatusSchema = SettingsSchema.extend({ resultsPending: z.number().int().nonnegative().optional() });
export type SettingsStatus = z.infer<typeof SettingsStatusSchema>;

/** listRuns: more events than this and older AT traffic is left out (non-traffic events never are). */
export const HELD_RUN_EVENT_LIMIT = 20_000;
/** listRuns: the at-traffic events kept (the most recent ones) when a run is over the limit. */
export const HELD_RUN_TRAFFIC_KEPT = 5_000;

/** One run the back end still holds, with its events so far (listRuns). */
export const HeldRunSchema = z.strictObject({ runId: RunId, port: PortUri, events: z.array(RunnerEventSchema) });
export type HeldRun = z.infer<typeof HeldRunSchema>;

/** Every event the renderer receives: a runner event tagged with its run. */
export const IpcEventSchema = z.discriminatedUnion('channel', [
  z.strictObject({ channel: z.literal('runner'), runId: RunId, event: RunnerEventSchema }),
  /** The events of a diagnosis (startDiagnosis): the same runner events, kept apart from the connect run's. */
  z.strictObject({ channel: z.literal('diagnosis'), runId: RunId, event: RunnerEventSchema }),
  z.strictObject({ channel: z.literal('ports-changed'), ports: z.array(PortInfoSchema) }),
  /** A line of the AT terminal (responses and URCs of the terminal's own session). */
  z.strictObject({
    channel: z.literal('terminal'),
    port: PortUri,
    t: z.number(),
    kind: z.enum(['command', 'line', 'urc', 'error']),
    text: z.string(),
  }),
  /**
   * A station's events (startStation), batched by the back end (a few per second, never one per
   * event): slot transitions, units' runner events, station state with counters, and the units'
   * AT traffic (kept apart: the station log leaves it out).
   */
  z.strictObject({
    channel: z.literal('station'),
    stationId: RunId,
    events: z.array(StationEventSchema),
    traffic: z.array(z.strictObject({ runId: RunId, event: RunnerEventSchema })),
    /** 1, 2, 3… per station: a page that caught up with getStation skips the batches its snapshot holds. */
    seq: z.number().int().nonnegative().optional(),
  }),
]);
export type IpcEvent = z.infer<typeof IpcEventSchema>;

/** A unit of startStation's virtual line: its fault scenarios, or a clone of an earlier unit (the same IMEI). */
export const VirtualLineUnitSchema = z.strictObject({
  faults: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be a fault scenario name (e.g. http-404)' })).max(8).optional(),
  cloneOf: z.number().int().min(0).max(63).optional(),
});
export type VirtualLineUnit = z.infer<typeof VirtualLineUnitSchema>;

export const StartStationRequestSchema = z
  .strictObject({
    /** One slot per port (labelled with the port's name). */
    ports: z.array(PortUri).min(1).max(64).optional(),
    /** Or a virtual line of these units (demo, tests). */
    virtualLine: z.strictObject({ units: z.array(VirtualLineUnitSchema).min(1).max(64) }).optional(),
    /** Or a stored station configuration (shared/station-ipc.ts): its slots, labels, profile and policies. */
    config: StationConfigNameSchema.optional(),
    /** With ports or virtualLine; a configuration names its own. */
    profile: ProfileNameSchema.optional(),
    operator: z.string().max(200).optional(),
    fota: z.enum(['auto', 'never']).optional(),
  })
  .refine((request) => [request.ports, request.virtualLine, request.config].filter((value) => value !== undefined).length === 1, { error: 'give exactly one of ports, virtualLine or config', path: ['ports'] })
  .refine((request) => request.config !== undefined || request.profile !== undefined, { error: 'required with ports or virtualLine', path: ['profile'] })
  .refine((request) => request.config === undefined || request.profile === undefined, { error: 'a station configuration names its profile; leave profile out', path: ['profile'] });
export type StartStationRequest = z.infer<typeof StartStationRequestSchema>;

/** The request/response pairs. Keys are the method names of FieldlinkApi. */
export const IPC_METHODS = {
  listPorts: { request: Empty, response: z.array(PortInfoSchema) },
  listProfiles: { request: Empty, response: z.array(ProfileSummarySchema) },
  /** The profile as JSON text, for the editor. */
  readProfile: { request: z.strictObject({ name: ProfileNameSchema }), response: z.strictObject({ name: z.string(), text: z.string() }) },
  validateProfile: {
    request: z.strictObject({ text: ProfileText }),
    response: z.strictObject({ ok: z.boolean(), issues: z.array(ValidationIssueSchema) }),
  },
  saveProfile: {
    request: z.strictObject({ name: ProfileNameSchema, text: ProfileText }),
    response: z.strictObject({ ok: z.boolean(), issues: z.array(ValidationIssueSchema), path: z.string().optional() }),
  },
  /**
   * Imports profile text the user uploaded (web mode: a file input): checked like a run would
   * check it (schema, certificate files) and stored under `name` only when it passes.
   */
  importProfile: { request: z.strictObject({ name: ProfileNameSchema, text: ProfileText }), response: ImportResultSchema },
  /**
   * Desktop only: the main process shows a file dialog, reads the chosen profile (relative
   * certificate paths against its folder) and imports it like importProfile. The page never
   * names a path.
   */
  importProfileFile: { request: z.strictObject({ name: ProfileNameSchema.optional() }), response: ImportResultSchema },
  startRun: {
    /** `profile`: a stored profile's name or `demo` (never a path; import a file first). */
    request: z.strictObject({ port: PortUri, profile: ProfileNameSchema, fotaPolicy: FotaPolicySchema.optional() }),
    response: z.strictObject({ runId: RunId }),
  },
  cancelRun: { request: z.strictObject({ runId: RunId }), response: Empty },
  /** Resumes a failed run from its failed step (or `fromStep`), without redoing earlier steps. */
  retryRun: { request: z.strictObject({ runId: RunId, fromStep: StepIdSchema.optional() }), response: z.strictObject({ runId: RunId }) },
  answerFota: {
    request: z.strictObject({ runId: RunId, target: z.enum(['main', 'sub']), accept: z.boolean() }),
    response: Empty,
  },
  /** Publishes a test message on the device's UP topic during the live session. */
  publishTest: { request: z.strictObject({ runId: RunId, payload: z.string().max(1548) }), response: Empty },
  /** Cleanly disconnects MQTT (QMTDISC) and ends the live session. */
  disconnect: { request: z.strictObject({ runId: RunId }), response: Empty },
  /** AT terminal: sends one command on the port (through the active run's engine when the port is in use). */
  sendAt: {
    request: z.strictObject({ port: PortUri, command: z.string().min(1).max(TERMINAL_COMMAND_MAX) }),
    /** `command` is the command as it may be shown (redacted: a password typed in it never comes back). */
    response: z.strictObject({ command: z.string(), lines: z.array(z.string()), final: z.string(), error: z.string().optional() }),
  },
  /** Saved command lists of the terminal (docs/command-lists.md): their names, sorted. */
  listCommandLists: { request: Empty, response: z.array(CommandListNameSchema) },
  readCommandList: { request: z.strictObject({ name: CommandListNameSchema }), response: CommandListSchema },
  /** Stores the list under its name (replacing a list of that name); refused with issues when a line holds a secret. */
  saveCommandList: {
    request: z.strictObject({ list: CommandListSchema }),
    response: z.strictObject({ ok: z.boolean(), issues: z.array(ValidationIssueSchema), path: z.string().optional() }),
  },
  deleteCommandList: { request: z.strictObject({ name: CommandListNameSchema }), response: Empty },
  /**
   * Runs lines (a saved list's or the editor's) on the port one by one through the same path as
   * sendAt; the answer of each line (redacted), pass/fail against its expectation and its duration.
   */
  runCommandList: {
    request: z.strictObject({ port: PortUri, lines: CommandLinesSchema, stopOnFailure: z.boolean().optional() }),
    response: CommandListRunSchema,
  },
  /** The run's report (built from its session log; redacted). */
  getReport: {
    request: z.strictObject({ runId: RunId }),
    response: z.strictObject({ html: z.string(), json: z.string(), dir: z.string() }),
  },
  /** Opens a saved session log (JSONL text) for replay. */
  openSession: {
    request: z.strictObject({ name: z.string().max(300), content: z.string().max(SESSION_TEXT_MAX_CHARS) }),
    response: z.strictObject({ runId: RunId, events: z.array(RunnerEventSchema) }),
  },
  getSettings: { request: Empty, response: SettingsStatusSchema },
  /**
   * The runs the back end still holds (running, or failed and waiting for retryRun), oldest
   * first, each with the events it has emitted so far, so a reloaded page (or a second tab)
   * can show a run already in progress. Bounded: a run of more than HELD_RUN_EVENT_LIMIT events
   * sends every non-traffic event plus only its last HELD_RUN_TRAFFIC_KEPT at-traffic events.
   */
  listRuns: { request: Empty, response: z.array(HeldRunSchema) },
  setSettings: { request: SettingsSchema.partial(), response: SettingsSchema },
  /** The results store (History screen): listRecords, deviceHistory, yieldReport (shared/results-ipc.ts). */
  ...RESULTS_IPC_METHODS,
  /** Opens a run on record for replay (its session.jsonl, found by the store's runDir), like openSession. */
  openRecordedRun: { request: z.strictObject({ runId: RunId }), response: z.strictObject({ runId: RunId, events: z.array(RunnerEventSchema) }) },
  /**
   * Diagnoses the device on `port` without changing it (docs/diagnosis.md): the read-only steps of
   * `fieldlink diagnose`, every step run even after a failure, ending with the verdict. Its events
   * come on the `diagnosis` channel; cancelRun stops it and getReport reads its report. `profile`
   * (a stored profile's name or `demo`) only says which certificates and contexts to compare.
   */
  startDiagnosis: {
    request: z.strictObject({ port: PortUri, profile: ProfileNameSchema.optional() }),
    response: z.strictObject({ runId: RunId }),
  },
  /** Support bundles (shared/bundle-ipc.ts): saveSupportBundle, openSupportBundle. */
  ...BUNDLE_IPC_METHODS,
  /**
   * Starts station mode (docs/station.md#station-screen): one slot per port, or a small virtual
   * line (PTYs with virtual units, for the demo), every slot running the connect sequence with
   * `profile`. One station at a time; its events come batched on the `station` channel.
   */
  startStation: {
    request: StartStationRequestSchema,
    response: z.strictObject({
      stationId: RunId,
      slots: z.array(z.string()),
      /** The station's name and whether its units wait for a scanned serial (a configuration's `unitSerial`). */
      name: z.string().optional(),
      unitSerial: z.boolean().optional(),
    }),
  },
  /** First call: finish the running units, start no new ones; second: cancel them. */
  stopStation: { request: z.strictObject({ stationId: RunId }), response: z.strictObject({ state: z.enum(STATION_STATES) }) },
  /** Station configurations, operator commands and the catch-up snapshot (shared/station-ipc.ts). */
  ...STATION_IPC_METHODS,
} as const;

export type IpcMethod = keyof typeof IPC_METHODS;
export const IPC_METHOD_NAMES = Object.keys(IPC_METHODS) as IpcMethod[];
export type IpcRequest<M extends IpcMethod> = z.input<(typeof IPC_METHODS)[M]['request']>;
/** A request after parseRequest (what the back end receives). */
export type IpcParsedRequest<M extends IpcMethod> = z.output<(typeof IPC_METHODS)[M]['request']>;
export type IpcResponse<M extends IpcMethod> = z.output<(typeof IPC_METHODS)[M]['response']>;

/** True for the names of IPC_METHODS only (never for inherited keys such as `constructor`). */
export function isIpcMethod(name: unknown): name is IpcMethod {
  return typeof name === 'string' && Object.hasOwn(IPC_METHODS, name);
}

/** The Electron channel of a method: `fieldlink:<method>`. */
export function ipcChannel(method: IpcMethod): string {
  return `${IPC_PREFIX}${method}`;
}

/** `window.fieldlink`: exposed by electron/preload.ts and by the web-mode bridge client. */
export type FieldlinkApi = { [M in IpcMethod]: (request: IpcRequest<M>) => Promise<IpcResponse<M>> } & {
  /** Subscribes to back-end events; returns the unsubscribe function. */
  onEvent(listener: (event: IpcEvent) => void): () => void;
};

/** A typed error that crosses IPC: code + message that names the field or step. */
export const IpcErrorSchema = z.strictObject({ code: z.string(), message: z.string() });
export type IpcErrorPayload = z.infer<typeof IpcErrorSchema>;

export class IpcError extends Error {
  override readonly name = 'IpcError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Validates a request; throws IpcError('bad-request') naming the field. */
export function parseRequest<M extends IpcMethod>(method: M, input: unknown): z.output<(typeof IPC_METHODS)[M]['request']> {
  const result = IPC_METHODS[method].request.safeParse(input ?? {});
  if (!result.success) throw new IpcError('bad-request', `${method}: ${describeIssues(result.error)}`);
  return result.data as z.output<(typeof IPC_METHODS)[M]['request']>;
}

/** Validates a response on the renderer side; throws IpcError('bad-response'). */
export function parseResponse<M extends IpcMethod>(method: M, input: unknown): IpcResponse<M> {
  const result = IPC_METHODS[method].response.safeParse(input);
  if (!result.success) throw new IpcError('bad-response', `${method}: ${describeIssues(result.error)}`);
  return result.data as IpcResponse<M>;
}

/**
 * What an Electron `fieldlink:<method>` handler returns. Electron flattens a thrown error into
 * "Error invoking remote method ...", losing its code, so errors travel as data instead.
 */
export const IpcEnvelopeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), response: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: IpcErrorSchema }),
]);
export type IpcEnvelope = z.infer<typeof IpcEnvelopeSchema>;

/**
 * Turns whatever a bridge rejected with back into an IpcError: an IpcError, an `{ code, message }`
 * object (how the preload rejects, since contextBridge keeps only the message of an Error), or
 * anything else (`internal`).
 */
export function toIpcError(reason: unknown): IpcError {
  if (reason instanceof IpcError) return reason;
  const payload = IpcErrorSchema.safeParse(
    reason !== null && typeof reason === 'object' ? { code: (reason as { code?: unknown }).code, message: (reason as { message?: unknown }).message } : reason,
  );
  if (payload.success) return new IpcError(payload.data.code, payload.data.message);
  return new IpcError('internal', reason instanceof Error ? reason.message : String(reason));
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`).join('; ');
}

// ---- web mode: the same API over a localhost WebSocket --------------------------------------
// The CLI's `fieldlink web` serves the renderer and a WebSocket at `/bridge?token=<per-launch
// token>`; the renderer's bridge client implements FieldlinkApi with these frames.

/** Path of the web-mode WebSocket. */
export const WS_BRIDGE_PATH = '/bridge';
/** Query parameter carrying the per-launch token (on the page URL and on the WebSocket URL). */
export const WS_TOKEN_PARAM = 'token';

export const WsRequestFrameSchema = z.strictObject({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.enum(IPC_METHOD_NAMES as [IpcMethod, ...IpcMethod[]]),
  request: z.unknown(),
});
export const WsFrameFromServerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('result'), id: z.number().int(), response: z.unknown() }),
  z.strictObject({ kind: z.literal('error'), id: z.number().int(), error: IpcErrorSchema }),
  z.strictObject({ kind: z.literal('event'), event: IpcEventSchema }),
]);
export type WsRequestFrame = z.infer<typeof WsRequestFrameSchema>;
export type WsFrameFromServer = z.infer<typeof WsFrameFromServerSchema>;
