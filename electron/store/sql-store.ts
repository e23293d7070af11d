/**
 * The store's operations on a migrated database, the same SQL on SQLite and PostgreSQL
 * (docs/results-store.md). Each write is one transaction; the duplicates guard is the claims
 * table's primary key (insert … on conflict do nothing), never a read followed by a write.
 */
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { RecordQuery, RunRecord, YieldGrouping } from '../../shared/run-record.ts';
import { applyFilters, DEFAULT_LIMIT, validateQuery } from './query.ts';
import { recordToRow, rowToRecord, validateRecord } from './rows.ts';
import type { Writer } from './rows.ts';
import type { Dialect, StoreDatabase } from './schema.ts';
import type { ClaimRequest, ClaimResult, YieldReport } from './types.ts';
import { StoreError } from './types.ts';
import { processAlive } from './writer.ts';
import { computeYieldReport } from './yield.ts';

/** What differs between the backends: how a write transaction takes its lock. */
export interface SqlBackend {
  dialect: Dialect;
  db: Kysely<StoreDatabase>;
  /** Runs `fn` in one transaction that holds the write lock from its first statement. */
  writeTransaction<T>(fn: (trx: Kysely<StoreDatabase> | Transaction<StoreDatabase>) => Promise<T>): Promise<T>;
}

const FINAL_OUTCOMES = new Set(['passed', 'failed', 'cancelled', 'interrupted']);
const IMEI = /^\d{15}$/;

export function validateClaim(request: ClaimRequest): void {
  if (typeof request.imei !== 'string' || !IMEI.test(request.imei)) throw new StoreError('invalid-record', 'claim: imei must be 15 digits');
  if (typeof request.runId !== 'string' || request.runId === '' || request.runId.length > 200) throw new StoreError('invalid-record', 'claim: runId must be 1 to 200 characters');
  if (request.line !== undefined && request.line !== null && (typeof request.line !== 'string' || request.line === '' || request.line.length > 200)) throw new StoreError('invalid-record', 'claim: line must be 1 to 200 characters');
  if (!['allow', 'refuse', 'rework'].includes(request.policy)) throw new StoreError('invalid-record', `claim: policy must be allow, refuse or rework (got ${String(request.policy)})`);
}

export function validateRelease(imei: string, runId: string): void {
  if (typeof imei !== 'string' || !IMEI.test(imei)) throw new StoreError('invalid-record', 'release: imei must be 15 digits');
  if (typeof runId !== 'string' || runId === '' || runId.length > 200) throw new StoreError('invalid-record', 'release: runId must be 1 to 200 characters');
}

export function validateBegin(input: RunRecord): RunRecord {
  const record = validateRecord(input, 'begin');
  if (record.outcome !== 'running') throw new StoreError('invalid-record', `begin: outcome must be running (got ${record.outcome})`);
  return record;
}

export function validateFinish(input: RunRecord): RunRecord {
  const record = validateRecord(input, 'finish');
  if (!FINAL_OUTCOMES.has(record.outcome)) throw new StoreError('invalid-record', `finish: outcome must be passed, failed, cancelled or interrupted (got ${record.outcome})`);
  return record;
}

export class SqlStoreCore {
  constructor(private readonly backend: SqlBackend) {}

  get db(): Kysely<StoreDatabase> {
    return this.backend.db;
  }

