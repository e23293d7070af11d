/**
 * `fieldlink results` spawned for real on a temp SQLite store filled with the fixture's records
 * through the store's own begin/finish: filters, the table, one device's history with what
 * changed, JSON Lines, RFC 4180 CSV, yield numbers checked against the fixture by hand, Korean,
 * and bad options refused with exit 2 naming the option. TZ=UTC so dates are the fixture's days.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { openResultsStore } from '../../electron/store/open.ts';
import { RunRecordSchema } from '../../shared/run-record.ts';
import { CSV_COLUMNS } from '../../shared/run-record-csv.ts';
import { DAY1, IMEI_A, IMEI_B, IMEI_C, IMEI_F, fixtureRecords, makeRecord, seedStore } from '../helpers/results-fixture.ts';
import { parseCsv } from '../helpers/csv-parse.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let work: string;
let db: string;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function fieldlink(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/fieldlink.mjs', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TZ: 'UTC', LANG: 'C', LC_ALL: '', LC_MESSAGES: '', HOME: work, FIELDLINK_DB: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const results = (...args: string[]) => fieldlink(['results', '--db', db, ...args]);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fl-e2e-results-'));
  db = `sqlite:${join(work, 'results.sqlite')}`;
  const store = await openResultsStore({ url: db });
  await seedStore(store, fixtureRecords());
  await store.close();
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('fieldlink results: the table and the filters', { timeout: 180_000 }, () => {
  it('lists every record newest first, columns aligned', async () => {
    const ran = await results();
    expect(ran.code, ran.stderr).toBe(EXIT.ok);
    const lines = ran.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME +IMEI +KIND +OUTCOME +FAILURE +STATION\/SLOT +FIRMWARE +DURATION$/);
    const rows = lines.slice(1, 11);
    expect(rows.map((r) => r.slice(0, 16))).toEqual([
      '2026-11-04 09:00',
      '2026-11-04 08:45',
      '2026-11-04 08:30',
      '2026-11-04 08:20',
      '2026-11-04 08:10',
      '2026-11-04 08:00',
      '2026-11-03 08:40',
      '2026-11-03 08:10',
      '2026-11-03 08:05',
      '2026-11-03 08:00',
    ]);
    // Each column starts where its header does.
    const imeiAt = lines[0]?.indexOf('IMEI') ?? -1;
    const failureAt = lines[0]?.indexOf('FAILURE') ?? -1;
    for (const row of rows) expect(row.slice(imeiAt, imeiAt + 15)).toMatch(/^86\d{13}$/);
    expect(rows[8]?.slice(failureAt).startsWith('MQTT_REFUSED')).toBe(true);
    expect(rows[8]).toContain('LINE-1/2');
    expect(rows[4]).toContain('NOT_REGISTERED');
    expect(rows[5]).toContain('01.001→01.002 / 02.000');
    expect(rows[0]).toMatch(/ - +01\.001 \/ 02\.000 +120\.0 s$/); // the CLI run: no station
    expect(lines[11]).toBe(`10 record(s) from ${db}`);
  });

  it('--outcome, --station, --since/--until and --limit narrow the list', async () => {
    const failed = await results('--outcome', 'failed');
    expect(failed.stdout.trimEnd().split('\n').slice(1, -1).map((l) => l.match(/86\d{13}/)?.[0])).toEqual([IMEI_E_OF(), IMEI_C, IMEI_C, IMEI_B]);
    const line2 = await results('--station', 'LINE-2', '--json');
    expect(line2.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { runId: string }).runId)).toEqual(['fx-07', 'fx-06', 'fx-03']);
    const day1 = await results('--since', '2026-11-03', '--until', '2026-11-03', '--json');
    expect(day1.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { runId: string }).runId)).toEqual(['fx-04', 'fx-03', 'fx-02', 'fx-01']);
    const iso = await results('--since', '2026-11-04T08:15:00Z', '--until', '2026-11-04T08:45Z', '--json');
    expect(iso.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { runId: string }).runId)).toEqual(['fx-09', 'fx-08', 'fx-07']);
    const limited = await results('--limit', '2', '--json');
    expect(limited.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('--json: one record per line, each a valid RunRecord equal to what was stored', async () => {
    const ran = await results('--json');
    expect(ran.code).toBe(EXIT.ok);
    const parsed = ran.stdout.trim().split('\n').map((line) => RunRecordSchema.parse(JSON.parse(line)));
    const byId = new Map(fixtureRecords().map((r) => [r.runId, r]));
    expect(parsed).toHaveLength(10);
    for (const record of parsed) expect(record).toEqual(byId.get(record.runId));
  });

  it('--csv: RFC 4180, quoted commas, quotes and line breaks survive a strict reader', async () => {
    const ran = await results('--csv', '--imei', IMEI_F);
    expect(ran.code).toBe(EXIT.ok);
    expect(ran.stdout.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(ran.stdout);
    expect(rows[0]).toEqual(CSV_COLUMNS.map(([name]) => name));
    const cell = (name: string) => rows[1]?.[CSV_COLUMNS.findIndex(([n]) => n === name)];
    expect(cell('profileName')).toBe('line "A", v2');
    expect(cell('operator')).toBe('Lee, J.\nnight shift');
    expect(cell('station')).toBe('');
    expect(rows).toHaveLength(2);
    const all = parseCsv((await results('--csv')).stdout);
    expect(all).toHaveLength(11);
  });
});

/** IMEI_E (the fixture's failed calibration), without importing it twice. */
function IMEI_E_OF(): string {
  return fixtureRecords().find((r) => r.failureCode === 'MEASUREMENT_OUT_OF_LIMITS')?.imei ?? '';
}

