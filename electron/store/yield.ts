/**
 * The yield report (docs/results-store.md#yield) in SQL: per group (day, line, station, slot or failure
 * code) the units (distinct IMEIs), the units that passed, the first-pass yield (units whose first
 * run in the group passed / units) and units per hour; and a Pareto of failure codes with the
 * cumulative share computed by a window sum. Runs still `running` and runs without IMEI are left
 * out of the unit counts.
 */
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { RecordQuery, YieldGrouping } from '../../shared/run-record.ts';
import type { Dialect, StoreDatabase } from './schema.ts';
import type { YieldReport, YieldRow } from './types.ts';

const NONE = '(none)';
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

function keyExpression(by: YieldGrouping | 'all', dialect: Dialect): RawBuilder<string> {
  switch (by) {
    case 'day':
      return dialect === 'sqlite'
        ? sql<string>`strftime('%Y-%m-%d', runs.started_at / 1000, 'unixepoch')`
        : sql<string>`to_char(to_timestamp(runs.started_at / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`;
    case 'line':
      return sql<string>`coalesce(nullif(runs.line, ''), ${NONE})`;
    case 'station':
      return sql<string>`coalesce(nullif(runs.station, ''), ${NONE})`;
    case 'slot':
      return sql<string>`coalesce(nullif(runs.slot, ''), ${NONE})`;
    case 'failure':
      return sql<string>`coalesce(nullif(runs.failure_code, ''), ${NONE})`;
    case 'all':
      return sql<string>`'(all)'`;
  }
}

/** The query's filters as one SQL condition (never the limit/offset: a report covers all matches). */
function filterCondition(query: RecordQuery): RawBuilder<boolean> {
  const conditions: RawBuilder<unknown>[] = [sql`runs.imei is not null`, sql`runs.outcome <> 'running'`];
  if (query.imei !== undefined) conditions.push(sql`runs.imei = ${query.imei}`);
  if (query.since !== undefined) conditions.push(sql`runs.started_at >= ${query.since}`);
  if (query.until !== undefined) conditions.push(sql`runs.started_at <= ${query.until}`);
  if (query.outcome !== undefined) conditions.push(sql`runs.outcome = ${query.outcome}`);
  if (query.station !== undefined) conditions.push(sql`runs.station = ${query.station}`);
  if (query.kind !== undefined) conditions.push(sql`runs.kind = ${query.kind}`);
  if (query.line !== undefined) conditions.push(sql`runs.line = ${query.line}`);
  if (query.unitSerial !== undefined) conditions.push(sql`runs.unit_serial = ${query.unitSerial}`);
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

interface GroupRow {
  group_key: string;
  units: number | string;
  passed: number | string;
  first_passed: number | string;
  first_start: number | string | null;
  last_end: number | string | null;
}

async function groupRows(db: Kysely<StoreDatabase>, dialect: Dialect, by: YieldGrouping | 'all', query: RecordQuery): Promise<YieldRow[]> {
  const key = keyExpression(by, dialect);
  // One row per unit and group first (passed at all, first run passed, span), then plain sums:
  // cheaper than three count(distinct …) over every run.
  const result = await sql<GroupRow>`
    with base as (
      select ${key} as group_key, runs.imei as imei, runs.outcome as outcome, runs.run_id as run_id,
             runs.started_at as started_at, coalesce(runs.finished_at, runs.started_at) as ended_at
      from runs
      where ${filterCondition(query)}
    ),
    ranked as (
      select group_key, imei, outcome, started_at, ended_at,
             row_number() over (partition by group_key, imei order by started_at, run_id) as nth
      from base
    ),
    units as (
      select group_key, imei,
             max(case when outcome = 'passed' then 1 else 0 end) as passed,
             max(case when nth = 1 and outcome = 'passed' then 1 else 0 end) as first_passed,
             min(started_at) as first_start,
             max(ended_at) as last_end
      from ranked
      group by group_key, imei
    )
    select group_key,
           count(*) as units,
           sum(passed) as passed,
           sum(first_passed) as first_passed,
           min(first_start) as first_start,
           max(last_end) as last_end
    from units
    group by group_key
    order by group_key`.execute(db);
  return result.rows.map((row) => {
    const units = Number(row.units);
    const passed = Number(row.passed);
    const span = row.first_start === null || row.last_end === null ? 0 : Number(row.last_end) - Number(row.first_start);
    return {
      key: row.group_key,
      units,
      passed,
      failed: units - passed,
      firstPassYield: units === 0 ? 0 : Number(row.first_passed) / units,
      unitsPerHour: span < MINUTE_MS ? 0 : units / (span / HOUR_MS),
    };
  });
}

interface ParetoRow {
  code: string;
  count: number | string;
  running: number | string;
  total: number | string;
}

async function pareto(db: Kysely<StoreDatabase>, query: RecordQuery): Promise<YieldReport['pareto']> {
  const result = await sql<ParetoRow>`
    select runs.failure_code as code,
           count(*) as count,
           sum(count(*)) over (order by count(*) desc, runs.failure_code rows between unbounded preceding and current row) as running,
           sum(count(*)) over () as total
    from runs
    where ${filterCondition(query)} and runs.outcome <> 'passed' and runs.failure_code is not null and runs.failure_code <> ''
    group by runs.failure_code
    order by count(*) desc, runs.failure_code`.execute(db);
  return result.rows.map((row) => ({ code: row.code, count: Number(row.count), cumulativeShare: Number(row.total) === 0 ? 0 : Number(row.running) / Number(row.total) }));
}

export async function computeYieldReport(db: Kysely<StoreDatabase>, dialect: Dialect, by: YieldGrouping, query: RecordQuery): Promise<YieldReport> {
  const [rows, totalsRows, paretoRows] = [await groupRows(db, dialect, by, query), await groupRows(db, dialect, 'all', query), await pareto(db, query)];
  const total = totalsRows[0];
  const totals = total === undefined ? { units: 0, passed: 0, failed: 0, firstPassYield: 0, unitsPerHour: 0 } : (({ key: _key, ...rest }) => rest)(total);
  return { by, rows, pareto: paretoRows, totals };
}
