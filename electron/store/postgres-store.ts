/**
 * The ResultsStore on a line database (PostgreSQL) with a local outbox (docs/results-store.md#outbox).
 * While the server answers, every call goes straight to it. When it cannot be reached, begin,
 * finish and release wait in the outbox in order and the run goes on; a background retry (with
 * backoff, on an unref'd timer) and flush() deliver them when the server is back — each delivery
 * an upsert by run id, so none is lost or doubled. Nothing is sent straight to the server while
 * older entries still wait, so the order is kept. Reads need the server.
 */
import type { RecordQuery, RunRecord, YieldGrouping } from '../../shared/run-record.ts';
import { Outbox } from './outbox.ts';
import type { OutboxPayload } from './outbox.ts';
import { isUnreachable, migratePostgres, ping, postgresBackend, storeErrorFrom } from './postgres.ts';
import type { PostgresHandle } from './postgres.ts';
import { SqlStoreCore, validateBegin, validateClaim, validateFinish, validateRelease } from './sql-store.ts';
import type { BeginOptions, ClaimRequest, ClaimResult, ResultsStore, YieldReport } from './types.ts';
import { StoreError } from './types.ts';
import { thisWriter } from './writer.ts';

export interface PostgresStoreOptions {
  connectionString: string;
  displayUrl: string;
  outboxPath: string;
  /** First retry delay; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

const DEFAULT_RETRY_MS = 1_000;
const DEFAULT_MAX_RETRY_MS = 30_000;

export class PostgresResultsStore implements ResultsStore {
  readonly backend = 'postgres' as const;
  readonly displayUrl: string;
  private readonly core: SqlStoreCore;
  private readonly writer = thisWriter();
  private ready = false;
  private closed = false;
  private flushing: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private retryDelay: number;

  constructor(
    private readonly handle: PostgresHandle,
    private readonly outbox: Outbox,
    private readonly options: PostgresStoreOptions,
  ) {
    this.displayUrl = options.displayUrl;
    this.core = new SqlStoreCore(handle);
    this.retryDelay = options.retryMs ?? DEFAULT_RETRY_MS;
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('closed', `results store ${this.displayUrl} is closed`);
  }

  private wrap(error: unknown, what: string): StoreError {
    return storeErrorFrom(error, this.options.connectionString, this.displayUrl, what);
  }

  /** Migrates and marks crashed runs of this host, once, on the first call that reaches the server. */
  async connect(): Promise<void> {
    if (this.ready) return;
    try {
      await ping(this.handle);
    } catch (error) {
      throw storeErrorFrom(error, this.options.connectionString, this.displayUrl, 'connecting');
    }
    try {
      await migratePostgres(this.handle);
    } catch (error) {
      throw storeErrorFrom(error, this.options.connectionString, this.displayUrl, 'migrating the schema', 'migration');
    }
    this.ready = true;
    await this.core.markInterrupted(this.writer.host);
  }

  /** Runs `fn` against the server (connecting first); errors become StoreErrors without secrets. */
  private async online<T>(what: string, fn: () => Promise<T>): Promise<T> {
    this.checkOpen();
    try {
      await this.connect();
      return await fn();
    } catch (error) {
      throw this.wrap(error, what);
    }
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    validateClaim(request);
    this.checkOpen();
    if (request.policy === 'allow') return { decision: 'proceed', rework: false };
    try {
      // A pass may still wait in the outbox: deliver first, decide only on a complete picture.
      if (this.outbox.count() > 0) await this.flush();
      if (this.outbox.count() > 0) throw new StoreError('unreachable', `results store ${this.displayUrl}: records still wait in the outbox`);
      return await this.online('claim', () => this.core.claim(request, this.writer));
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      this.scheduleRetry();
      return request.allowOffline === true ? { decision: 'proceed', rework: false } : { decision: 'refused', reason: 'cannot-check' };
    }
  }