describe('fieldlink results --imei: one device, oldest first, what changed', { timeout: 180_000 }, () => {
  it('device B: refused on broker port 1883, passed on 8883 with a slow MQTT connect', async () => {
    const ran = await results('--imei', IMEI_B);
    expect(ran.code, ran.stderr).toBe(EXIT.ok);
    const text = ran.stdout;
    expect(text).toContain(`Device ${IMEI_B}: 2 run(s), oldest first`);
    expect(text.indexOf('MQTT_REFUSED')).toBeLessThan(text.indexOf('2026-11-03 08:40'));
    expect(text).toContain('changed since the previous run:\n      Broker port: 1883 → 8883\n      Duration of "Connect to MQTT server": 1.7 s → 9.0 s');
  });

  it('device C failed twice: signal under the threshold is not a change; device A: firmware updated', async () => {
    const c = await results('--imei', IMEI_C);
    expect(c.stdout).toContain('nothing changed since the previous run');
    const a = await results('--imei', IMEI_A, '--json');
    const entries = a.stdout.trim().split('\n').map((l) => JSON.parse(l) as { run: { runId: string }; previousRunId: string | null; differences: unknown[] });
    expect(entries.map((e) => [e.run.runId, e.previousRunId])).toEqual([
      ['fx-01', null],
      ['fx-05', 'fx-01'],
    ]);
    expect(entries[1]?.differences).toEqual([
      { field: 'firmware-main', before: '01.001', after: '01.002' },
      { field: 'offered-main', before: '01.001', after: '01.002' },
    ]);
  });

  it('--lang ko: Korean headers and differences', async () => {
    const ran = await results('--imei', IMEI_B, '--lang', 'ko');
    expect(ran.stdout).toContain(`장치 ${IMEI_B}: 실행 2회, 오래된 순`);
    expect(ran.stdout).toContain('이전 실행 이후 바뀐 점:');
    expect(ran.stdout).toContain('브로커 포트: 1883 → 8883');
    expect(ran.stdout.split('\n')[1]).toMatch(/^시각 +IMEI +종류 +결과 +실패 +스테이션\/슬롯 +펌웨어 +소요 시간$/);
  });
});

