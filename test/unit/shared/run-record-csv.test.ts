import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, recordsToCsv } from '../../../shared/run-record-csv.ts';
import { fixtureRecords, makeRecord } from '../../helpers/results-fixture.ts';
import { parseCsv } from '../../helpers/csv-parse.ts';

describe('run records as CSV (RFC 4180)', () => {
  it('quotes cells with commas, quotes and line breaks; doubles quotes; CRLF line ends', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-95)).toBe('-95');
  });

  it('text a spreadsheet would run as a formula gets an apostrophe; numbers stay numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(-3)).toBe('-3');
  });

  it('a strict reader gets back every record with the same cells', () => {
    const records = fixtureRecords();
    const rows = parseCsv(recordsToCsv(records));
    expect(rows[0]).toEqual(CSV_COLUMNS.map(([name]) => name));
    expect(rows).toHaveLength(records.length + 1);
    const col = (name: string) => CSV_COLUMNS.findIndex(([n]) => n === name);
    const last = rows.at(-1) ?? [];
    expect(last[col('profileName')]).toBe('line "A", v2');
    expect(last[col('operator')]).toBe('Lee, J.\nnight shift');
    expect(last[col('imei')]).toBe('860000000000060');
    expect(rows[2]?.[col('failureCode')]).toBe('MQTT_REFUSED');
    expect(rows[2]?.[col('brokerPort')]).toBe('1883');
    expect(rows[1]?.[col('startedAt')]).toBe('2026-11-03T08:00:00.000Z');
    expect(rows[1]?.[col('durationS')]).toBe('120');
  });

  it('a record still running has empty finish and duration cells', () => {
    const rows = parseCsv(recordsToCsv([makeRecord({ outcome: 'running', finishedAt: null })]));
    const col = (name: string) => CSV_COLUMNS.findIndex(([n]) => n === name);
    expect(rows[1]?.[col('finishedAt')]).toBe('');
    expect(rows[1]?.[col('durationS')]).toBe('');
    expect(rows[1]?.[col('outcome')]).toBe('running');
  });
});
