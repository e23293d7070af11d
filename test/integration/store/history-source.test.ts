/**
 * The history a support bundle carries (electron/support/history-source.ts): read from a real
 * SQLite results store, a station run's line and unit serial travel in `history.json`; the
 * history of a bundle written before schema version 3 (records without those fields) still
 * reads, with both null.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { HistorySchema } from '../../../electron/support/bundle-format.ts';
import { openHistorySource } from '../../../electron/support/history-source.ts';
import { openResultsStore } from '../../../electron/store/open.ts';
import { finished, imeiOf, makeRecord } from './records.ts';

const root = mkdtempSync(join(tmpdir(), 'fieldlink-history-source-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('a bundle history carries line and unit serial; an older history without them reads them as null', async () => {
  const url = `sqlite:${join(root, 'results.sqlite')}`;
  const imei = imeiOf(931);
  const passed = finished(makeRecord({ imei, line: 'line-3', unitSerial: 'SN-931', station: 'st-3', kind: 'station' }), 'passed');
  const failed = finished(makeRecord({ imei, startedAt: passed.startedAt + 3_600_000, line: 'line-3', unitSerial: 'SN-932', station: 'st-3', kind: 'station' }), 'failed');
  const store = await openResultsStore({ url });
  await store.finish(passed);
  await store.finish(failed);
  await store.close();

  const source = await openHistorySource(url);
  try {
    const records = await source.store.history(imei);
    // What the bundle writer puts into history.json, read back the way a bundle reader does.
    const written = JSON.parse(JSON.stringify(HistorySchema.parse({ source: source.source, records }))) as unknown;
    const read = HistorySchema.parse(written);
    expect(read.records.map((r) => [r.runId, r.line, r.unitSerial])).toEqual([
      [passed.runId, 'line-3', 'SN-931'],
      [failed.runId, 'line-3', 'SN-932'],
    ]);
  } finally {
    await source.close();
  }

  const { line: _line, unitSerial: _serial, ...older } = passed;
  const old = HistorySchema.parse({ source: 'sqlite:/old/results.sqlite', records: [older] });
  expect(old.records[0]).toEqual({ ...passed, line: null, unitSerial: null });
});