describe('fieldlink results yield', { timeout: 180_000 }, () => {
  it('by station: units, passed, first-pass yield, units/hour and the Pareto, as in the fixture', async () => {
    const ran = await fieldlink(['results', 'yield', '--by', 'station', '--json', '--db', db]);
    expect(ran.code, ran.stderr).toBe(EXIT.ok);
    const report = JSON.parse(ran.stdout) as { rows: { key: string; units: number; passed: number; failed: number; firstPassYield: number; unitsPerHour: number }[]; pareto: { code: string; count: number; cumulativeShare: number }[]; totals: { units: number; passed: number; firstPassYield: number } };
    // LINE-1: A (2 passes), B (fail, pass), E (fail, cancel) → 3 units, 2 passed, first pass: A only.
    // LINE-2: C (fail, fail), D (pass) → 2 units, 1 passed, first pass: D.  (none): F passed.
    expect(report.rows.map((r) => [r.key, r.units, r.passed, r.failed, r.firstPassYield])).toEqual([
      ['(none)', 1, 1, 0, 1],
      ['LINE-1', 3, 2, 1, 1 / 3],
      ['LINE-2', 2, 1, 1, 1 / 2],
    ]);
    // LINE-1 spans day 1 08:00 to day 2 08:47 (the cancelled run ends 2 min after 08:45).
    expect(report.rows[1]?.unitsPerHour).toBeCloseTo(3 / ((24 * 60 + 47) / 60), 6);
    expect(report.totals).toMatchObject({ units: 6, passed: 4, firstPassYield: 3 / 6 });
    expect(report.pareto).toEqual([
      { code: 'NOT_REGISTERED', count: 2, cumulativeShare: 0.5 },
      { code: 'MEASUREMENT_OUT_OF_LIMITS', count: 1, cumulativeShare: 0.75 },
      { code: 'MQTT_REFUSED', count: 1, cumulativeShare: 1 },
    ]);
  });

  it('the text report: a row per day, the total, and the Pareto as bars', async () => {
    const ran = await fieldlink(['results', 'yield', '--db', db]);
    expect(ran.code, ran.stderr).toBe(EXIT.ok);
    const lines = ran.stdout.split('\n');
    expect(lines[0]).toMatch(/^Day +Units +Passed +Failed +First-pass yield +Units\/hour$/);
    // Day 1: A, B, C → 3 units; passed A, B; first pass A. Day 2: A, C, D, E, F → 5; passed A, D, F; first pass A, D, F.
    expect(lines[1]).toMatch(/^2026-11-03 +3 +2 +1 +33\.3% +\d+\.\d$/);
    expect(lines[2]).toMatch(/^2026-11-04 +5 +3 +2 +60\.0% +\d+\.\d$/);
    expect(lines[3]).toMatch(/^Total +6 +4 +2 +50\.0% +\d+\.\d$/);
    expect(lines).toContain('Failure codes (Pareto)');
    const bars = lines.filter((l) => l.includes('█'));
    expect(bars[0]).toMatch(/^ {2}NOT_REGISTERED +2 {2}█{30} +50\.0%$/);
    expect(bars[1]).toMatch(/^ {2}MEASUREMENT_OUT_OF_LIMITS +1 {2}█{15} +75\.0%$/);
  });

  it('--since narrows the report; Korean words with --lang ko', async () => {
    const ran = await fieldlink(['results', 'yield', '--by', 'failure', '--since', '2026-11-04', '--lang', 'ko', '--db', db]);
    expect(ran.code, ran.stderr).toBe(EXIT.ok);
    expect(ran.stdout.split('\n')[0]).toMatch(/^실패 코드 +대수 +합격 +불합격 +직행률 +시간당 대수$/);
    expect(ran.stdout).toContain('실패 코드 (파레토)');
    expect(ran.stdout).not.toContain('MQTT_REFUSED'); // day 1 only
  });
});

