/**
 * Schema version 1: the runs table (one row per run, scalar fields as columns for filtering,
 * lists and nested objects as JSON text) and the claims table (one row per unit being worked on).
 * Written once; never edited after release — later changes are new migrations.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('runs')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('exit_category', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('failure_step', 'text')
    .addColumn('device_id', 'text')
    .addColumn('imei', 'text')
    .addColumn('iccid', 'text')
    .addColumn('model', 'text')
    .addColumn('revision', 'text')
    .addColumn('firmware', 'text', (c) => c.notNull())
    .addColumn('profile_name', 'text')
    .addColumn('profile_hash', 'text')
    .addColumn('app_version', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('operator', 'text')
    .addColumn('station', 'text')
    .addColumn('slot', 'text')
    .addColumn('port', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('run_dir', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('measurements', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('writer_host', 'text', (c) => c.notNull())
    .addColumn('writer_pid', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('runs_started_at').on('runs').column('started_at').execute();
  await db.schema.createIndex('runs_imei').on('runs').column('imei').execute();
  await db.schema.createIndex('runs_running').on('runs').columns(['outcome', 'writer_host']).execute();

  await db.schema
    .createTable('claims')
    .addColumn('imei', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('writer_host', 'text', (c) => c.notNull())
    .addColumn('writer_pid', 'integer', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('claims').execute();
  await db.schema.dropTable('runs').execute();
}
