/**
 * The embedded backend: one SQLite file (better-sqlite3), WAL journal, a busy timeout so several
 * processes (station slots, the CLI beside the app) share it, and write transactions that take the
 * write lock at once (`begin immediate`). Migrations run at open under that same lock.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import type { Transaction } from 'kysely';
import { migrate, LATEST_MIGRATION } from './migrations/index.ts';
import type { StoreDatabase } from './schema.ts';
import type { SqlBackend } from './sql-store.ts';
import { StoreError } from './types.ts';

const BUSY_TIMEOUT_MS = 10_000;

export interface SqliteHandle extends SqlBackend {
  raw: Database.Database;
  close(): Promise<void>;
}

/** Opens (creating it and its folder if needed) the SQLite file and applies `pragma`s. */
export function openSqliteFile(path: string, displayUrl: string): Database.Database {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const raw = new Database(path);
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    return raw;
  } catch (error) {
    throw new StoreError('unreachable', `results store ${displayUrl} cannot be opened: ${(error as Error).message}`, { cause: error });
  }
}

/** A Kysely over one better-sqlite3 connection, with `begin immediate` write transactions. */
export function sqliteBackend(raw: Database.Database): SqliteHandle {
  const db = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    dialect: 'sqlite',
    db,
    raw,
    writeTransaction: <T>(fn: (trx: Kysely<StoreDatabase> | Transaction<StoreDatabase>) => Promise<T>): Promise<T> =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          if (raw.inTransaction) await sql`rollback`.execute(conn);
          throw error;
        }
      }),
    close: () => db.destroy(),
  };
}

/**
 * Brings the file's schema to `target` (default: the latest) in one immediate transaction, so
 * two processes opening a new file at once do not both migrate, and a failed migration leaves
 * the file as it was.
 */
export async function migrateSqlite(handle: SqliteHandle, displayUrl: string, target: string = LATEST_MIGRATION): Promise<void> {
  await handle.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      await migrate(conn as Kysely<unknown>, target);
      await sql`commit`.execute(conn);
    } catch (error) {
      if (handle.raw.inTransaction) await sql`rollback`.execute(conn);
      throw new StoreError('migration', `results store ${displayUrl}: the schema could not be migrated: ${(error as Error).message}`, { cause: error });
    }
  });
}
