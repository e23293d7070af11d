/**
 * Schema version 2: `unit_passes` (a unit that passed once stays passed: the duplicates guard
 * looks it up by primary key instead of scanning runs), filled from the passed runs already on
 * record; a `rework` flag on runs and claims; indexes for the yield report's groupings.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('unit_passes')
    .addColumn('imei', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('passed_at', 'bigint', (c) => c.notNull())
    .execute();
  // The first passing run of each unit already on record.
  await sql`
    insert into unit_passes (imei, run_id, passed_at)
    select r.imei, min(r.run_id), min(coalesce(r.finished_at, r.started_at))
    from runs r
    where r.outcome = 'passed' and r.imei is not null
      and coalesce(r.finished_at, r.started_at) = (
        select min(coalesce(p.finished_at, p.started_at)) from runs p
        where p.imei = r.imei and p.outcome = 'passed')
    group by r.imei`.execute(db);
  await db.schema.alterTable('runs').addColumn('rework', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('claims').addColumn('rework', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('runs_station_started_at').on('runs').columns(['station', 'started_at']).execute();
  await db.schema.createIndex('runs_imei_started_at').on('runs').columns(['imei', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('runs_imei_started_at').execute();
  await db.schema.dropIndex('runs_station_started_at').execute();
  await db.schema.alterTable('claims').dropColumn('rework').execute();
  await db.schema.alterTable('runs').dropColumn('rework').execute();
  await db.schema.dropTable('unit_passes').execute();
}
