/**
 * The History screen's state: the filters as typed, the records found (newest first), one
 * device's runs (oldest first) when a device page is open, and the yield report.
 */
import type { RecordOutcome, RecordQuery, RunRecord, YieldGrouping } from '../../../shared/run-record.ts';
import type { IpcResponse } from '../../../shared/ipc.ts';

export type YieldReportView = IpcResponse<'yieldReport'>;

/** The filters as the form holds them: dates as `YYYY-MM-DD` (local days), empty = any. */
export interface HistoryFilters {
  imei: string;
  since: string;
  until: string;
  outcome: RecordOutcome | '';
  station: string;
  line: string;
  /** The scanned unit serial. */
  serial: string;
}

type Load<T> = { status: 'idle' | 'loading' | 'ready' | 'error'; error: string | null } & T;

export interface HistoryState {
  view: 'list' | 'device' | 'yield';
  filters: HistoryFilters;
  list: Load<{ records: RunRecord[]; pending: number; store: string | null }>;
  device: Load<{ imei: string | null; records: RunRecord[] }>;
  yield: Load<{ by: YieldGrouping; report: YieldReportView | null }>;
  /** The run being opened (AT log / report), while openRecordedRun runs. */
  opening: string | null;
}

export const EMPTY_FILTERS: HistoryFilters = { imei: '', since: '', until: '', outcome: '', station: '', line: '', serial: '' };

/** How many records the screen asks for at most (the list is windowed, so this many scroll fine). */
export const HISTORY_LIMIT = 5000;

export const initialHistory: HistoryState = {
  view: 'list',
  filters: EMPTY_FILTERS,
  list: { status: 'idle', error: null, records: [], pending: 0, store: null },
  device: { status: 'idle', error: null, imei: null, records: [] },
  yield: { status: 'idle', error: null, by: 'day', report: null },
  opening: null,
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` day in local time: its first millisecond, or with `end` its last; undefined when not a day. */
export function localDay(value: string, end: boolean): number | undefined {
  const m = DAY.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  return end ? new Date(y, mo, d + 1).getTime() - 1 : new Date(y, mo, d).getTime();
}

/** The store query of the form: empty fields are left out; an IMEI that is not 15 digits is left out too (the form marks it). */
export function queryOf(filters: HistoryFilters): RecordQuery {
  const query: RecordQuery = { limit: HISTORY_LIMIT };
  const imei = filters.imei.trim();
  if (/^\d{15}$/.test(imei)) query.imei = imei;
  const since = localDay(filters.since, false);
  const until = localDay(filters.until, true);
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  if (filters.outcome) query.outcome = filters.outcome;
  const station = filters.station.trim();
  if (station) query.station = station.slice(0, 200);
  const line = filters.line.trim();
  if (line) query.line = line.slice(0, 200);
  const serial = filters.serial.trim();
  if (serial) query.unitSerial = serial.slice(0, 200);
  return query;
}
