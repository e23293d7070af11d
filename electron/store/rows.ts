/**
 * A RunRecord to a `runs` row and back, validated with RunRecordSchema both ways: a record that
 * does not match the contract is refused on the way in (StoreError 'invalid-record' naming the
 * field), and a row that no longer makes a valid record is reported, not passed on.
 */
import type { Selectable } from 'kysely';
import type { ZodError } from 'zod';
import { RunRecordSchema } from '../../shared/run-record.ts';
import type { RunRecord } from '../../shared/run-record.ts';
import type { RunsTable } from './schema.ts';
import { StoreError } from './types.ts';

/** Who wrote a `running` row: this host and process, or the process an outbox entry came from. */
export interface Writer {
  host: string;
  pid: number;
}

export type RunRow = Omit<RunsTable, 'rework'>;

function describeIssues(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(record)'}: ${issue.message}`)
    .join('; ');
}

/** Validates a record handed to begin()/finish(); `what` names the call in the message. */
export function validateRecord(input: unknown, what: string): RunRecord {
  const parsed = RunRecordSchema.safeParse(input);
  if (!parsed.success) throw new StoreError('invalid-record', `${what}: the run record is not valid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function recordToRow(record: RunRecord, writer: Writer, now: number): RunRow {
  return {
    run_id: record.runId,
    kind: record.kind,
    outcome: record.outcome,
    exit_category: record.exitCategory,
    failure_code: record.failureCode,
    failure_step: record.failureStep,
    device_id: record.deviceId,
    imei: record.imei,
    iccid: record.iccid,
    unit_serial: record.unitSerial,
    model: record.model,
    revision: record.revision,
    firmware: JSON.stringify(record.firmware),
    profile_name: record.profileName,
    profile_hash: record.profileHash,
    app_version: record.appVersion,
    host: record.host,
    operator: record.operator,
    station: record.station,
    line: record.line,
    slot: record.slot,
    port: record.port,
    started_at: record.startedAt,
    finished_at: record.finishedAt,
    run_dir: record.runDir,
    steps: JSON.stringify(record.steps),
    measurements: JSON.stringify(record.measurements),
    facts: JSON.stringify(record.facts),
    writer_host: writer.host,
    writer_pid: writer.pid,
    updated_at: now,
  };
}

function parseJson(text: string, column: string, runId: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StoreError('invalid-record', `stored run ${runId}: column ${column} is not JSON`, { cause: error });
  }
}

const num = (value: number | string): number => (typeof value === 'string' ? Number(value) : value);

/** A stored row back to a validated RunRecord (`rework: true` only where the run was a rework). */
export function rowToRecord(row: Selectable<RunsTable>): RunRecord {
  const candidate = {
    runId: row.run_id,
    kind: row.kind,
    outcome: row.outcome,
    exitCategory: row.exit_category,
    failureCode: row.failure_code,
    failureStep: row.failure_step,
    deviceId: row.device_id,
    imei: row.imei,
    iccid: row.iccid,
    unitSerial: row.unit_serial,
    model: row.model,
    revision: row.revision,
    firmware: parseJson(row.firmware, 'firmware', row.run_id),
    profileName: row.profile_name,
    profileHash: row.profile_hash,
    appVersion: row.app_version,
    host: row.host,
    operator: row.operator,
    station: row.station,
    line: row.line,
    slot: row.slot,
    port: row.port,
    startedAt: num(row.started_at),
    finishedAt: row.finished_at === null ? null : num(row.finished_at),
    runDir: row.run_dir,
    steps: parseJson(row.steps, 'steps', row.run_id),
    measurements: parseJson(row.measurements, 'measurements', row.run_id),
    facts: parseJson(row.facts, 'facts', row.run_id),
    ...(Number(row.rework) === 1 ? { rework: true } : {}),
  };
  const parsed = RunRecordSchema.safeParse(candidate);
  if (!parsed.success) throw new StoreError('invalid-record', `stored run ${row.run_id} is not a valid record: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
