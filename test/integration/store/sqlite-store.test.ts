/**
 * The results store on a real SQLite file in a temp folder (docs/results-store.md): schema and
 * migrations, begin/finish, the duplicates policies, crashed runs marked interrupted, queries,
 * validation on the way in and out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../../../electron/store/migrations/index.ts';
import { openResultsStore } from '../../../electron/store/open.ts';
import { migrateSqlite, openSqliteFile, sqliteBackend } from '../../../electron/store/sqlite.ts';
import type { ResultsStore } from '../../../electron/store/types.ts';
import { StoreError } from '../../../electron/store/types.ts';
import type { RunRecord } from '../../../shared/run-record.ts';
import { expectOneClaimWins, killChild, spawnStoreChild } from './child-process.ts';
import type { StoreChild } from './child-process.ts';
import { finished, imeiOf, makeRecord } from './records.ts';

const root = mkdtempSync(join(tmpdir(), 'fieldlink-store-'));
let n = 0;
const open: ResultsStore[] = [];
const children: StoreChild[] = [];

function newPath(): string {
  return join(root, `s${++n}`, 'results.sqlite');
}

async function openAt(path: string): Promise<ResultsStore> {
  const store = await openResultsStore({ url: `sqlite:${path}` });
  open.push(store);
  return store;
}

afterEach(async () => {
  for (const c of children.splice(0)) await killChild(c);
  for (const s of open.splice(0)) await s.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('SQLite results store: file and schema', () => {
  it('creates the file and its folder, in WAL mode, with every migration applied', async () => {
    const path = newPath();
    const store = await openAt(path);
    expect(store.backend).toBe('sqlite');
    expect(store.displayUrl).toBe(`sqlite:${path}`);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const names = raw.prepare('select name from kysely_migration order by name').pluck().all();
      expect(names).toEqual(MIGRATION_NAMES);
      const tables = raw.prepare("select name from sqlite_master where type = 'table' and name in ('runs', 'claims', 'unit_passes') order by name").pluck().all();
      expect(tables).toEqual(['claims', 'runs', 'unit_passes']);
    } finally {
      raw.close();
    }
  });

  it('opens an existing file again without migrating twice, records kept', async () => {
    const path = newPath();
    const first = await openAt(path);
    const record = makeRecord();
    await first.begin(record);
    await first.finish(finished(record, 'passed'));
    await first.close();
    const again = await openAt(path);
    expect(await again.get(record.runId)).toEqual(finished(record, 'passed'));
  });

  it('upgrades a version-1 file: data kept, passes found from the runs on record', async () => {
    const path = newPath();
    const handle = sqliteBackend(openSqliteFile(path, 'test'));
    await migrateSqlite(handle, 'test', '0001-runs-and-claims');
    const passed = finished(makeRecord({ imei: imeiOf(501) }), 'passed');
    // A version-1 row written by hand (no rework column yet).
    handle.raw
      .prepare(
        `insert into runs (run_id, kind, outcome, exit_category, failure_code, failure_step, device_id, imei, iccid, model, revision, firmware,
          profile_name, profile_hash, app_version, host, operator, station, slot, port, started_at, finished_at, run_dir, steps, measurements, facts,
          writer_host, writer_pid, updated_at) values (?, 'run', 'passed', 'ok', null, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'old-host', 1, 0)`,
      )
      .run(
        passed.runId, passed.deviceId, passed.imei, passed.iccid, passed.model, passed.revision, JSON.stringify(passed.firmware),
        passed.profileName, passed.profileHash, passed.appVersion, passed.host, passed.operator, passed.station, passed.slot, passed.port,
        passed.startedAt, passed.finishedAt, passed.runDir, JSON.stringify(passed.steps), JSON.stringify(passed.measurements), JSON.stringify(passed.facts),
      );
    expect(handle.raw.prepare('select name from kysely_migration').pluck().all()).toEqual(['0001-runs-and-claims']);
    await handle.close();

    const store = await openAt(path);
    expect(await store.get(passed.runId)).toEqual(passed);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare('select name from kysely_migration order by name').pluck().all()).toEqual(MIGRATION_NAMES);
      expect(raw.prepare('select run_id from unit_passes where imei = ?').pluck().get(passed.imei)).toBe(passed.runId);
    } finally {
      raw.close();
    }
    expect(await store.claim({ imei: imeiOf(501), runId: 'after-upgrade', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'already-passed', byRunId: passed.runId });
  });

  it('refuses a file that is not a database with StoreError, naming the file', async () => {
    const dir = mkdtempSync(join(root, 'notdb-'));
    const error = await rejection(openResultsStore({ url: `sqlite:${dir}` }));
    expect(error.message).toContain(dir);
  });
});

describe('SQLite results store: begin and finish', () => {
  it('begin inserts a running record with the writer; finish writes the final record', async () => {
    const path = newPath();
    const store = await openAt(path);
    const record = makeRecord();
    await store.begin(record);
    expect(await store.get(record.runId)).toEqual(record);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare('select writer_pid from runs where run_id = ?').pluck().get(record.runId)).toBe(process.pid);
    } finally {
      raw.close();
    }
    const done = finished(record, 'failed');
    await store.finish(done);
    expect(await store.get(record.runId)).toEqual(done);
  });

  it('begin and finish are idempotent by runId (one row; a late begin does not undo a finish)', async () => {
    const path = newPath();
    const store = await openAt(path);
    const record = makeRecord();
    await store.begin(record);
    await store.begin(record);
    const done = finished(record, 'passed');
    await store.finish(done);
    await store.finish(done);
    await store.begin(record);
    expect(await store.list({})).toEqual([done]);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare('select count(*) from runs').pluck().get()).toBe(1);
    } finally {
      raw.close();
    }
  });

  it('finish without begin writes the record', async () => {
    const store = await openAt(newPath());
    const done = finished(makeRecord(), 'cancelled');
    await store.finish(done);
    expect(await store.get(done.runId)).toEqual(done);
  });

  it('refuses invalid records with invalid-record naming the field, and writes nothing', async () => {
    const store = await openAt(newPath());
    const badImei = makeRecord({ imei: '12345' });
    const e1 = await rejection(store.begin(badImei));
    expect(e1.kind).toBe('invalid-record');
    expect(e1.message).toContain('imei');
    const extra = { ...makeRecord(), secret: 'x' } as unknown as RunRecord;
    expect((await rejection(store.begin(extra))).kind).toBe('invalid-record');
    const notRunning = finished(makeRecord(), 'passed');
    const e2 = await rejection(store.begin(notRunning));
    expect(e2.message).toContain('begin: outcome must be running');
    const e3 = await rejection(store.finish(makeRecord()));
    expect(e3.message).toContain('finish: outcome must be');
    const e4 = await rejection(store.list({ limit: 0 }));
    expect(e4.message).toContain('limit');
    expect((await rejection(store.release('86769804', 'r'))).message).toContain('release: imei');
    expect((await rejection(store.claim({ imei: imeiOf(1), runId: '', policy: 'refuse' }))).message).toContain('claim: runId');
    expect(await store.list({})).toEqual([]);
  });

  it('a stored row that is no longer a valid record is reported, not passed on', async () => {
    const path = newPath();
    const store = await openAt(path);
    const record = makeRecord();
    await store.begin(record);
    const raw = new Database(path);
    try {
      raw.prepare("update runs set steps = '[{\"id\":\"warp-drive\"}]' where run_id = ?").run(record.runId);
    } finally {
      raw.close();
    }
    const error = await rejection(store.get(record.runId));
    expect(error.kind).toBe('invalid-record');
    expect(error.message).toContain('steps');
  });

  it('a closed store refuses every call with StoreError closed', async () => {
    const store = await openResultsStore({ url: `sqlite:${newPath()}` });
    await store.close();
    await store.close();
    expect((await rejection(store.begin(makeRecord()))).kind).toBe('closed');
    expect((await rejection(store.list({}))).kind).toBe('closed');
    expect((await rejection(store.pending())).kind).toBe('closed');
  });

  it('pending and flush are 0 on SQLite (no outbox)', async () => {
    const store = await openAt(newPath());
    expect(await store.pending()).toBe(0);
    expect(await store.flush()).toBe(0);
  });
});

describe('SQLite results store: duplicates policy', () => {
  it('refuse: one run per IMEI at a time; released claims free the unit; a pass is permanent', async () => {
    const store = await openAt(newPath());
    const imei = imeiOf(7);
    expect(await store.claim({ imei, runId: 'a', policy: 'refuse' })).toEqual({ decision: 'proceed', rework: false });
    expect(await store.claim({ imei, runId: 'a', policy: 'refuse' })).toEqual({ decision: 'proceed', rework: false });
    expect(await store.claim({ imei, runId: 'b', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'in-progress-elsewhere', byRunId: 'a' });
    await store.release(imei, 'a');
    expect(await store.claim({ imei, runId: 'b', policy: 'refuse' })).toEqual({ decision: 'proceed', rework: false });
    const b = makeRecord({ runId: 'b', imei });
    await store.begin(b);
    await store.finish(finished(b, 'passed'));
    expect(await store.claim({ imei, runId: 'c', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'already-passed', byRunId: 'b' });
    // Releasing after the pass does not undo it.
    await store.release(imei, 'b');
    expect(await store.claim({ imei, runId: 'd', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'already-passed', byRunId: 'b' });
  });

  it('finish with a failed outcome frees the claim: the unit may be tried again', async () => {
    const store = await openAt(newPath());
    const imei = imeiOf(8);
    expect((await store.claim({ imei, runId: 'f1', policy: 'refuse' })).decision).toBe('proceed');
    const f1 = makeRecord({ runId: 'f1', imei });
    await store.begin(f1);
    await store.finish(finished(f1, 'failed'));
    expect(await store.claim({ imei, runId: 'f2', policy: 'refuse' })).toEqual({ decision: 'proceed', rework: false });
  });

  it('a pass under allow still counts for refuse; allow itself never refuses', async () => {
    const store = await openAt(newPath());
    const imei = imeiOf(9);
    const a = makeRecord({ imei });
    expect(await store.claim({ imei, runId: a.runId, policy: 'allow' })).toEqual({ decision: 'proceed', rework: false });
    await store.begin(a);
    await store.finish(finished(a, 'passed'));
    expect(await store.claim({ imei, runId: 'x', policy: 'allow' })).toEqual({ decision: 'proceed', rework: false });
    expect((await store.claim({ imei, runId: 'y', policy: 'refuse' })).decision).toBe('refused');
  });

  it('rework: a passed unit proceeds and its run is marked rework', async () => {
    const store = await openAt(newPath());
    const imei = imeiOf(10);
    const first = makeRecord({ imei });
    expect(await store.claim({ imei, runId: first.runId, policy: 'rework' })).toEqual({ decision: 'proceed', rework: false });
    await store.begin(first);
    await store.finish(finished(first, 'passed'));
    expect((await store.get(first.runId))?.rework).toBeUndefined();
    const second = makeRecord({ imei, startedAt: first.startedAt + 3_600_000 });
    expect(await store.claim({ imei, runId: second.runId, policy: 'rework' })).toEqual({ decision: 'proceed', rework: true });
    // While the rework runs, the unit is claimed for anyone else.
    expect((await store.claim({ imei, runId: 'other', policy: 'rework' })).decision).toBe('refused');
    await store.begin(second);
    expect((await store.get(second.runId))?.rework).toBe(true);
    await store.finish(finished(second, 'failed'));
    const history = await store.history(imei);
    expect(history.map((r) => [r.runId, r.outcome, r.rework])).toEqual([
      [first.runId, 'passed', undefined],
      [second.runId, 'failed', true],
    ]);
  });

  it('two processes claiming one IMEI at the same moment: exactly one proceeds (repeated)', async () => {
    const url = `sqlite:${newPath()}`;
    await openAt(url.slice('sqlite:'.length)); // the file exists and is migrated before the race
    await expectOneClaimWins(url, children, 6);
  }, 180_000);
});

describe('SQLite results store: interrupted records', () => {
  it('a process killed mid-run (SIGKILL) leaves its record interrupted at the next open, and its claim freed', async () => {
    const path = newPath();
    const seed = await openAt(path);
    await seed.close();
    const record = makeRecord({ imei: imeiOf(300) });
    const child = spawnStoreChild([`sqlite:${path}`, 'begin', JSON.stringify(record)]);
    children.push(child);
    expect(await child.waitForLine((l) => l.startsWith('began'))).toBe('began {"decision":"proceed","rework":false}');

    // While the writer lives, an open leaves its record running and its claim held.
    const during = await openAt(path);
    expect((await during.get(record.runId))?.outcome).toBe('running');
    expect((await during.claim({ imei: imeiOf(300), runId: 'next', policy: 'refuse' })).decision).toBe('refused');
    await during.close();

    process.kill(child.pid, 'SIGKILL');
    await child.exited;
    const after = await openAt(path);
    const stored = await after.get(record.runId);
    expect(stored).toEqual({ ...record, outcome: 'interrupted' });
    expect(await after.claim({ imei: imeiOf(300), runId: 'next', policy: 'refuse' })).toEqual({ decision: 'proceed', rework: false });
  });

  it("another host's running records are left alone", async () => {
    const path = newPath();
    const store = await openAt(path);
    const record = makeRecord();
    await store.begin(record);
    await store.close();
    const raw = new Database(path);
    try {
      raw.prepare("update runs set writer_host = 'elsewhere', writer_pid = 999999 where run_id = ?").run(record.runId);
    } finally {
      raw.close();
    }
    const again = await openAt(path);
    expect((await again.get(record.runId))?.outcome).toBe('running');
  });
});

describe('SQLite results store: queries', () => {
  async function seeded(): Promise<{ store: ResultsStore; records: RunRecord[] }> {
    const store = await openAt(newPath());
    const t0 = Date.UTC(2026, 10, 30, 9, 0, 0);
    const records = [
      finished(makeRecord({ imei: imeiOf(1), startedAt: t0, station: 'st-1', kind: 'run' }), 'failed'),
      finished(makeRecord({ imei: imeiOf(1), startedAt: t0 + 600_000, station: 'st-1', kind: 'run' }), 'passed'),
      finished(makeRecord({ imei: imeiOf(2), startedAt: t0 + 1_200_000, station: 'st-2', kind: 'station' }), 'passed'),
      finished(makeRecord({ imei: imeiOf(3), startedAt: t0 + 86_400_000, station: 'st-2', kind: 'station' }), 'cancelled'),
      makeRecord({ imei: imeiOf(4), startedAt: t0 + 86_400_000 + 60_000, station: 'st-1', kind: 'demo' }),
    ];
    for (const r of records) await (r.outcome === 'running' ? store.begin(r) : store.finish(r));
    return { store, records };
  }

  it('list: newest first, each filter, limit and offset', async () => {
    const { store, records } = await seeded();
    const ids = (rs: RunRecord[]) => rs.map((r) => r.runId);
    const [r0, r1, r2, r3, r4] = records as [RunRecord, RunRecord, RunRecord, RunRecord, RunRecord];
    expect(ids(await store.list({}))).toEqual(ids([r4, r3, r2, r1, r0]));
    expect(ids(await store.list({ imei: imeiOf(1) }))).toEqual(ids([r1, r0]));
    expect(ids(await store.list({ outcome: 'passed' }))).toEqual(ids([r2, r1]));
    expect(ids(await store.list({ station: 'st-2' }))).toEqual(ids([r3, r2]));
    expect(ids(await store.list({ kind: 'demo' }))).toEqual(ids([r4]));
    expect(ids(await store.list({ since: r1.startedAt, until: r3.startedAt }))).toEqual(ids([r3, r2, r1]));
    expect(ids(await store.list({ limit: 2, offset: 1 }))).toEqual(ids([r3, r2]));
    expect(await store.list({ imei: imeiOf(99) })).toEqual([]);
  });

  it('get and history: full records back, history oldest first', async () => {
    const { store, records } = await seeded();
    expect(await store.get(records[2]!.runId)).toEqual(records[2]);
    expect(await store.get('no-such-run')).toBeUndefined();
    expect(await store.history(imeiOf(1))).toEqual([records[0], records[1]]);
    expect((await rejection(store.history('1'))).kind).toBe('invalid-record');
  });

  it('yield by day, station and failure, with totals and a Pareto of failure codes', async () => {
    const { store } = await seeded();
    const byDay = await store.yieldReport('day');
    // Day 1: unit 1 failed then passed (not first pass), unit 2 passed first time, over 21.5 min.
    // Day 2: unit 3 cancelled; unit 4 still running (left out).
    expect(byDay.rows.map(({ key, units, passed, failed, firstPassYield }) => ({ key, units, passed, failed, firstPassYield }))).toEqual([
      { key: '2026-11-30', units: 2, passed: 2, failed: 0, firstPassYield: 0.5 },
      { key: '2026-12-01', units: 1, passed: 0, failed: 1, firstPassYield: 0 },
    ]);
    expect(byDay.rows[0]!.unitsPerHour).toBeCloseTo(2 / ((1_200_000 + 90_000) / 3_600_000), 6);
    expect(byDay.rows[1]!.unitsPerHour).toBeCloseTo(1 / (90_000 / 3_600_000), 6);
    expect(byDay.totals).toMatchObject({ units: 3, passed: 2, failed: 1, firstPassYield: 1 / 3 });

    const byStation = await store.yieldReport('station');
    expect(byStation.rows.map((r) => [r.key, r.units, r.passed, r.firstPassYield])).toEqual([
      ['st-1', 1, 1, 0],
      ['st-2', 2, 1, 0.5],
    ]);
    const byFailure = await store.yieldReport('failure', { station: 'st-1' });
    expect(byFailure.rows.map((r) => [r.key, r.units])).toEqual([
      ['(none)', 1],
      ['MQTT_REFUSED', 1],
    ]);
    expect(byDay.pareto).toEqual([{ code: 'MQTT_REFUSED', count: 1, cumulativeShare: 1 }]);
  });

  it('the Pareto sorts codes by count with a running cumulative share; an empty store reports zeros', async () => {
    const store = await openAt(newPath());
    expect(await store.yieldReport('slot')).toEqual({ by: 'slot', rows: [], pareto: [], totals: { units: 0, passed: 0, failed: 0, firstPassYield: 0, unitsPerHour: 0 } });
    const codes = ['MQTT_REFUSED', 'SIM_MISSING', 'MQTT_REFUSED', 'TLS_HANDSHAKE', 'MQTT_REFUSED', 'SIM_MISSING'];
    for (const [i, code] of codes.entries()) await store.finish(finished(makeRecord({ imei: imeiOf(200 + i), slot: String(i % 2) }), 'failed', { failureCode: code }));
    const report = await store.yieldReport('slot');
    expect(report.pareto).toEqual([
      { code: 'MQTT_REFUSED', count: 3, cumulativeShare: 0.5 },
      { code: 'SIM_MISSING', count: 2, cumulativeShare: 5 / 6 },
      { code: 'TLS_HANDSHAKE', count: 1, cumulativeShare: 1 },
    ]);
    expect(report.rows.map((r) => [r.key, r.units, r.failed])).toEqual([
      ['0', 3, 3],
      ['1', 3, 3],
    ]);
  });
});

describe('SQLite results store: line and unit serial (schema version 3)', () => {
  it('upgrades a version-2 file: runs and claims kept, line and unit serial read back as null, new records carry them', async () => {
    const path = newPath();
    const handle = sqliteBackend(openSqliteFile(path, 'test'));
    await migrateSqlite(handle, 'test', '0002-unit-passes-and-rework');
    const old = finished(makeRecord({ imei: imeiOf(701), station: 'st-9' }), 'passed');
    // A version-2 row written by hand (rework, but no line or unit_serial column yet), a pass and a claim.
    handle.raw
      .prepare(
        `insert into runs (run_id, kind, outcome, exit_category, failure_code, failure_step, device_id, imei, iccid, model, revision, firmware,
          profile_name, profile_hash, app_version, host, operator, station, slot, port, started_at, finished_at, run_dir, steps, measurements, facts,
          writer_host, writer_pid, updated_at, rework) values (?, 'run', 'passed', 'ok', null, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'old-host', 1, 0, 1)`,
      )
      .run(
        old.runId, old.deviceId, old.imei, old.iccid, old.model, old.revision, JSON.stringify(old.firmware),
        old.profileName, old.profileHash, old.appVersion, old.host, old.operator, old.station, old.slot, old.port,
        old.startedAt, old.finishedAt, old.runDir, JSON.stringify(old.steps), JSON.stringify(old.measurements), JSON.stringify(old.facts),
      );
    handle.raw.prepare('insert into unit_passes (imei, run_id, passed_at) values (?, ?, ?)').run(old.imei, old.runId, old.finishedAt);
    handle.raw.prepare("insert into claims (imei, run_id, writer_host, writer_pid, claimed_at, rework) values (?, 'held-run', 'other-host', 1, 0, 0)").run(imeiOf(702));
    expect(handle.raw.prepare('select name from kysely_migration order by name').pluck().all()).toEqual(['0001-runs-and-claims', '0002-unit-passes-and-rework']);
    await handle.close();

    const store = await openAt(path);
    const back = await store.get(old.runId);
    expect(back).toEqual({ ...old, line: null, unitSerial: null, rework: true });
    expect(await store.claim({ imei: imeiOf(701), runId: 'again', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'already-passed', byRunId: old.runId });
    expect(await store.claim({ imei: imeiOf(702), runId: 'other', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'in-progress-elsewhere', byRunId: 'held-run' });
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare('select name from kysely_migration order by name').pluck().all()).toEqual(MIGRATION_NAMES);
      expect(MIGRATION_NAMES).toContain('0003-line-and-unit-serial');
      const runColumns = raw.prepare("select name from pragma_table_info('runs')").pluck().all();
      expect(runColumns).toEqual(expect.arrayContaining(['line', 'unit_serial']));
      expect(raw.prepare("select name from pragma_table_info('claims')").pluck().all()).toContain('line');
      const indexes = raw.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'runs'").pluck().all();
      expect(indexes).toEqual(expect.arrayContaining(['runs_line_started_at', 'runs_unit_serial']));
    } finally {
      raw.close();
    }
    const fresh = finished(makeRecord({ imei: imeiOf(703), line: 'line-1', unitSerial: 'SN-703' }), 'failed');
    await store.finish(fresh);
    expect(await store.get(fresh.runId)).toEqual(fresh);
  });

  it('line and unit serial are stored, filtered on (list and history), grouped by (yield) and kept with the claim', async () => {
    const path = newPath();
    const store = await openAt(path);
    const t0 = Date.UTC(2026, 11, 2, 8, 0, 0);
    const a = finished(makeRecord({ imei: imeiOf(711), startedAt: t0, station: 'st-1', line: 'line-1', unitSerial: 'SN-A' }), 'passed');
    const b = finished(makeRecord({ imei: imeiOf(712), startedAt: t0 + 60_000, station: 'st-2', line: 'line-1', unitSerial: 'SN-B' }), 'failed');
    const c = finished(makeRecord({ imei: imeiOf(713), startedAt: t0 + 120_000, station: 'st-3', line: 'line-2', unitSerial: null }), 'passed');
    const d = finished(makeRecord({ imei: imeiOf(714), startedAt: t0 + 180_000, station: null, line: null }), 'passed');
    for (const r of [a, b, c, d]) {
      expect(await store.claim({ imei: r.imei!, runId: r.runId, policy: 'refuse', line: r.line })).toEqual({ decision: 'proceed', rework: false });
      await store.begin({ ...r, outcome: 'running', finishedAt: null });
    }
    // While the runs are open, each claim names the line its record names.
    const raw = new Database(path, { readonly: true });
    try {
      const pairs = raw.prepare('select claims.line as claim_line, runs.line as run_line from claims join runs on runs.run_id = claims.run_id order by claims.imei').all();
      expect(pairs).toEqual([
        { claim_line: 'line-1', run_line: 'line-1' },
        { claim_line: 'line-1', run_line: 'line-1' },
        { claim_line: 'line-2', run_line: 'line-2' },
        { claim_line: null, run_line: null },
      ]);
    } finally {
      raw.close();
    }
    for (const r of [a, b, c, d]) await store.finish(r);

    const ids = (rs: RunRecord[]) => rs.map((r) => r.runId);
    expect(await store.get(a.runId)).toEqual(a);
    expect(ids(await store.list({ line: 'line-1' }))).toEqual(ids([b, a]));
    expect(ids(await store.list({ line: 'line-2' }))).toEqual(ids([c]));
    expect(ids(await store.list({ unitSerial: 'SN-B' }))).toEqual(ids([b]));
    expect(ids(await store.list({ line: 'line-1', unitSerial: 'SN-A' }))).toEqual(ids([a]));
    expect(await store.list({ line: 'line-3' })).toEqual([]);
    expect((await rejection(store.list({ line: '' }))).message).toContain('line');

    const byLine = await store.yieldReport('line');
    expect(byLine.rows.map((r) => [r.key, r.units, r.passed, r.failed, r.firstPassYield])).toEqual([
      ['(none)', 1, 1, 0, 1],
      ['line-1', 2, 1, 1, 0.5],
      ['line-2', 1, 1, 0, 1],
    ]);
    const line1 = await store.yieldReport('station', { line: 'line-1' });
    expect(line1.rows.map((r) => r.key)).toEqual(['st-1', 'st-2']);
    expect(line1.pareto).toEqual([{ code: 'MQTT_REFUSED', count: 1, cumulativeShare: 1 }]);
    expect((await rejection(store.claim({ imei: imeiOf(715), runId: 'x', policy: 'refuse', line: 'l'.repeat(201) }))).kind).toBe('invalid-record');
  });
});

describe('SQLite results store: a resumed run', () => {
  it('begin with reopen sets a failed record running again under this process; a plain begin never undoes a finish', async () => {
    const path = newPath();
    const store = await openAt(path);
    const record = makeRecord({ imei: imeiOf(721) });
    await store.begin(record);
    await store.finish(finished(record, 'failed'));
    await store.begin(record);
    expect((await store.get(record.runId))?.outcome).toBe('failed');
    await store.begin({ ...record, operator: 'lee' }, { reopen: true });
    expect(await store.get(record.runId)).toMatchObject({ outcome: 'running', finishedAt: null, failureCode: null, operator: 'lee' });
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare('select writer_pid from runs where run_id = ?').pluck().get(record.runId)).toBe(process.pid);
    } finally {
      raw.close();
    }
    await store.finish(finished(record, 'passed'));
    expect((await store.get(record.runId))?.outcome).toBe('passed');
  });
});
