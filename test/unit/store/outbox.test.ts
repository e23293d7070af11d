/**
 * The outbox file on its own (docs/results-store.md#outbox): entries come back in order and
 * validated; a damaged entry is reported, not delivered; a newer outbox is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../../electron/store/outbox.ts';
import { isUnreachable } from '../../../electron/store/postgres.ts';
import { StoreError } from '../../../electron/store/types.ts';
import { finished, makeRecord } from '../../integration/store/records.ts';

const root = mkdtempSync(join(tmpdir(), 'fieldlink-outbox-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const newPath = () => join(root, `o${++n}`, 'outbox.sqlite');
const writer = { host: 'h', pid: 42 };

describe('outbox', () => {
  it('keeps entries in order across a reopen and removes them one by one', () => {
    const path = newPath();
    const record = makeRecord();
    const box = new Outbox(path);
    box.enqueue({ op: 'begin', record, writer });
    box.enqueue({ op: 'finish', record: finished(record, 'passed'), writer });
    box.enqueue({ op: 'release', imei: record.imei!, runId: record.runId });
    box.close();
    const again = new Outbox(path);
    expect(again.count()).toBe(3);
    const ops: string[] = [];
    for (let e = again.first(); e !== undefined; e = again.first()) {
      ops.push(e.payload.op);
      if (e.payload.op === 'finish') expect(e.payload.record).toEqual(finished(record, 'passed'));
      again.remove(e.seq);
    }
    expect(ops).toEqual(['begin', 'finish', 'release']);
    expect(again.count()).toBe(0);
    again.close();
  });

  it('a damaged entry is reported as invalid-record and stays', () => {
    const path = newPath();
    const box = new Outbox(path);
    box.enqueue({ op: 'begin', record: makeRecord(), writer });
    const raw = new Database(path);
    raw.prepare("update outbox set payload = replace(payload, '\"kind\":\"run\"', '\"kind\":\"rocket\"')").run();
    raw.close();
    expect(() => box.first()).toThrow(StoreError);
    expect(() => box.first()).toThrow(/entry 1 is not valid/);
    expect(box.count()).toBe(1);
    box.close();
  });

  it('refuses an outbox written by a newer version', () => {
    const path = newPath();
    new Outbox(path).close();
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => new Outbox(path)).toThrow(/newer Fieldlink/);
  });
});

describe('isUnreachable', () => {
  it('tells network and connection errors from query errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(isUnreachable(refused)).toBe(true);
    expect(isUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isUnreachable(new StoreError('unreachable', 'x'))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isUnreachable(Object.assign(new Error('password authentication failed'), { code: '28P01' }))).toBe(false);
  });

  it('a resumed run\'s begin keeps its reopen mark; an entry written before version 3 (no line, no unit serial) reads with both null', () => {
    const path = newPath();
    const record = makeRecord({ line: 'line-1', unitSerial: 'SN-1' });
    const box = new Outbox(path);
    box.enqueue({ op: 'begin', record, writer, reopen: true });
    const { line: _line, unitSerial: _serial, ...older } = makeRecord();
    box.close();
    const raw = new Database(path);
    raw.prepare('insert into outbox (op, run_id, payload, queued_at) values (?, ?, ?, ?)').run('begin', older.runId, JSON.stringify({ op: 'begin', record: older, writer }), Date.now());
    raw.close();
    const again = new Outbox(path);
    const first = again.first();
    expect(first?.payload).toEqual({ op: 'begin', record, writer, reopen: true });
    again.remove(first!.seq);
    const second = again.first();
    expect(second?.payload).toEqual({ op: 'begin', record: { ...older, line: null, unitSerial: null }, writer });
    again.close();
  });
});