  async release(imei: string, runId: string): Promise<void> {
    validateRelease(imei, runId);
    return this.write({ op: 'release', imei, runId });
  }

  async begin(record: RunRecord, options: BeginOptions = {}): Promise<void> {
    return this.write({ op: 'begin', record: validateBegin(record), writer: this.writer, ...(options.reopen === true ? { reopen: true as const } : {}) });
  }

  async finish(record: RunRecord): Promise<void> {
    return this.write({ op: 'finish', record: validateFinish(record), writer: this.writer });
  }

  /** Straight to the server when nothing waits and it answers; else into the outbox. */
  private async write(payload: OutboxPayload): Promise<void> {
    this.checkOpen();
    if (this.outbox.count() === 0) {
      try {
        await this.online(payload.op, () => this.deliver(payload));
        return;
      } catch (error) {
        if (!isUnreachable(error)) throw error;
      }
    }
    this.outbox.enqueue(payload);
    this.scheduleRetry();
  }

  private deliver(payload: OutboxPayload): Promise<void> {
    switch (payload.op) {
      case 'begin':
        return this.core.begin(payload.record, payload.writer, payload.reopen === true);
      case 'finish':
        return this.core.finish(payload.record, payload.writer);
      case 'release':
        return this.core.release(payload.imei, payload.runId);
    }
  }

  async list(query: RecordQuery): Promise<RunRecord[]> {
    return this.online('list', () => this.core.list(query));
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    return this.online('get', () => this.core.get(runId));
  }

  async history(imei: string): Promise<RunRecord[]> {
    return this.online('history', () => this.core.history(imei));
  }

  async yieldReport(by: YieldGrouping, query?: RecordQuery): Promise<YieldReport> {
    return this.online('yield', () => this.core.yieldReport(by, query));
  }

  async pending(): Promise<number> {
    this.checkOpen();
    return this.outbox.count();
  }

  /** Delivers waiting entries oldest first until the outbox is empty or the server is away. */
  async flush(): Promise<number> {
    this.checkOpen();
    this.flushing ??= this.drain().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async drain(): Promise<number> {
    let delivered = 0;
    for (let entry = this.outbox.first(); entry !== undefined && !this.closed; entry = this.outbox.first()) {
      try {
        await this.online(`delivering ${entry.payload.op}`, () => this.deliver(entry!.payload));
      } catch (error) {
        this.outbox.noteFailure(entry.seq, error instanceof Error ? error.message : String(error));
        if (isUnreachable(error)) {
          this.scheduleRetry();
          return delivered;
        }
        throw error;
      }
      this.outbox.remove(entry.seq);
      delivered++;
    }
    this.retryDelay = this.options.retryMs ?? DEFAULT_RETRY_MS;
    // Records delivered for a process that has since died are `running` on the server: mark them now.
    if (delivered > 0 && !this.closed) await this.online('marking interrupted runs', () => this.core.markInterrupted(this.writer.host));
    return delivered;
  }

  /** Arms the background retry (no-op when armed or closed). */
  scheduleRetry(): void {
    if (this.timer !== undefined || this.closed) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.options.maxRetryMs ?? DEFAULT_MAX_RETRY_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed) return;
      this.flush().catch(() => this.scheduleRetry());
    }, delay);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing?.catch(() => 0);
    this.closed = true;
    this.outbox.close();
    await this.handle.close();
  }
}

/**
 * Opens the line database store. A server that cannot be reached is not an error here (the
 * station works on through the outbox); a server that refuses (bad password, failed migration) is.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresResultsStore> {
  const outbox = new Outbox(options.outboxPath);
  const handle = postgresBackend(options.connectionString);
  const store = new PostgresResultsStore(handle, outbox, options);
  try {
    await store.connect();
    if (outbox.count() > 0) await store.flush();
  } catch (error) {
    if (!isUnreachable(error)) {
      await store.close().catch(() => undefined);
      throw error;
    }
    store.scheduleRetry();
  }
  return store;
}
