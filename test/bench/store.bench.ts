/**
 * The results store (docs/results-store.md), on SQLite and on a private PostgreSQL 15 cluster
 * started for the bench:
 * - record write latency: finish() of a full record (validation, then upsert, pass and claim all or nothing;
 *   one statement on PostgreSQL) against a bare INSERT of the same row through the driver, one by one, on the same
 *   database in the same run; median and p99, as ratios.
 * - the yield report over 100,000 records (by day) against a plain `select count(*)` of the same
 *   table.
 * `FIELDLINK_BENCH_STORE_WRITES` (default 400) and `FIELDLINK_BENCH_STORE_RECORDS` (default
 * 100000) change the sizes. PostgreSQL results are left out when its binaries are missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { migrateSqlite, openSqliteFile, sqliteBackend } from '../../electron/store/sqlite.ts';
import { migratePostgres, postgresBackend } from '../../electron/store/postgres.ts';
import { openResultsStore } from '../../electron/store/open.ts';
import { recordToRow } from '../../electron/store/rows.ts';
import type { RunRow } from '../../electron/store/rows.ts';
import type { StoreDatabase } from '../../electron/store/schema.ts';
import type { ResultsStore } from '../../electron/store/types.ts';
import type { RunRecord } from '../../shared/run-record.ts';
import { postgresInstalled, startPostgres } from '../helpers/postgres.ts';
import { finished, imeiOf, makeRecord } from '../integration/store/records.ts';
import { compare, median } from './types.ts';
import type { BenchResult } from './types.ts';

const WRITES = Number(process.env.FIELDLINK_BENCH_STORE_WRITES ?? 400);
const RECORDS = Number(process.env.FIELDLINK_BENCH_STORE_RECORDS ?? 100_000);
const WARM_UP = 20;
const YIELD_ROUNDS = 3;
const WRITER = { host: 'bench-host', pid: 1 };
const CODES = ['MQTT_REFUSED', 'SIM_MISSING', 'TLS_HANDSHAKE', 'NO_REGISTRATION', 'MEASUREMENT_OUT_OF_LIMITS', 'FOTA_TIMEOUT'];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function writeRecord(i: number): RunRecord {
  const base = makeRecord({ imei: imeiOf(i % 50_000), startedAt: Date.UTC(2026, 10, 1) + i * 1000, station: `st-${i % 8}`, slot: String(i % 4) });
  return finished(base, i % 5 === 0 ? 'failed' : 'passed', i % 5 === 0 ? { failureCode: CODES[i % CODES.length] ?? null } : {});
}

/** A month of a line: 8 stations, 4 slots, units retried now and then, six failure codes. */
function historyRow(i: number): RunRow {
  const unit = Math.floor(i / 1.25);
  const failed = i % 7 === 0 || i % 11 === 0;
  const record = finished(
    makeRecord({ runId: `hist-${i}`, imei: imeiOf(unit), startedAt: Date.UTC(2026, 9, 1) + i * 26_000, station: `st-${unit % 8}`, slot: String(unit % 4) }),
    failed ? 'failed' : 'passed',
    failed ? { failureCode: CODES[i % CODES.length] ?? null } : {},
  );
  return recordToRow(record, WRITER, record.finishedAt ?? 0);
}

async function loadHistory(db: Kysely<StoreDatabase>, count: number): Promise<void> {
  const BATCH = 500;
  for (let start = 0; start < count; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) rows.push(historyRow(i));
    await db.insertInto('runs').values(rows).execute();
  }
}

async function timeWrites(store: ResultsStore, bareInsert: (row: RunRow) => Promise<void>): Promise<{ store: number[]; bare: number[] }> {
  const storeTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < WARM_UP + WRITES; i++) {
    const record = writeRecord(i);
    const row = recordToRow({ ...record, runId: `bare-${i}` }, WRITER, 0);
    // Alternate the order so neither side always runs on a warmer cache.
    const storeFirst = i % 2 === 0;
    let t = 0;
    let s = 0;
    if (storeFirst) {
      s = performance.now();
      await store.finish(record);
      s = performance.now() - s;
    }
    t = performance.now();
    await bareInsert(row);
    t = performance.now() - t;
    if (!storeFirst) {
      s = performance.now();
      await store.finish(record);
      s = performance.now() - s;
    }
    if (i >= WARM_UP) {
      storeTimes.push(s);
      bareTimes.push(t);
    }
  }
  return { store: storeTimes, bare: bareTimes };
}

