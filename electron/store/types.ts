/**
 * The results store's contract (docs/results-store.md). One interface, two backends: an embedded
 * SQLite file (the default) and PostgreSQL for a line of stations (with a local SQLite outbox for
 * records that could not be delivered). Callers never see which one they have.
 *
 *   const store = await openResultsStore({ url: defaultStoreUrl(dataDir) });  // sqlite:<dataDir>/results.sqlite
 *   await store.claim({ imei, runId, policy: 'refuse' });   // before anything changes on the unit
 *   await store.begin(record);                              // outcome: running
 *   await store.finish(record);                             // passed | failed | cancelled
 *   await store.close();
 */
import { KindError } from '../../shared/errors.ts';
import type { DuplicatePolicy, RecordQuery, RunRecord, YieldGrouping } from '../../shared/run-record.ts';

/**
 * Why the store refused or failed; `code` is also the run's failure code where a run is refused.
 * `database`: the database answered with an error that is none of the others (disk full, a
 * refused login…).
 */
export class StoreError extends KindError<'bad-url' | 'unreachable' | 'migration' | 'duplicate-imei' | 'cannot-check-duplicates' | 'invalid-record' | 'closed' | 'database'> {
  override readonly name = 'StoreError';
}

export interface StoreLocation {
  /** `sqlite:PATH` or `postgres://…` / `postgresql://…`. */
  url: string;
  /** The local SQLite outbox for a PostgreSQL store (default: `outbox.sqlite` in `dataDir`). */
  outboxPath?: string;
  /** The data folder (default `~/.fieldlink`): where the outbox goes when `outboxPath` is not given. */
  dataDir?: string;
  /** Where the URL came from (`--store`, a settings key…), named in a 'bad-url' error. */
  setting?: string;
}

export interface ClaimRequest {
  imei: string;
  runId: string;
  policy: DuplicatePolicy;
  /** With `refuse` and the line database unreachable: proceed anyway (the profile allows offline work). */
  allowOffline?: boolean;
  /** The production line the run is recorded on (kept with the claim; the record names the same line). */
  line?: string | null;
}

/** `proceed` (claimed, or nothing to check), or a refusal with its reason. */
export type ClaimResult =
  | { decision: 'proceed'; rework: boolean }
  | { decision: 'refused'; reason: 'already-passed' | 'in-progress-elsewhere' | 'cannot-check'; byRunId?: string };

export interface BeginOptions {
  /** The run is resumed: its record (failed or cancelled before) is `running` again, written by this process. */
  reopen?: boolean;
}

export interface YieldRow {
  /** The group's key: a day (YYYY-MM-DD), station, slot or failure code; `(none)` for empty. */
  key: string;
  units: number;
  passed: number;
  failed: number;
  /** Units that passed on their first run / units. */
  firstPassYield: number;
  /** Units per hour over the group's span (0 when it spans under a minute). */
  unitsPerHour: number;
}

export interface YieldReport {
  by: YieldGrouping;
  rows: YieldRow[];
  /** Failure codes, most frequent first, with cumulative share (a Pareto). */
  pareto: { code: string; count: number; cumulativeShare: number }[];
  totals: Omit<YieldRow, 'key'>;
}

export interface ResultsStore {
  /** `sqlite` or `postgres`: what the user chose, for display. */
  readonly backend: 'sqlite' | 'postgres';
  /** Where it is, with any password masked. */
  readonly displayUrl: string;
  /** Duplicates policy check, enforced by the database (constraint or lock), never read-then-write. */
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /** Releases a claim whose run did not pass (failed, cancelled), so the unit may be tried again. */
  release(imei: string, runId: string): Promise<void>;
  /**
   * Inserts the record (outcome `running`). Idempotent by runId: a second begin changes nothing,
   * unless `reopen` (a resumed run: `run --resume`, a station retry), which sets the stored record
   * `running` again under this process, so a resumed run that dies is found `interrupted`.
   */
  begin(record: RunRecord, options?: BeginOptions): Promise<void>;
  /** Writes the final record in one transaction. Idempotent by runId. */
  finish(record: RunRecord): Promise<void>;
  list(query: RecordQuery): Promise<RunRecord[]>;
  get(runId: string): Promise<RunRecord | undefined>;
  /** One device's runs, oldest first. */
  history(imei: string): Promise<RunRecord[]>;
  yieldReport(by: YieldGrouping, query?: RecordQuery): Promise<YieldReport>;
  /** Records waiting in the outbox for the line database (0 for SQLite). */
  pending(): Promise<number>;
  /** Tries to deliver the outbox now; returns how many were delivered. */
  flush(): Promise<number>;
  close(): Promise<void>;
}
