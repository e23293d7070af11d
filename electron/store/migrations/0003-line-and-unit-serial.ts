/**
 * Schema version 3: the production `line` and the scanned `unit_serial` of a station run as
 * columns of `runs` (null for the runs already on record: they were kept only in each run
 * folder's station.json), the `line` of a claim (the line the claiming run is recorded on), and
 * indexes for the new filters: (`line`, `started_at`) for `--line` and the yield by line,
 * `unit_serial` for `--serial`.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('line', 'text').execute();
  await db.schema.alterTable('runs').addColumn('unit_serial', 'text').execute();
  await db.schema.alterTable('claims').addColumn('line', 'text').execute();
  await db.schema.createIndex('runs_line_started_at').on('runs').columns(['line', 'started_at']).execute();
  await db.schema.createIndex('runs_unit_serial').on('runs').column('unit_serial').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('runs_unit_serial').execute();
  await db.schema.dropIndex('runs_line_started_at').execute();
  await db.schema.alterTable('claims').dropColumn('line').execute();
  await db.schema.alterTable('runs').dropColumn('unit_serial').execute();
  await db.schema.alterTable('runs').dropColumn('line').execute();
}
