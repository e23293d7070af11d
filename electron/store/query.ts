/**
 * RecordQuery filters as SQL (shared by list() and the yield report), validated first.
 */
import type { SelectQueryBuilder } from 'kysely';
import { RecordQuerySchema } from '../../shared/run-record.ts';
import type { RecordQuery } from '../../shared/run-record.ts';
import type { StoreDatabase } from './schema.ts';
import { StoreError } from './types.ts';

export const DEFAULT_LIMIT = 500;

export function validateQuery(input: unknown): RecordQuery {
  const parsed = RecordQuerySchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreError('invalid-record', `results query: ${issue ? `${issue.path.join('.') || '(query)'}: ${issue.message}` : 'invalid'}`);
  }
  return parsed.data;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function applyFilters<QB extends SelectQueryBuilder<StoreDatabase, 'runs', any>>(qb: QB, query: RecordQuery): QB {
  let q = qb;
  if (query.imei !== undefined) q = q.where('runs.imei', '=', query.imei) as QB;
  if (query.since !== undefined) q = q.where('runs.started_at', '>=', query.since) as QB;
  if (query.until !== undefined) q = q.where('runs.started_at', '<=', query.until) as QB;
  if (query.outcome !== undefined) q = q.where('runs.outcome', '=', query.outcome) as QB;
  if (query.station !== undefined) q = q.where('runs.station', '=', query.station) as QB;
  if (query.kind !== undefined) q = q.where('runs.kind', '=', query.kind) as QB;
  if (query.line !== undefined) q = q.where('runs.line', '=', query.line) as QB;
  if (query.unitSerial !== undefined) q = q.where('runs.unit_serial', '=', query.unitSerial) as QB;
  return q;
}