describe('fieldlink results: bad input is refused with exit 2, naming the option', { timeout: 180_000 }, () => {
  it.each([
    [['--since', 'yesterday'], '--since: expected a date (YYYY-MM-DD or ISO 8601), got "yesterday"'],
    [['--until', '2026-02-30'], '--until: expected a date'],
    [['--since', '2026-11-05', '--until', '2026-11-04'], '--until (2026-11-04) is before --since (2026-11-05)'],
    [['--imei', '12345'], '--imei: expected 15 digits, got "12345"'],
    [['--outcome', 'maybe'], '--outcome: expected one of running, passed, failed, cancelled, interrupted, got "maybe"'],
    [['--limit', '0'], '--limit: expected a whole number from 1 to 10000, got "0"'],
    [['--limit', 'lots'], '--limit: expected a whole number'],
    [['--json', '--csv'], '--json and --csv: choose one'],
    [['--db', 'mysql://x'], '--db'],
    [['--line', ''], '--line: expected 1 to 200 characters'],
    [['--serial', 'x'.repeat(201)], '--serial: expected 1 to 200 characters'],
  ])('%j', async (args, message) => {
    const ran = await fieldlink(['results', ...args, ...(args.includes('--db') ? [] : ['--db', db])]);
    expect(ran.code).toBe(EXIT.usage);
    expect(ran.stderr).toContain(message);
    expect(ran.stdout).toBe('');
  });

  it('yield --by week is refused; so is an unknown option', async () => {
    const week = await fieldlink(['results', 'yield', '--by', 'week', '--db', db]);
    expect(week.code).toBe(EXIT.usage);
    expect(week.stderr).toContain('--by: expected one of day, line, station, slot, failure, got "week"');
    const unknown = await fieldlink(['results', '--colour', '--db', db]);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toContain("unknown option '--colour'");
  });

  it('FIELDLINK_DB names the store when --db is not given; the default is ~/.fieldlink/results.sqlite', async () => {
    const fromEnv = await fieldlink(['results', '--json', '--limit', '1'], { FIELDLINK_DB: db });
    expect(fromEnv.code, fromEnv.stderr).toBe(EXIT.ok);
    expect((JSON.parse(fromEnv.stdout) as { runId: string }).runId).toBe('fx-10');
    const fresh = await fieldlink(['results']);
    expect(fresh.code, fresh.stderr).toBe(EXIT.ok);
    expect(fresh.stdout).toBe('No records match.\n');
  });
});

