/**
 * The back end's History routes on a real SQLite results file: listRecords, deviceHistory,
 * yieldReport and openRecordedRun through dispatch (request and response checked against the
 * IPC contract), the store opened once from <dataDir>/results.sqlite, and a listed run's session
 * log replayed and its report built.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/app/backend.ts';
import { dispatch } from '../../../electron/app/dispatch.ts';
import { ResultsStoreHandle, resultsStoreUrl } from '../../../electron/app/results-store-handle.ts';
import { openResultsStore } from '../../../electron/store/open.ts';
import type { ResultsStore } from '../../../electron/store/types.ts';
import type { RunRecord } from '../../../shared/run-record.ts';
import { IMEI_B, IMEI_C, fixtureRecords, seedStore } from '../../helpers/results-fixture.ts';
import { passedRun } from '../../unit/shared/sample-events.ts';

let dataDir: string;
let backend: Backend | undefined;
const opened: ResultsStore[] = [];

/** The fixture with fx-01's run folder pointing at a real session log (passedRun). */
async function seed(): Promise<RunRecord[]> {
  const runDir = path.join(dataDir, 'cli-sessions', 'fx-01');
  await mkdir(runDir, { recursive: true });
  await writeFile(path.join(runDir, 'session.jsonl'), passedRun().map((e) => `${JSON.stringify(e)}\n`).join(''));
  const records = fixtureRecords().map((r) => (r.runId === 'fx-01' ? { ...r, runDir } : r));
  const store = await openResultsStore({ url: `sqlite:${path.join(dataDir, 'results.sqlite')}` });
  await seedStore(store, records);
  await store.close();
  return records;
}

const call = async (method: string, request: unknown) => dispatch(backend as Backend, method, request);
const ok = async <T>(method: string, request: unknown): Promise<T> => {
  const envelope = await call(method, request);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.response as T;
};

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'fl-backend-results-'));
  delete process.env.FIELDLINK_DB;
});

afterEach(async () => {
  await backend?.dispose();
  backend = undefined;
  for (const store of opened.splice(0)) await store.close().catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
});

