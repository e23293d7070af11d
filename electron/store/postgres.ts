/**
 * The line database backend: a pg Pool through Kysely's PostgresDialect. Epoch-ms `bigint`
 * columns and counts come back as numbers (a per-pool type parser, not pg's global one), an idle
 * client that loses the server is dropped without crashing the process, and "the server cannot
 * be reached" is told apart from other errors so the store can fall back to its outbox.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Transaction } from 'kysely';
import pg from 'pg';
import { migrate, LATEST_MIGRATION } from './migrations/index.ts';
import type { StoreDatabase } from './schema.ts';
import type { SqlBackend } from './sql-store.ts';
import { StoreError } from './types.ts';
import { maskSecretIn } from './url.ts';

const INT8_OID = 20;
const CONNECT_TIMEOUT_MS = 3_000;

export interface PostgresHandle extends SqlBackend {
  pool: pg.Pool;
  close(): Promise<void>;
}

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export function postgresBackend(connectionString: string): PostgresHandle {
  const pool = new pg.Pool({
    connectionString,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    max: 4,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    types: typeParsers,
  });
  // An idle client whose server went away emits 'error' on the pool; without a listener Node
  // would crash. The next query reports the problem (and the store falls back to its outbox).
  pool.on('error', () => {});
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    db,
    pool,
    writeTransaction: <T>(fn: (trx: Kysely<StoreDatabase> | Transaction<StoreDatabase>) => Promise<T>): Promise<T> => db.transaction().execute((trx) => fn(trx)),
    close: () => db.destroy(),
  };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENOENT']);

/** True when `error` says the server could not be reached or went away (not a bad query). */
export function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StoreError && e.kind === 'unreachable') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code)) return true;
      // SQLSTATE class 08 (connection exception), 57P01..57P03 (admin shutdown, crash, cannot connect now).
      if (/^08/.test(code) || /^57P0[1-3]$/.test(code)) return true;
    }
    if (/Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Connection terminated unexpectedly/i.test(e.message)) return true;
  }
  return false;
}

/**
 * Wraps a driver error in a StoreError whose message never shows the password (the driver's error
 * is not kept as `cause`, so no logger can print an unmasked text).
 */
export function storeErrorFrom(error: unknown, connectionString: string, displayUrl: string, what: string, kind: 'migration' | 'database' = 'database'): StoreError {
  if (error instanceof StoreError) return error;
  const message = maskSecretIn(error instanceof Error ? error.message : String(error), connectionString);
  if (isUnreachable(error)) return new StoreError('unreachable', `results store ${displayUrl}: ${what}: the server cannot be reached (${message})`);
  return new StoreError(kind, `results store ${displayUrl}: ${what}: ${message}`);
}

/** Migrates the line database to `target` (Kysely takes an advisory lock: one station at a time). */
export async function migratePostgres(handle: PostgresHandle, target: string = LATEST_MIGRATION): Promise<void> {
  await migrate(handle.db as unknown as Kysely<unknown>, target);
}

/** A cheap round trip: resolves when the server answers. */
export async function ping(handle: PostgresHandle): Promise<void> {
  await sql`select 1`.execute(handle.db);
}
