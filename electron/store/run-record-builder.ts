/**
 * A run's events → its RunRecord (docs/results-store.md#recording): a pure function, the one way a
 * record is made. Steps, firmware before/after, TLS facts and measurements come from the same
 * event reading as the report (engine/session/report.ts), so a record and its run folder's report
 * never disagree. Secrets never enter a record: the MQTT password is in no event this reads, and
 * the profile is kept only as its name and a SHA-256 of its canonical JSON.
 */
import { createHash } from 'node:crypto';
import type { EventOf, RunnerEvent, RunnerEventType } from '../../shared/events.ts';
import type { Profile } from '../../shared/profile.ts';
import { RunRecordSchema, type RecordFacts, type RecordOutcome, type RunKind, type RunRecord } from '../../shared/run-record.ts';
import type { StepId } from '../../shared/steps.ts';
import { buildReport } from '../engine/session/report.ts';

/** What the events do not say: who ran it, where, with what. */
export interface RecordMeta {
  kind: RunKind;
  host: string;
  operator?: string | null;
  station?: string | null;
  /** The station's production line. */
  line?: string | null;
  slot?: string | null;
  /** The unit serial scanned at the station (it may arrive after the run began: the last one wins). */
  unitSerial?: string | null;
  appVersion: string;
  /** The run folder (session.jsonl, report.json, report.html). */
  runDir: string;
  profile: Profile;
  /** The port as given (the run-started event's port wins when there is one). */
  port?: string | null;
  /** Used when the events hold no run-started yet. */
  runId?: string;
}

const TEXT_MAX = 500;
const SHORT_MAX = 200;
const text = (value: string | undefined | null, max = TEXT_MAX): string | null => (value === undefined || value === null || value === '' ? null : value.slice(0, max));

const ofType = <T extends RunnerEventType>(events: readonly RunnerEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

/** JSON with every object's keys sorted, recursively: the same profile always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 (hex) of the profile's canonical JSON. Everything in the profile is hashed (a secret,
 * should a profile ever carry one, changes the hash) but only the hash is stored.
 */
export function profileHash(profile: Profile): string {
  return createHash('sha256').update(canonicalJson(profile)).digest('hex');
}

/** Where the last stretch of the run (the start, or the last resume) begins. */
function lastStretch(events: readonly RunnerEvent[]): number {
  const resumed = events.findLastIndex((e) => e.type === 'run-resumed');
  return resumed < 0 ? 0 : resumed;
}

function ending(events: readonly RunnerEvent[]): EventOf<'run-finished'> | undefined {
  const from = lastStretch(events);
  return ofType(events.slice(from), 'run-finished').at(-1);
}

/** The first failure of the last stretch: the one the run ended with (a diagnosis goes on after it). */
function firstFailure(events: readonly RunnerEvent[]): EventOf<'step-failed'> | undefined {
  return ofType(events.slice(lastStretch(events)), 'step-failed')[0];
}

/** The server-info step's summary values (broker and offered firmware; never the password). */
function serverInfoValues(events: readonly RunnerEvent[]): { host?: string; port?: number; main?: string; sub?: string } {
  const passed = ofType(events, 'step-passed').findLast((e) => e.step === 'server-info');
  const values = passed?.summaryRef?.values ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
  const found = { host: str(values.host), port: num(values.port), main: str(values.main), sub: str(values.sub) };
  return Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined));
}

function facts(events: readonly RunnerEvent[], tls: ReturnType<typeof buildReport>['security']['tls']): RecordFacts {
  const identified = ofType(events, 'device-identified')[0];
  const server = serverInfoValues(events);
  const offer = (target: 'main' | 'sub') => ofType(events, 'fota-offer').findLast((e) => e.target === target)?.offered;
  const rssi = identified?.signal && identified.signal.rssi >= 0 && identified.signal.rssi <= 31 ? -113 + 2 * identified.signal.rssi : null;
  return {
    caFingerprints: (tls?.caFingerprints ?? []).slice(0, 8).map((f) => f.slice(0, 200)),
    clientCertFingerprint: tls?.clientCertFingerprint ? tls.clientCertFingerprint.slice(0, 200) : null,
    brokerHost: text(server.host),
    brokerPort: server.port ?? null,
    firmwareOffered: { main: text(server.main ?? offer('main')), sub: text(server.sub ?? offer('sub')) },
    rssiDbm: identified?.rssiDbm ?? rssi,
    rsrpDbm: identified?.rsrpDbm ?? null,
    registration: identified?.registration?.stat ?? null,
    operator: text(identified?.operator),
  };
}

/** The run's record as its events tell it so far (`running` until run-finished). Throws ZodError on a record the schema refuses. */
export function buildRunRecord(events: readonly RunnerEvent[], meta: RecordMeta): RunRecord {
  const report = buildReport(events);
  const started = ofType(events, 'run-started')[0];
  const finished = ending(events);
  const outcome: RecordOutcome = finished?.outcome ?? 'running';
  const failure = outcome === 'failed' ? firstFailure(events) : undefined;
  const identified = ofType(events, 'device-identified');
  const first = identified[0];
  const iccid = identified.find((e) => e.iccid !== undefined)?.iccid;
  const record: RunRecord = {
    runId: started?.runId ?? meta.runId ?? '',
    kind: meta.kind,
    outcome,
    exitCategory: finished?.exitCategory ?? null,
    failureCode: text(failure?.error.code),
    failureStep: (failure?.step as StepId | undefined) ?? null,
    deviceId: text(first?.deviceId),
    imei: first?.imei ?? null,
    iccid: text(iccid),
    unitSerial: text(meta.unitSerial, SHORT_MAX),
    model: text(first?.model),
    revision: text(first?.revision),
    firmware: {
      mainBefore: text(report.firmware.main.before),
      mainAfter: text(report.firmware.main.after),
      subBefore: text(report.firmware.sub.before),
      subAfter: text(report.firmware.sub.after),
    },
    profileName: text(meta.profile.name),
    profileHash: profileHash(meta.profile),
    appVersion: meta.appVersion.slice(0, TEXT_MAX),
    host: meta.host.slice(0, TEXT_MAX),
    operator: text(meta.operator),
    station: text(meta.station),
    line: text(meta.line, SHORT_MAX),
    slot: text(meta.slot),
    port: text(started?.port ?? meta.port),
    startedAt: started?.startedAt ?? events[0]?.t ?? 0,
    finishedAt: finished?.t ?? null,
    runDir: meta.runDir,
    steps: report.steps.map((step) => ({ id: step.id, status: step.status, durationMs: step.durationMs ?? null })),
    measurements: report.measurements.slice(0, 64),
    facts: facts(events, report.security.tls),
  };
  return RunRecordSchema.parse(record);
}