  async claim(request: ClaimRequest, writer: Writer): Promise<ClaimResult> {
    if (request.policy === 'allow') return { decision: 'proceed', rework: false };
    const now = Date.now();
    return this.backend.writeTransaction(async (trx) => {
      const inserted = await trx
        .insertInto('claims')
        .values({ imei: request.imei, run_id: request.runId, writer_host: writer.host, writer_pid: writer.pid, claimed_at: now, line: request.line ?? null })
        .onConflict((oc) => oc.column('imei').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
        const holder = await trx.selectFrom('claims').select(['run_id', 'rework', 'writer_host', 'writer_pid']).where('imei', '=', request.imei).executeTakeFirst();
        if (holder !== undefined && holder.run_id === request.runId) return { decision: 'proceed', rework: Number(holder.rework) === 1 };
        // A claim left by a process of this host that is gone (a crash before the next open) is taken over.
        const stale = holder !== undefined && holder.writer_host === writer.host && !processAlive(Number(holder.writer_pid));
        if (!stale) return { decision: 'refused', reason: 'in-progress-elsewhere', ...(holder ? { byRunId: holder.run_id } : {}) };
        const taken = await trx
          .updateTable('claims')
          .set({ run_id: request.runId, writer_host: writer.host, writer_pid: writer.pid, claimed_at: now, rework: 0, line: request.line ?? null })
          .where('imei', '=', request.imei)
          .where('run_id', '=', holder.run_id)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) === 0) return { decision: 'refused', reason: 'in-progress-elsewhere', byRunId: holder.run_id };
      }
      const pass = await trx.selectFrom('unit_passes').select('run_id').where('imei', '=', request.imei).executeTakeFirst();
      if (pass === undefined) return { decision: 'proceed', rework: false };
      if (request.policy === 'refuse') {
        await trx.deleteFrom('claims').where('imei', '=', request.imei).where('run_id', '=', request.runId).execute();
        return { decision: 'refused', reason: 'already-passed', byRunId: pass.run_id };
      }
      await trx.updateTable('claims').set({ rework: 1 }).where('imei', '=', request.imei).where('run_id', '=', request.runId).execute();
      return { decision: 'proceed', rework: true };
    });
  }

  /**
   * One write statement: atomic on its own, so on PostgreSQL it goes without begin/commit (one
   * round trip instead of three); on SQLite in the usual `begin immediate` transaction.
   */
  private singleWrite<T>(fn: (db: Kysely<StoreDatabase> | Transaction<StoreDatabase>) => Promise<T>): Promise<T> {
    return this.backend.dialect === 'postgres' ? fn(this.db) : this.backend.writeTransaction(fn);
  }

  async release(imei: string, runId: string): Promise<void> {
    await this.singleWrite((db) => db.deleteFrom('claims').where('imei', '=', imei).where('run_id', '=', runId).execute());
  }

  /**
   * Inserts the `running` row; a second begin of the same run changes nothing. With `reopen` (a
   * resumed run) an existing row becomes `running` again with this writer, so the next open can
   * tell whether the resuming process died; its rework mark is kept.
   */
  async begin(record: RunRecord, writer: Writer, reopen = false): Promise<void> {
    const row = recordToRow(record, writer, Date.now());
    const { run_id: _runId, ...update } = row;
    await this.singleWrite(async (trx) => {
      const claimRework = trx.selectFrom('claims').select((eb) => eb.fn.coalesce(eb.fn.max('claims.rework'), eb.lit(0)).as('rework')).where('claims.run_id', '=', record.runId);
      await trx
        .insertInto('runs')
        .values({ ...row, rework: claimRework })
        .onConflict((oc) =>
          reopen
            ? oc.column('run_id').doUpdateSet((eb) => ({ ...update, rework: eb.case().when('runs.rework', '=', 1).then(1).else(eb.ref('excluded.rework')).end() }))
            : oc.column('run_id').doNothing(),
        )
        .execute();
    });
  }

  /**
   * Writes the final record, records a pass, frees the run's claim: all or nothing. On SQLite one
   * `begin immediate` transaction (statements in-process cost no round trip); on PostgreSQL one
   * statement whose data-modifying CTEs do the three writes, so a finish is one round trip
   * instead of five (begin, upsert, pass, claim, commit). All parts of that statement see the
   * same snapshot: the rework mark is read from the claim the same statement deletes.
   */
  async finish(record: RunRecord, writer: Writer): Promise<void> {
    const now = Date.now();
    const row = recordToRow(record, writer, now);
    const { run_id: _runId, writer_host: _host, writer_pid: _pid, ...update } = row;
    const pass = record.outcome === 'passed' && record.imei !== null ? { imei: record.imei, run_id: record.runId, passed_at: record.finishedAt ?? now } : undefined;
    const upsert = (db: Kysely<StoreDatabase> | Transaction<StoreDatabase>) => {
      // The rework mark comes from the run's claim (if any) and is never cleared by a later write.
      const claimRework = db.selectFrom('claims').select((eb) => eb.fn.coalesce(eb.fn.max('claims.rework'), eb.lit(0)).as('rework')).where('claims.run_id', '=', record.runId);
      return db
        .insertInto('runs')
        .values({ ...row, rework: claimRework })
        .onConflict((oc) =>
          oc.column('run_id').doUpdateSet((eb) => ({
            ...update,
            rework: eb.case().when('runs.rework', '=', 1).then(1).else(eb.ref('excluded.rework')).end(),
          })),
        );
    };
    const recordPass = (db: Kysely<StoreDatabase> | Transaction<StoreDatabase>, values: NonNullable<typeof pass>) =>
      db
        .insertInto('unit_passes')
        .values(values)
        .onConflict((oc) => oc.column('imei').doNothing());
    const freeClaim = (db: Kysely<StoreDatabase> | Transaction<StoreDatabase>) => db.deleteFrom('claims').where('run_id', '=', record.runId);

    if (this.backend.dialect === 'postgres') {
      const db = this.db;
      const parts = [sql`upserted as (${upsert(db).returning('runs.run_id')})`, sql`freed as (${freeClaim(db).returning('claims.imei')})`];
      if (pass) parts.push(sql`passed as (${recordPass(db, pass).returning('unit_passes.imei')})`);
      await sql`with ${sql.join(parts)} select count(*) from upserted`.execute(db);
      return;
    }
    await this.backend.writeTransaction(async (trx) => {
      await upsert(trx).execute();
      if (pass) await recordPass(trx, pass).execute();
      await freeClaim(trx).execute();
    });
  }

  /**
   * Marks `running` records of `host` whose writer process is gone as `interrupted`, and frees
   * their claims (and any claim of a gone process). Returns the run ids marked.
   */
  async markInterrupted(host: string, alive: (pid: number) => boolean = processAlive): Promise<string[]> {
    const running = await this.db.selectFrom('runs').select(['run_id', 'writer_pid']).where('outcome', '=', 'running').where('writer_host', '=', host).execute();
    const claims = await this.db.selectFrom('claims').select(['run_id', 'writer_pid']).where('writer_host', '=', host).execute();
    const deadRuns = running.filter((r) => !alive(Number(r.writer_pid))).map((r) => r.run_id);
    const deadClaims = claims.filter((c) => !alive(Number(c.writer_pid))).map((c) => c.run_id);
    if (deadRuns.length === 0 && deadClaims.length === 0) return [];
    const now = Date.now();
    await this.backend.writeTransaction(async (trx) => {
      for (const runId of deadRuns) {
        // Only a row still `running` (a finish may have landed meanwhile).
        await trx.updateTable('runs').set({ outcome: 'interrupted', updated_at: now }).where('run_id', '=', runId).where('outcome', '=', 'running').execute();
      }
      for (const runId of new Set([...deadRuns, ...deadClaims])) {
        await trx.deleteFrom('claims').where('run_id', '=', runId).where('writer_host', '=', host).execute();
      }
    });
    return deadRuns;
  }

  async list(input: RecordQuery): Promise<RunRecord[]> {
    const query = validateQuery(input);
    const rows = await applyFilters(this.db.selectFrom('runs').selectAll('runs'), query)
      .orderBy('runs.started_at', 'desc')
      .orderBy('runs.run_id', 'desc')
      .limit(query.limit ?? DEFAULT_LIMIT)
      .offset(query.offset ?? 0)
      .execute();
    return rows.map(rowToRecord);
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    const row = await this.db.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
    return row === undefined ? undefined : rowToRecord(row);
  }

  async history(imei: string): Promise<RunRecord[]> {
    if (!IMEI.test(imei)) throw new StoreError('invalid-record', 'history: imei must be 15 digits');
    const rows = await this.db.selectFrom('runs').selectAll().where('imei', '=', imei).orderBy('started_at', 'asc').orderBy('run_id', 'asc').execute();
    return rows.map(rowToRecord);
  }

  async yieldReport(by: YieldGrouping, input?: RecordQuery): Promise<YieldReport> {
    const query = validateQuery(input ?? {});
    return computeYieldReport(this.db, this.backend.dialect, by, query);
  }
}
