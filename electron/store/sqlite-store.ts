/**
 * The ResultsStore on a SQLite file: migrate at open, mark crashed runs of this host
 * `interrupted`, then every call straight to the file. Nothing waits in an outbox.
 */
import type { RecordQuery, RunRecord, YieldGrouping } from '../../shared/run-record.ts';
import { migrateSqlite, openSqliteFile, sqliteBackend } from './sqlite.ts';
import type { SqliteHandle } from './sqlite.ts';
import { SqlStoreCore, validateBegin, validateClaim, validateFinish, validateRelease } from './sql-store.ts';
import type { BeginOptions, ClaimRequest, ClaimResult, ResultsStore, YieldReport } from './types.ts';
import { StoreError } from './types.ts';
import { thisWriter } from './writer.ts';

export class SqliteResultsStore implements ResultsStore {
  readonly backend = 'sqlite' as const;
  private closed = false;
  private readonly core: SqlStoreCore;
  private readonly writer = thisWriter();

  constructor(
    private readonly handle: SqliteHandle,
    readonly displayUrl: string,
  ) {
    this.core = new SqlStoreCore(handle);
  }

  private live(): SqlStoreCore {
    if (this.closed) throw new StoreError('closed', `results store ${this.displayUrl} is closed`);
    return this.core;
  }

  /** Runs `fn` on the open store; a driver error becomes StoreError 'database' naming the call. */
  private async run<T>(what: string, fn: (core: SqlStoreCore) => Promise<T>): Promise<T> {
    const core = this.live();
    try {
      return await fn(core);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError('database', `results store ${this.displayUrl}: ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** Marks `running` records of this host whose process is gone (done at open). */
  async markInterrupted(): Promise<string[]> {
    return this.run('marking interrupted runs', (core) => core.markInterrupted(this.writer.host));
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    validateClaim(request);
    return this.run('claim', (core) => core.claim(request, this.writer));
  }

  async release(imei: string, runId: string): Promise<void> {
    validateRelease(imei, runId);
    return this.run('release', (core) => core.release(imei, runId));
  }

  async begin(record: RunRecord, options: BeginOptions = {}): Promise<void> {
    const valid = validateBegin(record);
    await this.run('begin', (core) => core.begin(valid, this.writer, options.reopen === true));
  }

  async finish(record: RunRecord): Promise<void> {
    const valid = validateFinish(record);
    await this.run('finish', (core) => core.finish(valid, this.writer));
  }

  async list(query: RecordQuery): Promise<RunRecord[]> {
    return this.run('list', (core) => core.list(query));
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    return this.run('get', (core) => core.get(runId));
  }

  async history(imei: string): Promise<RunRecord[]> {
    return this.run('history', (core) => core.history(imei));
  }

  async yieldReport(by: YieldGrouping, query?: RecordQuery): Promise<YieldReport> {
    return this.run('yield', (core) => core.yieldReport(by, query));
  }

  async pending(): Promise<number> {
    this.live();
    return 0;
  }

  async flush(): Promise<number> {
    this.live();
    return 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}

export async function openSqliteStore(path: string, displayUrl: string): Promise<SqliteResultsStore> {
  const handle = sqliteBackend(openSqliteFile(path, displayUrl));
  try {
    await migrateSqlite(handle, displayUrl);
    const store = new SqliteResultsStore(handle, displayUrl);
    await store.markInterrupted();
    return store;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