describe('back end: the results store routes', () => {
  it('listRecords: newest first, filtered, with the store and the outbox count; a bad IMEI is refused by name', async () => {
    await seed();
    backend = createBackend({ dataDir, listSerial: async () => [] });
    const all = await ok<{ records: RunRecord[]; pending: number; store: string }>('listRecords', {});
    expect(all.records.map((r) => r.runId)).toEqual(['fx-10', 'fx-09', 'fx-08', 'fx-07', 'fx-06', 'fx-05', 'fx-04', 'fx-03', 'fx-02', 'fx-01']);
    expect(all.pending).toBe(0);
    expect(all.store).toBe(`sqlite:${path.join(dataDir, 'results.sqlite')}`);
    const failed = await ok<{ records: RunRecord[] }>('listRecords', { outcome: 'failed', station: 'LINE-2' });
    expect(failed.records.map((r) => [r.runId, r.failureCode])).toEqual([
      ['fx-06', 'NOT_REGISTERED'],
      ['fx-03', 'NOT_REGISTERED'],
    ]);
    const bad = await call('listRecords', { imei: '12345' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('imei') } });
    const tooMany = await call('listRecords', { limit: 10_001 });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('limit') } });
  });

  it('deviceHistory: oldest first; yieldReport: the fixture numbers', async () => {
    await seed();
    backend = createBackend({ dataDir, listSerial: async () => [] });
    const history = await ok<RunRecord[]>('deviceHistory', { imei: IMEI_B });
    expect(history.map((r) => [r.runId, r.outcome])).toEqual([
      ['fx-02', 'failed'],
      ['fx-04', 'passed'],
    ]);
    expect(await ok<RunRecord[]>('deviceHistory', { imei: '999999999999999' })).toEqual([]);
    const report = await ok<{ rows: { key: string; units: number; passed: number; firstPassYield: number }[]; totals: { units: number } }>('yieldReport', { by: 'slot', query: { station: 'LINE-2' } });
    expect(report.rows.map((r) => [r.key, r.units, r.passed, r.firstPassYield])).toEqual([
      ['1', 1, 0, 0],
      ['2', 1, 1, 1],
    ]);
    expect(report.totals.units).toBe(2);
    expect(await call('yieldReport', { by: 'week' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('openRecordedRun: the run folder’s session log is replayed, and its report can be built', async () => {
    await seed();
    backend = createBackend({ dataDir, listSerial: async () => [] });
    const replay = await ok<{ runId: string; events: { type: string }[] }>('openRecordedRun', { runId: 'fx-01' });
    expect(replay.runId).toBe('run-1'); // the id of the log's run-started
    expect(replay.events.map((e) => e.type)).toEqual(passedRun().map((e) => e.type));
    const report = await ok<{ json: string }>('getReport', { runId: replay.runId });
    expect(JSON.parse(report.json)).toMatchObject({ outcome: 'passed' });
    // A record whose log is gone, and a run not on record: not-found, naming the run.
    expect(await call('openRecordedRun', { runId: 'fx-02' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('fx-02') } });
    expect(await call('openRecordedRun', { runId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('nope') } });
  });

  it('a store given in the options is used as is and left open at dispose', async () => {
    const store = await openResultsStore({ url: `sqlite:${path.join(dataDir, 'given.sqlite')}` });
    opened.push(store);
    await seedStore(store, fixtureRecords().filter((r) => r.imei === IMEI_C));
    backend = createBackend({ dataDir, listSerial: async () => [], store });
    expect((await ok<{ records: RunRecord[] }>('listRecords', {})).records.map((r) => r.runId)).toEqual(['fx-06', 'fx-03']);
    await backend.dispose();
    backend = undefined;
    expect((await store.list({})).length).toBe(2); // still open
  });

  it('a store that cannot be opened: the error crosses IPC as "store", and the next call tries again', async () => {
    process.env.FIELDLINK_DB = 'mysql://nowhere';
    try {
      backend = createBackend({ dataDir, listSerial: async () => [] });
      expect(await call('listRecords', {})).toMatchObject({ ok: false, error: { code: 'store', message: expect.stringContaining('FIELDLINK_DB') } });
      process.env.FIELDLINK_DB = `sqlite:${path.join(dataDir, 'later.sqlite')}`;
      expect(await ok<{ records: RunRecord[] }>('listRecords', {})).toMatchObject({ records: [] });
    } finally {
      delete process.env.FIELDLINK_DB;
    }
  });
});

describe('back end: the results database setting', () => {
  it('setSettings resultsDb switches the store History reads (and runs record into), is kept in settings.json, and "" goes back to the default', async () => {
    await seed(); // the data folder's results.sqlite holds the fixture
    backend = createBackend({ dataDir, listSerial: async () => [] });
    expect((await ok<{ records: RunRecord[] }>('listRecords', {})).records).toHaveLength(10);
    const other = path.join(dataDir, 'line-copy.sqlite');
    await ok('setSettings', { resultsDb: `sqlite:${other}` });
    const switched = await ok<{ records: RunRecord[]; store: string }>('listRecords', {});
    expect(switched).toMatchObject({ records: [], store: `sqlite:${other}` });
    expect(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ resultsDb: `sqlite:${other}` });
    // A new back end on the same data folder keeps the choice.
    await backend.dispose();
    backend = createBackend({ dataDir, listSerial: async () => [] });
    expect((await ok<{ store: string }>('listRecords', {})).store).toBe(`sqlite:${other}`);
    await ok('setSettings', { resultsDb: '' });
    expect((await ok<{ records: RunRecord[] }>('listRecords', {})).records).toHaveLength(10);
  });

  it('a store URL with a password is refused by name (K3: settings hold no credential), and nothing is saved', async () => {
    backend = createBackend({ dataDir, listSerial: async () => [] });
    const refused = await call('setSettings', { resultsDb: 'postgres://station:hunter2@line-db/fieldlink' });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('resultsDb') } });
    expect(JSON.stringify(refused)).not.toContain('hunter2');
    expect(await call('setSettings', { resultsDb: 'mysql://line-db/x' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('sqlite:PATH or postgres://') } });
    expect(await ok('getSettings', {})).not.toHaveProperty('resultsDb');
  });
});

describe('ResultsStoreHandle', () => {
  it('opens the store once for every caller; FIELDLINK_DB wins over the data folder', async () => {
    expect(await resultsStoreUrl(dataDir, {})).toBe(`sqlite:${path.join(dataDir, 'results.sqlite')}`);
    expect(await resultsStoreUrl(dataDir, { FIELDLINK_DB: ' sqlite:/x/y.sqlite ' })).toBe('sqlite:/x/y.sqlite');
    const file = path.join(dataDir, 'env.sqlite');
    const handle = new ResultsStoreHandle({ dataDir, env: { FIELDLINK_DB: `sqlite:${file}` } });
    const [a, b] = await Promise.all([handle.getResultsStore(), handle.getResultsStore()]);
    expect(a).toBe(b);
    expect(a.displayUrl).toBe(`sqlite:${file}`);
    await handle.close();
    await expect(a.list({})).rejects.toThrow();
    await expect(handle.getResultsStore()).rejects.toThrow(/closed/);
  });
});
