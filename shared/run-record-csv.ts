/**
 * Run records as CSV (RFC 4180): one header line of field names, one line per record, CRLF line
 * ends; a cell holding a comma, a double quote, CR or LF is enclosed in double quotes with its
 * quotes doubled. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab
 * or CR) gets a leading apostrophe; numbers are written as numbers. Shared by `fieldlink results
 * --csv` and the History screen's export, so both files are the same.
 */
import type { RunRecord } from './run-record.ts';

type Cell = string | number | null;

/** The columns, in order: header name and how to read it from a record. */
export const CSV_COLUMNS: readonly (readonly [string, (r: RunRecord) => Cell])[] = [
  ['runId', (r) => r.runId],
  ['startedAt', (r) => new Date(r.startedAt).toISOString()],
  ['finishedAt', (r) => (r.finishedAt === null ? null : new Date(r.finishedAt).toISOString())],
  ['durationS', (r) => (r.finishedAt === null ? null : Math.round(r.finishedAt - r.startedAt) / 1000)],
  ['imei', (r) => r.imei],
  ['unitSerial', (r) => r.unitSerial],
  ['deviceId', (r) => r.deviceId],
  ['iccid', (r) => r.iccid],
  ['kind', (r) => r.kind],
  ['outcome', (r) => r.outcome],
  ['exitCategory', (r) => r.exitCategory],
  ['failureCode', (r) => r.failureCode],
  ['failureStep', (r) => r.failureStep],
  ['station', (r) => r.station],
  ['line', (r) => r.line],
  ['slot', (r) => r.slot],
  ['port', (r) => r.port],
  ['operator', (r) => r.operator],
  ['host', (r) => r.host],
  ['model', (r) => r.model],
  ['revision', (r) => r.revision],
  ['mainBefore', (r) => r.firmware.mainBefore],
  ['mainAfter', (r) => r.firmware.mainAfter],
  ['subBefore', (r) => r.firmware.subBefore],
  ['subAfter', (r) => r.firmware.subAfter],
  ['profileName', (r) => r.profileName],
  ['profileHash', (r) => r.profileHash],
  ['rssiDbm', (r) => r.facts.rssiDbm],
  ['rsrpDbm', (r) => r.facts.rsrpDbm],
  ['registration', (r) => r.facts.registration],
  ['networkOperator', (r) => r.facts.operator],
  ['brokerHost', (r) => r.facts.brokerHost],
  ['brokerPort', (r) => r.facts.brokerPort],
  ['appVersion', (r) => r.appVersion],
  ['runDir', (r) => r.runDir],
];

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: null → empty; text guarded against formulas and quoted when it must be. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;

export function csvLine(record: RunRecord): string {
  return `${CSV_COLUMNS.map(([, read]) => csvCell(read(record))).join(',')}\r\n`;
}

/** The whole file: header, then one line per record. */
export function recordsToCsv(records: readonly RunRecord[]): string {
  return CSV_HEADER + records.map(csvLine).join('');
}
