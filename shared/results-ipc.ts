/**
 * The results store's part of the IPC contract (shared/ipc.ts): what the History screen asks
 * and what it gets back, as zod schemas checked on both ends. The store's own interface is
 * electron/store/types.ts; these mirror its answers for the renderer, which cannot import it.
 */
import { z } from 'zod';
import { RECORD_LIST_MAX } from './ipc-bounds.ts';
import { RecordQuerySchema, RunRecordSchema, YIELD_GROUPINGS } from './run-record.ts';

const Imei = z.string().regex(/^\d{15}$/, { error: 'expected an IMEI of 15 digits' });

const YieldNumbers = {
  units: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  firstPassYield: z.number().min(0).max(1),
  unitsPerHour: z.number().nonnegative(),
};

export const YieldReportSchema = z.strictObject({
  by: z.enum(YIELD_GROUPINGS),
  rows: z.array(z.strictObject({ key: z.string().max(500), ...YieldNumbers })).max(RECORD_LIST_MAX),
  pareto: z.array(z.strictObject({ code: z.string().max(500), count: z.number().int().positive(), cumulativeShare: z.number().min(0).max(1) })).max(RECORD_LIST_MAX),
  totals: z.strictObject(YieldNumbers),
});

export const RESULTS_IPC_METHODS = {
  /** Records matching the filters, newest first; how many wait in the outbox; where the store is (password masked). */
  listRecords: {
    request: RecordQuerySchema,
    response: z.strictObject({ records: z.array(RunRecordSchema).max(RECORD_LIST_MAX), pending: z.number().int().nonnegative(), store: z.string().max(4096) }),
  },
  /** One device's runs, oldest first (the renderer works out what changed with shared/run-diff.ts). */
  deviceHistory: { request: z.strictObject({ imei: Imei }), response: z.array(RunRecordSchema).max(RECORD_LIST_MAX) },
  yieldReport: {
    request: z.strictObject({ by: z.enum(YIELD_GROUPINGS), query: RecordQuerySchema.optional() }),
    response: YieldReportSchema,
  },
} as const;
