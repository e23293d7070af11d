/**
 * The local outbox of a PostgreSQL store (docs/results-store.md#outbox): a small SQLite file
 * where begin/finish/release wait, in order, while the line database cannot be reached. Entries
 * are validated when they are read back; delivery is idempotent by run id on the server side, so
 * an entry delivered twice (a crash between delivery and removal) changes nothing.
 */
import { z } from 'zod';
import type Database from 'better-sqlite3';
import { RunRecordSchema } from '../../shared/run-record.ts';
import { openSqliteFile } from './sqlite.ts';
import type { Writer } from './rows.ts';
import { StoreError } from './types.ts';

const OUTBOX_VERSION = 1;

const WriterSchema = z.strictObject({ host: z.string().max(500), pid: z.number().int() });

export const OutboxPayloadSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('begin'), record: RunRecordSchema, writer: WriterSchema, reopen: z.literal(true).optional() }),
  z.strictObject({ op: z.literal('finish'), record: RunRecordSchema, writer: WriterSchema }),
  z.strictObject({ op: z.literal('release'), imei: z.string().regex(/^\d{15}$/), runId: z.string().min(1).max(200) }),
]);
export type OutboxPayload = z.infer<typeof OutboxPayloadSchema>;

export interface OutboxEntry {
  seq: number;
  payload: OutboxPayload;
}

export class Outbox {
  private readonly raw: Database.Database;

  constructor(readonly path: string) {
    this.raw = openSqliteFile(path, `outbox ${path}`);
    const version = Number(this.raw.pragma('user_version', { simple: true }));
    if (version > OUTBOX_VERSION) throw new StoreError('migration', `outbox ${path} was written by a newer Fieldlink (version ${version})`);
    this.raw.exec(`
      create table if not exists outbox (
        seq integer primary key autoincrement,
        op text not null,
        run_id text not null,
        payload text not null,
        queued_at integer not null,
        attempts integer not null default 0,
        last_error text
      );
      pragma user_version = ${OUTBOX_VERSION};`);
  }

  enqueue(payload: OutboxPayload): void {
    const runId = payload.op === 'release' ? payload.runId : payload.record.runId;
    this.raw.prepare('insert into outbox (op, run_id, payload, queued_at) values (?, ?, ?, ?)').run(payload.op, runId, JSON.stringify(payload), Date.now());
  }

  count(): number {
    return Number(this.raw.prepare('select count(*) as n from outbox').pluck().get());
  }

  /** The oldest entry, or undefined when empty. */
  first(): OutboxEntry | undefined {
    const row = this.raw.prepare('select seq, payload from outbox order by seq limit 1').get() as { seq: number; payload: string } | undefined;
    if (row === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(row.payload);
    } catch (error) {
      throw new StoreError('invalid-record', `outbox ${this.path}: entry ${row.seq} is not JSON`, { cause: error });
    }
    const parsed = OutboxPayloadSchema.safeParse(json);
    if (!parsed.success) throw new StoreError('invalid-record', `outbox ${this.path}: entry ${row.seq} is not valid: ${parsed.error.issues[0]?.message ?? ''}`);
    return { seq: row.seq, payload: parsed.data };
  }

  remove(seq: number): void {
    this.raw.prepare('delete from outbox where seq = ?').run(seq);
  }

  noteFailure(seq: number, message: string): void {
    this.raw.prepare('update outbox set attempts = attempts + 1, last_error = ? where seq = ?').run(message.slice(0, 500), seq);
  }

  close(): void {
    this.raw.close();
  }
}

export type { Writer };
