/**
 * The results store on a real PostgreSQL 15 server, started by this test in a temp folder on an
 * ephemeral 127.0.0.1 port and stopped by PID (docs/results-store.md): migrations on an empty
 * database and from version 1, the same queries as on SQLite, the duplicates guard between two
 * processes, interrupted records, and the outbox across a server crash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../../../electron/store/migrations/index.ts';
import { openResultsStore } from '../../../electron/store/open.ts';
import { migratePostgres, postgresBackend } from '../../../electron/store/postgres.ts';
import { openPostgresStore } from '../../../electron/store/postgres-store.ts';
import { SqlStoreCore } from '../../../electron/store/sql-store.ts';
import type { RunRecord } from '../../../shared/run-record.ts';
import type { ResultsStore } from '../../../electron/store/types.ts';
import { StoreError } from '../../../electron/store/types.ts';
import { displayUrlOf } from './display.ts';
import { startPostgres } from '../../helpers/postgres.ts';
import type { TestPostgres } from '../../helpers/postgres.ts';
import { expectOneClaimWins, killChild, spawnStoreChild } from './child-process.ts';
import type { StoreChild } from './child-process.ts';
import { finished, imeiOf, makeRecord } from './records.ts';

let server: TestPostgres;
const root = mkdtempSync(join(tmpdir(), 'fieldlink-pgstore-'));
const stores: ResultsStore[] = [];
const children: StoreChild[] = [];
let dbCount = 0;

beforeAll(async () => {
  server = await startPostgres();
});
afterEach(async () => {
  for (const c of children.splice(0)) await killChild(c);
  for (const s of stores.splice(0)) await s.close();
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function freshDatabase(): Promise<string> {
  return server.createDatabase(`t${++dbCount}`);
}

function outboxPath(): string {
  return join(mkdtempSync(join(root, 'outbox-')), 'outbox.sqlite');
}

async function openStore(url: string, outbox = outboxPath()): Promise<ResultsStore> {
  const store = await openResultsStore({ url, outboxPath: outbox });
  stores.push(store);
  return store;
}

async function query<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('PostgreSQL results store: migrations', () => {
  it('migrates an empty database to the latest version; the URL is shown without its password', async () => {
    const url = await freshDatabase();
    const store = await openStore(url);
    expect(store.backend).toBe('postgres');
    expect(store.displayUrl).toBe(displayUrlOf(url));
    expect(store.displayUrl).not.toContain(server.password);
    const names = await query<{ name: string }>(url, 'select name from kysely_migration order by name');
    expect(names.map((r) => r.name)).toEqual(MIGRATION_NAMES);
    const tables = await query<{ table_name: string }>(url, "select table_name from information_schema.tables where table_name in ('runs', 'claims', 'unit_passes') order by 1");
    expect(tables.map((r) => r.table_name)).toEqual(['claims', 'runs', 'unit_passes']);
  });

  it('upgrades a version-1 database: records kept, passes found, the new columns in place', async () => {
    const url = await freshDatabase();
    const handle = postgresBackend(url);
    await migratePostgres(handle, '0001-runs-and-claims');
    await handle.close();
    const passed = finished(makeRecord({ imei: imeiOf(601) }), 'passed');
    const failed = finished(makeRecord({ imei: imeiOf(602) }), 'failed');
    for (const r of [passed, failed]) {
      await query(
        url,
        `insert into runs (run_id, kind, outcome, exit_category, failure_code, failure_step, device_id, imei, iccid, model, revision, firmware,
          profile_name, profile_hash, app_version, host, operator, station, slot, port, started_at, finished_at, run_dir, steps, measurements, facts,
          writer_host, writer_pid, updated_at)
         values ($1, 'run', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, 'old-host', 1, 0)`,
        [
          r.runId, r.outcome, r.exitCategory, r.failureCode, r.failureStep, r.deviceId, r.imei, r.iccid, r.model, r.revision, JSON.stringify(r.firmware),
          r.profileName, r.profileHash, r.appVersion, r.host, r.operator, r.station, r.slot, r.port, r.startedAt, r.finishedAt, r.runDir,
          JSON.stringify(r.steps), JSON.stringify(r.measurements), JSON.stringify(r.facts),
        ],
      );
    }
    expect((await query<{ name: string }>(url, 'select name from kysely_migration')).map((r) => r.name)).toEqual(['0001-runs-and-claims']);

    const store = await openStore(url);
    expect((await query<{ name: string }>(url, 'select name from kysely_migration order by name')).map((r) => r.name)).toEqual(MIGRATION_NAMES);
    expect(await store.get(passed.runId)).toEqual(passed);
    expect(await store.history(imeiOf(602))).toEqual([failed]);
    expect(await query(url, 'select imei, run_id from unit_passes')).toEqual([{ imei: imeiOf(601), run_id: passed.runId }]);
    expect(await store.claim({ imei: imeiOf(601), runId: 'x', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'already-passed', byRunId: passed.runId });
    expect(await store.claim({ imei: imeiOf(602), runId: 'y', policy: 'refuse' })).toEqual({ decision: 'proceed', rework: false });
    const added = await query<{ table_name: string }>(url, "select table_name from information_schema.columns where column_name = 'rework' order by 1");
    expect(added.map((r) => r.table_name)).toEqual(['claims', 'runs']);
  });

  it('two stores opening one new database at once migrate it once', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([openStore(url), openStore(url)]);
    expect(a.backend).toBe(b.backend);
    expect((await query<{ n: string }>(url, 'select count(*) as n from kysely_migration'))[0]?.n).toBe(String(MIGRATION_NAMES.length));
  });
});

describe('PostgreSQL results store: records and queries', () => {
  it('begin, finish, list, get, history and yield read the same as on SQLite', async () => {
    const url = await freshDatabase();
    const store = await openStore(url);
    const t0 = Date.UTC(2026, 10, 30, 9, 0, 0);
    const a1 = finished(makeRecord({ imei: imeiOf(1), startedAt: t0, station: 'st-1' }), 'failed');
    const a2 = finished(makeRecord({ imei: imeiOf(1), startedAt: t0 + 600_000, station: 'st-1' }), 'passed');
    const b1 = finished(makeRecord({ imei: imeiOf(2), startedAt: t0 + 1_200_000, station: 'st-2' }), 'passed');
    const c1 = finished(makeRecord({ imei: imeiOf(3), startedAt: t0 + 86_400_000, station: 'st-2' }), 'cancelled');
    const d1 = makeRecord({ imei: imeiOf(4), startedAt: t0 + 86_460_000 });
    for (const r of [a1, a2, b1, c1]) {
      await store.begin({ ...r, outcome: 'running', finishedAt: null });
      await store.finish(r);
      await store.finish(r);
    }
    await store.begin(d1);
    await store.begin(d1);
    expect((await store.list({})).map((r) => r.runId)).toEqual([d1, c1, b1, a2, a1].map((r) => r.runId));
    expect(await store.list({ station: 'st-2', outcome: 'passed' })).toEqual([b1]);
    expect((await store.list({ limit: 2, offset: 1 })).map((r) => r.runId)).toEqual([c1.runId, b1.runId]);
    expect(await store.get(d1.runId)).toEqual(d1);
    expect(await store.history(imeiOf(1))).toEqual([a1, a2]);
    expect((await query<{ n: string }>(url, 'select count(*) as n from runs'))[0]?.n).toBe('5');

    const byDay = await store.yieldReport('day');
    expect(byDay.rows.map(({ key, units, passed, failed, firstPassYield }) => ({ key, units, passed, failed, firstPassYield }))).toEqual([
      { key: '2026-11-30', units: 2, passed: 2, failed: 0, firstPassYield: 0.5 },
      { key: '2026-12-01', units: 1, passed: 0, failed: 1, firstPassYield: 0 },
    ]);
    expect(byDay.rows[0]!.unitsPerHour).toBeCloseTo(2 / ((1_200_000 + 90_000) / 3_600_000), 6);
    expect(byDay.totals).toMatchObject({ units: 3, passed: 2, failed: 1, firstPassYield: 1 / 3 });
    expect(byDay.pareto).toEqual([{ code: 'MQTT_REFUSED', count: 1, cumulativeShare: 1 }]);
    expect((await store.yieldReport('station')).rows.map((r) => [r.key, r.units, r.firstPassYield])).toEqual([
      ['st-1', 1, 0],
      ['st-2', 2, 0.5],
    ]);
  });

  it('duplicates: refuse, release, permanent pass, rework marked', async () => {
    const store = await openStore(await freshDatabase());
    const imei = imeiOf(700);
    expect(await store.claim({ imei, runId: 'a', policy: 'refuse' })).toEqual({ decision: 'proceed', rework: false });
    expect(await store.claim({ imei, runId: 'b', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'in-progress-elsewhere', byRunId: 'a' });
    await store.release(imei, 'a');
    const b = makeRecord({ runId: 'b', imei });
    expect((await store.claim({ imei, runId: 'b', policy: 'refuse' })).decision).toBe('proceed');
    await store.begin(b);
    await store.finish(finished(b, 'passed'));
    expect(await store.claim({ imei, runId: 'c', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'already-passed', byRunId: 'b' });
    const r = makeRecord({ imei });
    expect(await store.claim({ imei, runId: r.runId, policy: 'rework' })).toEqual({ decision: 'proceed', rework: true });
    await store.begin(r);
    await store.finish(finished(r, 'failed'));
    expect((await store.get(r.runId))?.rework).toBe(true);
  });

  it('two processes claiming one IMEI at the same moment: exactly one proceeds (repeated)', async () => {
    const url = await freshDatabase();
    await openStore(url);
    await expectOneClaimWins(url, children, 8, { STORE_OUTBOX: outboxPath() });
  }, 180_000);

  it('a process killed mid-run (SIGKILL) leaves its record interrupted at the next open', async () => {
    const url = await freshDatabase();
    await openStore(url);
    const record = makeRecord({ imei: imeiOf(800) });
    const child = spawnStoreChild([url, 'begin', JSON.stringify(record)], { STORE_OUTBOX: outboxPath() });
    children.push(child);
    await child.waitForLine((l) => l.startsWith('began'));
    expect((await query<{ outcome: string }>(url, 'select outcome from runs where run_id = $1', [record.runId]))[0]?.outcome).toBe('running');
    process.kill(child.pid, 'SIGKILL');
    await child.exited;
    const store = await openStore(url);
    expect(await store.get(record.runId)).toEqual({ ...record, outcome: 'interrupted' });
    expect((await store.claim({ imei: imeiOf(800), runId: 'next', policy: 'refuse' })).decision).toBe('proceed');
  }, 120_000);
});

describe('PostgreSQL results store: errors never show the password', () => {
  it('a wrong password is a database error whose message names the masked URL only', async () => {
    const url = server.url.replace(encodeURIComponent(server.password), 'wrong-secret-42');
    const error = await openResultsStore({ url, outboxPath: outboxPath() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).kind).toBe('database');
    expect((error as StoreError).message).toContain('postgres://postgres:***@127.0.0.1');
    expect((error as StoreError).message).not.toContain('wrong-secret-42');
    expect(JSON.stringify(error)).not.toContain('wrong-secret-42');
  });
});

describe('PostgreSQL results store: outbox', () => {
  it('a server that is down at open: the store opens, writes wait in the outbox, claims cannot be checked', async () => {
    const url = `postgres://postgres:top-secret-9@127.0.0.1:${server.port + 1}/nothing`;
    const outbox = outboxPath();
    const store = await openStore(url, outbox);
    const record = makeRecord({ imei: imeiOf(900) });
    await store.begin(record);
    await store.finish(finished(record, 'failed'));
    expect(await store.pending()).toBe(2);
    expect(await store.claim({ imei: imeiOf(900), runId: 'x', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'cannot-check' });
    expect(await store.claim({ imei: imeiOf(900), runId: 'x', policy: 'refuse', allowOffline: true })).toEqual({ decision: 'proceed', rework: false });
    expect(await store.claim({ imei: imeiOf(900), runId: 'x', policy: 'allow' })).toEqual({ decision: 'proceed', rework: false });
    const error = await store.list({}).then(
      () => undefined,
      (e: unknown) => e as StoreError,
    );
    expect(error?.kind).toBe('unreachable');
    expect(error?.message).not.toContain('top-secret-9');
    expect(await store.flush()).toBe(0);
    expect(await store.pending()).toBe(2);
  });

  it('the server killed mid-shift (SIGKILL) and restarted: the outbox drains in order, no record lost or doubled', async () => {
    const url = await freshDatabase();
    const outbox = outboxPath();
    const store = await openPostgresStore({ connectionString: url, displayUrl: displayUrlOf(url), outboxPath: outbox, retryMs: 100, maxRetryMs: 400 });
    stores.push(store);
    const before = [0, 1].map((i) => makeRecord({ imei: imeiOf(1000 + i) }));
    for (const r of before) {
      expect((await store.claim({ imei: r.imei!, runId: r.runId, policy: 'refuse' })).decision).toBe('proceed');
      await store.begin(r);
      await store.finish(finished(r, 'passed'));
    }
    expect(await store.pending()).toBe(0);

    // Mid-run: the next unit's record is begun on the server, then the server dies.
    const during = makeRecord({ imei: imeiOf(1002) });
    expect((await store.claim({ imei: during.imei!, runId: during.runId, policy: 'refuse' })).decision).toBe('proceed');
    await store.begin(during);
    await server.kill();
    expect(server.pid()).toBeUndefined();

    await store.finish(finished(during, 'passed'));
    const offline = [3, 4, 5].map((i) => makeRecord({ imei: imeiOf(1000 + i) }));
    for (const [i, r] of offline.entries()) {
      expect(await store.claim({ imei: r.imei!, runId: r.runId, policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'cannot-check' });
      expect((await store.claim({ imei: r.imei!, runId: r.runId, policy: 'refuse', allowOffline: true })).decision).toBe('proceed');
      await store.begin(r);
      await store.finish(finished(r, i === 1 ? 'failed' : 'passed'));
    }
    expect(await store.pending()).toBe(1 + offline.length * 2);

    await server.restart();
    // The background retry delivers without being asked.
    const deadline = Date.now() + 60_000;
    while ((await store.pending()) > 0) {
      if (Date.now() > deadline) throw new Error(`outbox still holds ${await store.pending()} entries`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const rows = await query<{ run_id: string; outcome: string; n: string }>(url, 'select run_id, outcome, count(*) over (partition by run_id) as n from runs order by started_at, run_id');
    const all = [...before, during, ...offline];
    expect(rows).toHaveLength(all.length);
    expect(rows.every((r) => r.n === '1')).toBe(true);
    expect(new Map(rows.map((r) => [r.run_id, r.outcome]))).toEqual(new Map(all.map((r, i) => [r.runId, i === 4 ? 'failed' : 'passed'])));
    for (const r of all) expect(await store.get(r.runId)).toEqual(finished(r, r === offline[1] ? 'failed' : 'passed'));
    // The passes delivered from the outbox count for the duplicates guard, and no claim is left behind.
    expect(await store.claim({ imei: imeiOf(1003), runId: 'again', policy: 'refuse' })).toMatchObject({ decision: 'refused', reason: 'already-passed' });
    expect(await query(url, 'select imei from claims')).toEqual([]);
    expect(await store.flush()).toBe(0);
  }, 120_000);

  it('entries left by a closed process are delivered by the next open, exactly once', async () => {
    const url = await freshDatabase();
    const outbox = outboxPath();
    const first = await openStore(url, outbox);
    await server.kill();
    const record = makeRecord({ imei: imeiOf(1100) });
    await first.begin(record);
    await first.finish(finished(record, 'failed'));
    await first.begin(record); // a late duplicate: delivered, changes nothing
    expect(await first.pending()).toBe(3);
    await first.close();
    await server.restart();
    const second = await openStore(url, outbox);
    expect(await second.pending()).toBe(0);
    expect(await query<{ outcome: string }>(url, 'select outcome from runs')).toEqual([{ outcome: 'failed' }]);
    expect(await second.get(record.runId)).toEqual(finished(record, 'failed'));
  }, 120_000);
});

describe('PostgreSQL results store: line and unit serial (schema version 3)', () => {
  it('upgrades a version-2 database: records, passes and claims kept; line and unit serial null for them', async () => {
    const url = await freshDatabase();
    const handle = postgresBackend(url);
    await migratePostgres(handle, '0002-unit-passes-and-rework');
    await handle.close();
    const old = finished(makeRecord({ imei: imeiOf(801), station: 'st-9' }), 'passed');
    await query(
      url,
      `insert into runs (run_id, kind, outcome, exit_category, failure_code, failure_step, device_id, imei, iccid, model, revision, firmware,
        profile_name, profile_hash, app_version, host, operator, station, slot, port, started_at, finished_at, run_dir, steps, measurements, facts,
        writer_host, writer_pid, updated_at, rework)
       values ($1, 'run', 'passed', 'ok', null, null, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, 'old-host', 1, 0, 1)`,
      [
        old.runId, old.deviceId, old.imei, old.iccid, old.model, old.revision, JSON.stringify(old.firmware),
        old.profileName, old.profileHash, old.appVersion, old.host, old.operator, old.station, old.slot, old.port, old.startedAt, old.finishedAt, old.runDir,
        JSON.stringify(old.steps), JSON.stringify(old.measurements), JSON.stringify(old.facts),
      ],
    );
    await query(url, 'insert into unit_passes (imei, run_id, passed_at) values ($1, $2, $3)', [old.imei, old.runId, old.finishedAt]);
    await query(url, "insert into claims (imei, run_id, writer_host, writer_pid, claimed_at, rework) values ($1, 'held-run', 'other-host', 1, 0, 0)", [imeiOf(802)]);

    const store = await openStore(url);
    expect((await query<{ name: string }>(url, 'select name from kysely_migration order by name')).map((r) => r.name)).toEqual(MIGRATION_NAMES);
    expect(await store.get(old.runId)).toEqual({ ...old, line: null, unitSerial: null, rework: true });
    expect(await store.claim({ imei: imeiOf(801), runId: 'again', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'already-passed', byRunId: old.runId });
    expect(await store.claim({ imei: imeiOf(802), runId: 'other', policy: 'refuse' })).toEqual({ decision: 'refused', reason: 'in-progress-elsewhere', byRunId: 'held-run' });
    const added = await query<{ table_name: string; column_name: string }>(
      url,
      "select table_name, column_name from information_schema.columns where column_name in ('line', 'unit_serial') order by 1, 2",
    );
    expect(added).toEqual([
      { table_name: 'claims', column_name: 'line' },
      { table_name: 'runs', column_name: 'line' },
      { table_name: 'runs', column_name: 'unit_serial' },
    ]);
    const fresh = finished(makeRecord({ imei: imeiOf(803), line: 'line-1', unitSerial: 'SN-803' }), 'failed');
    await store.finish(fresh);
    expect(await store.get(fresh.runId)).toEqual(fresh);
  });

  it('line and unit serial: stored, filtered, grouped by, and the claim names the record\'s line', async () => {
    const url = await freshDatabase();
    const store = await openStore(url);
    const t0 = Date.UTC(2026, 11, 2, 8, 0, 0);
    const a = finished(makeRecord({ imei: imeiOf(811), startedAt: t0, line: 'line-1', unitSerial: 'SN-A' }), 'passed');
    const b = finished(makeRecord({ imei: imeiOf(812), startedAt: t0 + 60_000, line: 'line-1', unitSerial: 'SN-B' }), 'failed');
    const c = finished(makeRecord({ imei: imeiOf(813), startedAt: t0 + 120_000, line: 'line-2' }), 'passed');
    for (const r of [a, b, c]) {
      await store.claim({ imei: r.imei!, runId: r.runId, policy: 'refuse', line: r.line });
      await store.begin({ ...r, outcome: 'running', finishedAt: null });
    }
    expect(await query(url, 'select claims.line as claim_line, runs.line as run_line from claims join runs on runs.run_id = claims.run_id order by claims.imei')).toEqual([
      { claim_line: 'line-1', run_line: 'line-1' },
      { claim_line: 'line-1', run_line: 'line-1' },
      { claim_line: 'line-2', run_line: 'line-2' },
    ]);
    for (const r of [a, b, c]) await store.finish(r);
    expect(await store.get(b.runId)).toEqual(b);
    expect((await store.list({ line: 'line-1' })).map((r) => r.runId)).toEqual([b.runId, a.runId]);
    expect((await store.list({ unitSerial: 'SN-A' })).map((r) => r.runId)).toEqual([a.runId]);
    const byLine = await store.yieldReport('line');
    expect(byLine.rows.map((r) => [r.key, r.units, r.passed, r.firstPassYield])).toEqual([
      ['line-1', 2, 1, 0.5],
      ['line-2', 1, 1, 1],
    ]);
    expect(await query(url, 'select count(*)::int as n from claims')).toEqual([{ n: 0 }]);
  });
});

describe('PostgreSQL results store: round trips of a write', () => {
  it('finish is one statement (upsert, pass, claim freed, rework kept); begin and release one each', async () => {
    const url = await freshDatabase();
    await openStore(url); // migrated
    const handle = postgresBackend(url);
    const statements: string[] = [];
    // Every statement the driver sends, counted on the pool's clients.
    handle.pool.on('connect', (client) => {
      const send = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const first = args[0];
        statements.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
        return send(...args);
      };
    });
    const core = new SqlStoreCore(handle);
    const writer = { host: 'round-trips', pid: process.pid };
    try {
      const imei = imeiOf(901);
      await core.claim({ imei, runId: 'first', policy: 'refuse' }, writer);
      await core.finish(finished(makeRecord({ runId: 'first', imei }), 'passed'), writer);
      const claimed = await core.claim({ imei, runId: 'redo', policy: 'rework' }, writer);
      expect(claimed).toEqual({ decision: 'proceed', rework: true });
      const redo = makeRecord({ runId: 'redo', imei, line: 'line-1' });
      statements.length = 0;
      await core.begin(redo, writer);
      expect(statements).toHaveLength(1);
      statements.length = 0;
      await core.finish(finished(redo, 'passed'), writer);
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^with /);
      statements.length = 0;
      await core.release(imei, 'nobody');
      expect(statements).toHaveLength(1);

      expect(await core.get('redo')).toEqual({ ...finished(redo, 'passed'), rework: true });
      expect(await query(url, 'select run_id from claims')).toEqual([]);
      expect(await query(url, 'select imei, run_id from unit_passes')).toEqual([{ imei, run_id: 'first' }]);
      // A failed finish (a record no longer allowed by the table: NOT NULL kind) writes nothing at all.
      await core.claim({ imei: imeiOf(902), runId: 'broken', policy: 'refuse' }, writer);
      const broken = { ...finished(makeRecord({ runId: 'broken', imei: imeiOf(902) }), 'passed'), kind: null } as unknown as RunRecord;
      await expect(core.finish(broken, writer)).rejects.toThrow();
      expect(await query(url, "select run_id from claims where run_id = 'broken'")).toEqual([{ run_id: 'broken' }]);
      expect(await query(url, "select run_id from unit_passes where run_id = 'broken'")).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});

describe('PostgreSQL results store: a resumed run', () => {
  it('begin with reopen sets a failed record running again under this process; a plain begin does not', async () => {
    const url = await freshDatabase();
    const store = await openStore(url);
    const record = makeRecord({ imei: imeiOf(951) });
    await store.begin(record);
    await store.finish(finished(record, 'failed'));
    await store.begin(record);
    expect((await store.get(record.runId))?.outcome).toBe('failed');
    await query(url, "update runs set writer_pid = 1, writer_host = 'first-process-host' where run_id = $1", [record.runId]);
    await store.begin(record, { reopen: true });
    expect(await store.get(record.runId)).toEqual(record);
    expect(await query(url, 'select writer_pid, writer_host from runs where run_id = $1', [record.runId])).toEqual([{ writer_pid: process.pid, writer_host: hostname() }]);
  });
});