async function timeYield(store: ResultsStore, count: () => Promise<void>): Promise<{ report: number; count: number }> {
  const reportTimes: number[] = [];
  const countTimes: number[] = [];
  await store.yieldReport('day'); // warm caches
  await count();
  for (let round = 0; round < YIELD_ROUNDS; round++) {
    let t = performance.now();
    await store.yieldReport('day');
    reportTimes.push(performance.now() - t);
    t = performance.now();
    await count();
    countTimes.push(performance.now() - t);
  }
  return { report: median(reportTimes), count: median(countTimes) };
}

function results(backend: string, writes: { store: number[]; bare: number[] }, yields: { report: number; count: number }): BenchResult[] {
  return [
    compare({
      name: `store ${backend}: record write median`,
      value: median(writes.store),
      baseline: median(writes.bare),
      unit: 'ms',
      goal: backend === 'sqlite' ? 30 : 20,
      better: 'lower',
      note: `${WRITES} finish() calls (zod, then upsert + pass + claim all or nothing: one transaction on SQLite, one statement on PostgreSQL) vs a bare INSERT of the same row`,
    }),
    compare({ name: `store ${backend}: record write p99`, value: percentile(writes.store, 99), baseline: percentile(writes.bare, 99), unit: 'ms', goal: 5, better: 'lower' }),
    compare({
      name: `store ${backend}: yield by day over ${RECORDS.toLocaleString('en-US')}`,
      value: yields.report,
      baseline: yields.count,
      unit: 'ms',
      goal: backend === 'sqlite' ? 5000 : 300,
      better: 'lower',
      note:
        `median of ${YIELD_ROUNDS}: groups, first-pass yield (window), Pareto vs select count(*) from runs` +
        (backend === 'sqlite' ? ' (SQLite counts from its narrowest index without reading a row: a far smaller baseline than PostgreSQL\'s scan)' : ''),
    }),
  ];
}

async function benchSqlite(dir: string): Promise<BenchResult[]> {
  const path = join(dir, 'bench.sqlite');
  const handle = sqliteBackend(openSqliteFile(path, 'bench'));
  await migrateSqlite(handle, 'bench');
  await loadHistory(handle.db, RECORDS);
  await sql`create table bench_bare as select * from runs where 0`.execute(handle.db);
  await handle.close();

  const store = await openResultsStore({ url: `sqlite:${path}` });
  const raw = new Database(path);
  raw.pragma('busy_timeout = 10000');
  raw.pragma('synchronous = NORMAL');
  try {
    const yields = await timeYield(store, async () => {
      raw.prepare('select count(*) from runs').pluck().get();
    });
    const columns = Object.keys(historyRow(0));
    const insert = raw.prepare(`insert into bench_bare (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
    const writes = await timeWrites(store, async (row) => {
      insert.run(Object.values(row));
    });
    return results('sqlite', writes, yields);
  } finally {
    raw.close();
    await store.close();
  }
}

async function benchPostgres(dir: string): Promise<BenchResult[]> {
  const server = await startPostgres();
  try {
    const handle = postgresBackend(server.url);
    await migratePostgres(handle);
    await loadHistory(handle.db, RECORDS);
    await sql`create table bench_bare (like runs including defaults)`.execute(handle.db);
    await sql`analyze`.execute(handle.db);
    await handle.close();

    const store = await openResultsStore({ url: server.url, outboxPath: join(dir, 'outbox.sqlite') });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const yields = await timeYield(store, async () => {
        await client.query('select count(*) from runs');
      });
      const columns = Object.keys(historyRow(0));
      const text = `insert into bench_bare (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
      const writes = await timeWrites(store, async (row) => {
        await client.query({ name: 'bare-insert', text, values: Object.values(row) });
      });
      return results('postgres', writes, yields);
    } finally {
      await client.end();
      await store.close();
    }
  } finally {
    await server.stop();
  }
}

export async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldlink-store-bench-'));
  try {
    const out = await benchSqlite(dir);
    if (postgresInstalled()) out.push(...(await benchPostgres(dir)));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
