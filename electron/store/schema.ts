/**
 * The store's tables as Kysely sees them (docs/results-store.md#schema). One schema for both
 * backends: epoch-ms times are `bigint` (read back as numbers on both), booleans are 0/1
 * integers, and a record's lists (steps, measurements) and nested objects (firmware, facts) are
 * JSON text columns, so the same migrations and queries run on SQLite and PostgreSQL.
 */
import type { Generated } from 'kysely';

/** Which SQL the store speaks to: the few expressions that differ (a day from epoch ms) look at it. */
export type Dialect = 'sqlite' | 'postgres';

export interface RunsTable {
  run_id: string;
  kind: string;
  outcome: string;
  exit_category: string | null;
  failure_code: string | null;
  failure_step: string | null;
  device_id: string | null;
  imei: string | null;
  iccid: string | null;
  model: string | null;
  revision: string | null;
  /** JSON: RunRecord['firmware']. */
  firmware: string;
  profile_name: string | null;
  profile_hash: string | null;
  app_version: string;
  host: string;
  operator: string | null;
  station: string | null;
  slot: string | null;
  port: string | null;
  started_at: number;
  finished_at: number | null;
  run_dir: string;
  /** JSON: RecordStep[]. */
  steps: string;
  /** JSON: Measurement[]. */
  measurements: string;
  /** JSON: RecordFacts. */
  facts: string;
  /** The process that wrote `running`: how a crash is recognised at the next open. */
  writer_host: string;
  writer_pid: number;
  updated_at: number;
  /** 1 when the run was a rework of a unit that had passed (schema version 2). */
  rework: Generated<number>;
  /** The station's production line (schema version 3; null before, and outside a station). */
  line: string | null;
  /** The unit serial scanned at the station (schema version 3). */
  unit_serial: string | null;
}

/** Units being worked on now: at most one run per IMEI (the primary key is the guard). */
export interface ClaimsTable {
  imei: string;
  run_id: string;
  /** 1 when the claim was granted under `rework` for a unit that had passed (version 2). */
  rework: Generated<number>;
  writer_host: string;
  writer_pid: number;
  claimed_at: number;
  /** The line the claiming run is recorded on (version 3; null when the run has none). */
  line: Generated<string | null>;
}

/** Units that passed on this store, with the run that passed them first (version 2). */
export interface UnitPassesTable {
  imei: string;
  run_id: string;
  passed_at: number;
}

export interface StoreDatabase {
  runs: RunsTable;
  claims: ClaimsTable;
  unit_passes: UnitPassesTable;
}
