/**
 * The store's migrations, in order, as code (docs/results-store.md#migrations): the same set runs
 * on SQLite and PostgreSQL through Kysely's Migrator at every open. Add a new file and a new entry
 * here; never edit or rename a released one (the name is what the database records).
 */
import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import * as runsAndClaims from './0001-runs-and-claims.ts';
import * as unitPassesAndRework from './0002-unit-passes-and-rework.ts';
import * as lineAndUnitSerial from './0003-line-and-unit-serial.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-runs-and-claims': runsAndClaims,
  '0002-unit-passes-and-rework': unitPassesAndRework,
  '0003-line-and-unit-serial': lineAndUnitSerial,
};

export const MIGRATION_NAMES = Object.keys(MIGRATIONS);
export const LATEST_MIGRATION = MIGRATION_NAMES[MIGRATION_NAMES.length - 1] as string;

const provider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) };

/** A Migrator over the store's migrations (tables `kysely_migration`, `kysely_migration_lock`). */
export function storeMigrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider });
}

/** Runs the migrations up to `target` (default: the latest); throws the first failure. */
export async function migrate(db: Kysely<unknown>, target: string = LATEST_MIGRATION): Promise<MigrationResultSet> {
  const result = await storeMigrator(db).migrateTo(target);
  if (result.error !== undefined) throw result.error;
  return result;
}