describe('fieldlink results: line and unit serial (station runs)', { timeout: 180_000 }, () => {
  let lineDb: string;
  const lineRecords = () => [
    makeRecord({ runId: 'ln-1', imei: IMEI_A, startedAt: DAY1, station: 'ST-1', slot: 'A1', line: 'line-1', unitSerial: 'SN-0001' }),
    makeRecord({ runId: 'ln-2', imei: IMEI_B, startedAt: DAY1 + 60_000, station: 'ST-2', slot: 'A1', line: 'line-1', unitSerial: 'SN-0002', outcome: 'failed', exitCategory: 'failed', failureCode: 'MQTT_REFUSED', failureStep: 'mqtt-connect' }),
    makeRecord({ runId: 'ln-3', imei: IMEI_C, startedAt: DAY1 + 120_000, station: 'ST-3', slot: 'A2', line: 'line-2', unitSerial: null }),
  ];

  beforeAll(async () => {
    lineDb = `sqlite:${join(work, 'lines.sqlite')}`;
    const store = await openResultsStore({ url: lineDb });
    await seedStore(store, lineRecords());
    await store.close();
  });

  it('--line and --serial filter; --json carries both fields; the table shows LINE and SERIAL columns', async () => {
    const line1 = await fieldlink(['results', '--db', lineDb, '--line', 'line-1', '--json']);
    expect(line1.code, line1.stderr).toBe(EXIT.ok);
    const parsed = line1.stdout.trim().split('\n').map((l) => RunRecordSchema.parse(JSON.parse(l)));
    expect(parsed.map((r) => [r.runId, r.line, r.unitSerial])).toEqual([
      ['ln-2', 'line-1', 'SN-0002'],
      ['ln-1', 'line-1', 'SN-0001'],
    ]);
    const serial = await fieldlink(['results', '--db', lineDb, '--serial', 'SN-0001', '--json']);
    expect(serial.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { runId: string }).runId)).toEqual(['ln-1']);
    const none = await fieldlink(['results', '--db', lineDb, '--line', 'line-1', '--serial', 'SN-9999']);
    expect(none.stdout).toBe('No records match.\n');

    const table = await fieldlink(['results', '--db', lineDb]);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME +IMEI +KIND +OUTCOME +FAILURE +LINE +STATION\/SLOT +SERIAL +FIRMWARE +DURATION$/);
    const lineAt = lines[0]?.indexOf('LINE') ?? -1;
    const serialAt = lines[0]?.indexOf('SERIAL') ?? -1;
    expect(lines.slice(1, 4).map((row) => [row.slice(lineAt).split(' ')[0], row.slice(serialAt).split(' ')[0]])).toEqual([
      ['line-2', '-'],
      ['line-1', 'SN-0002'],
      ['line-1', 'SN-0001'],
    ]);
    const ko = await fieldlink(['results', '--db', lineDb, '--lang', 'ko']);
    expect(ko.stdout.split('\n')[0]).toMatch(/^시각 +IMEI +종류 +결과 +실패 +라인 +스테이션\/슬롯 +시리얼 +펌웨어 +소요 시간$/);
  });

  it('--imei keeps --line and --serial as filters on the device history', async () => {
    const ran = await fieldlink(['results', '--db', lineDb, '--imei', IMEI_B, '--line', 'line-2', '--json']);
    expect(ran.code, ran.stderr).toBe(EXIT.ok);
    expect(ran.stdout).toBe('');
    const kept = await fieldlink(['results', '--db', lineDb, '--imei', IMEI_B, '--serial', 'SN-0002', '--json']);
    expect((JSON.parse(kept.stdout.trim()) as { run: { runId: string } }).run.runId).toBe('ln-2');
  });

  it('--csv has line and unitSerial columns', async () => {
    const ran = await fieldlink(['results', '--db', lineDb, '--csv']);
    const rows = parseCsv(ran.stdout);
    const header = rows[0] ?? [];
    expect(header).toEqual(expect.arrayContaining(['line', 'unitSerial']));
    const col = (name: string) => header.indexOf(name);
    expect(rows.slice(1).map((r) => [r[0], r[col('line')], r[col('unitSerial')]])).toEqual([
      ['ln-3', 'line-2', ''],
      ['ln-2', 'line-1', 'SN-0002'],
      ['ln-1', 'line-1', 'SN-0001'],
    ]);
  });

  it('results yield --by line, and --line narrows a report; --serial is not a yield filter', async () => {
    const byLine = await fieldlink(['results', 'yield', '--by', 'line', '--json', '--db', lineDb]);
    expect(byLine.code, byLine.stderr).toBe(EXIT.ok);
    const report = JSON.parse(byLine.stdout) as { by: string; rows: { key: string; units: number; passed: number; failed: number }[] };
    expect(report.by).toBe('line');
    expect(report.rows.map((r) => [r.key, r.units, r.passed, r.failed])).toEqual([
      ['line-1', 2, 1, 1],
      ['line-2', 1, 1, 0],
    ]);
    const text = await fieldlink(['results', 'yield', '--by', 'station', '--line', 'line-1', '--db', lineDb]);
    expect(text.stdout.split('\n')[0]).toMatch(/^Station +Units/);
    expect(text.stdout).toContain('ST-1');
    expect(text.stdout).not.toContain('ST-3');
    const refused = await fieldlink(['results', 'yield', '--serial', 'SN-0001', '--db', lineDb]);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain('--serial: not used by `results yield`');
  });
});
