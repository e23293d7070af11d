/**
 * Schema version 3: the production `line` and the scanned `unit_serial` of a station run as
 * columns of `runs` (null for the runs already on record: they were kept only in each run
 * folder's station.json), the `line` of a claim (the line the claiming run is recorded on), and
 * indexes for the new filters: (`line`, `started_at`) for `--line` and the yield by line,
 * `unit_serial` for `--serial`.
 *
 * On SQLite only, a covering index of the columns the yield report reads (`runs_yield`): the
 * report then scans that index instead of the table, whose rows carry the records' JSON (over
 * 100,000 records about a third faster, docs/results-store.md#benchmarks). PostgreSQL's report
 * is well within its goal without it, and every index is one more write in each finish.
 */
import { SqliteAdapter } from 'kysely';
import type { Kysely } from 'kysely';

/** The columns the yield report reads (yield.ts), filters first. */
export const YIELD_INDEX_COLUMNS = ['imei', 'outcome', 'started_at', 'finished_at', 'run_id', 'station', 'slot', 'failure_code', 'line'] as const;

const isSqlite = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('line', 'text').execute();
  await db.schema.alterTable('runs').addColumn('unit_serial', 'text').execute();
  await db.schema.alterTable('claims').addColumn('line', 'text').execute();
  await db.schema.createIndex('runs_line_started_at').on('runs').columns(['line', 'started_at']).execute();
  await db.schema.createIndex('runs_unit_serial').on('runs').column('unit_serial').execute();
  if (isSqlite(db)) await db.schema.createIndex('runs_yield').on('runs').columns([...YIELD_INDEX_COLUMNS]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('runs_yield').ifExists().execute();
  await db.schema.dropIndex('runs_unit_serial').execute();
  await db.schema.dropIndex('runs_line_started_at').execute();
  await db.schema.alterTable('claims').dropColumn('line').execute();
  await db.schema.alterTable('runs').dropColumn('unit_serial').execute();
  await db.schema.alterTable('runs').dropColumn('line').execute();
}
