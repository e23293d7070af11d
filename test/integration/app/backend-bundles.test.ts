/**
 * "Save support bundle" and "Open bundle…" through the back end's routes (dispatch: request and
 * response checked against the IPC contract) on real bundles: a real failing run of the virtual
 * device (broker refusal, sim:qmtconn-refused-4) from the app, recorded in a real SQLite results
 * store beside a passing run of the same unit. The downloaded zip is verified with openBundle; the
 * desktop's save dialog path gets the same zip; opening it replays the run with what changed, the
 * failure and the device header; a changed byte, a cut-off file and a planted key are refused by
 * name (K2, K7).
 */
import { generateKeyPairSync } from 'node:crypto';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackend, type Backend } from '../../../electron/app/backend.ts';
import { dispatch } from '../../../electron/app/dispatch.ts';
import { openBundle } from '../../../electron/support/bundle-reader.ts';
import { openResultsStore } from '../../../electron/store/open.ts';
import type { ResultsStore } from '../../../electron/store/types.ts';
import type { RunnerEvent } from '../../../shared/events.ts';
import type { IpcEvent, IpcResponse } from '../../../shared/ipc.ts';
import { makeDataDir } from '../../helpers/app-fixtures.ts';
import { finished, makeRecord } from '../store/records.ts';

let dataDir: string;
let store: ResultsStore;
let backend: Backend;
let runId: string;
let imei: string;
const events: IpcEvent[] = [];
let picked: string | undefined;
let pickedTarget: string | undefined;

const ok = async <M extends 'saveSupportBundle' | 'openSupportBundle'>(method: M, request: unknown): Promise<IpcResponse<M>> => {
  const envelope = await dispatch(backend, method, request);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.response as IpcResponse<M>;
};
const runnerEvents = (id: string): RunnerEvent[] => events.flatMap((e) => (e.channel === 'runner' && e.runId === id ? [e.event] : []));

beforeAll(async () => {
  dataDir = await makeDataDir();
  store = await openResultsStore({ url: `sqlite:${join(dataDir, 'results.sqlite')}` });
  backend = createBackend({ dataDir, listSerial: async () => [], demo: { cloud: { ephemeral: true }, simulator: { fast: true, stateDir: dataDir } }, store });
  backend.onEvent((event) => events.push(event));
  ({ runId } = await backend.startRun({ port: 'sim:qmtconn-refused-4', profile: 'demo', fotaPolicy: 'never' }));
  await vi.waitFor(() => expect(runnerEvents(runId).some((e) => e.type === 'run-finished')).toBe(true), { timeout: 120_000, interval: 100 });
  const identified = runnerEvents(runId).find((e) => e.type === 'device-identified');
  imei = identified?.type === 'device-identified' ? identified.imei : '';
  expect(imei).toMatch(/^\d{15}$/);
  // The unit passed last week on other firmware and another broker port (a record like the app's own).
  await vi.waitFor(async () => expect((await store.get(runId))?.outcome).toBe('failed'), { timeout: 30_000 });
  const before = finished(makeRecord({ imei, startedAt: Date.now() - 7 * 86_400_000 }), 'passed', {
    firmware: { mainBefore: '0.9.0', mainAfter: null, subBefore: '0.9.1', subAfter: null },
    facts: { ...(await store.get(runId))?.facts, brokerPort: 8883 } as never,
  });
  await store.begin({ ...before, outcome: 'running', finishedAt: null, failureCode: null, failureStep: null, exitCategory: null });
  await store.finish(before);
}, 180_000);

afterAll(async () => {
  await backend?.dispose();
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('saveSupportBundle / openSupportBundle (K2, K7)', () => {
  let zip: Buffer;

  it('web mode: the failed run (still holding its port, scanned with its own Redactor) comes back as a verified zip with its history', async () => {
    const answer = await ok('saveSupportBundle', { runId });
    if (answer.status !== 'download') throw new Error(`expected a download, got ${answer.status}`);
    expect(answer.fileName).toMatch(/^fieldlink-bundle-.+\.zip$/);
    zip = Buffer.from(answer.base64, 'base64');
    expect(zip.length).toBe(answer.bytes);
    const file = join(dataDir, 'downloaded.zip');
    await writeFile(file, zip);
    const opened = await openBundle(file);
    expect(opened.manifest.runId).toBe(runId);
    expect(opened.manifest.imei).toBe(imei);
    expect(opened.manifest.files.map((f) => f.name)).toEqual(expect.arrayContaining(['session.jsonl', 'report.json', 'report.html', 'history.json', 'versions.json', 'faults.json']));
    expect(answer.files).toBe(opened.manifest.files.length + 1);
    expect(opened.faults.failures.map((f) => f.code)).toContain('MQTT_REFUSED');
    expect(opened.history?.records.map((r) => r.outcome)).toEqual(['passed', 'failed']);
    // Nothing of the bundle stays behind in the data folder's temp space.
    expect(await import('node:fs/promises').then((fs) => fs.readdir(join(dataDir, 'tmp')))).toEqual([]);
  });

  it('desktop: the zip is written where the save dialog says; a cancelled dialog writes nothing', async () => {
    const desktop = createBackend({
      dataDir,
      listSerial: async () => [],
      store,
      pickBundleTarget: async (name) => {
        pickedTarget = name;
        return picked;
      },
    });
    try {
      picked = join(dataDir, 'chosen.zip');
      const saved = await dispatch(desktop, 'saveSupportBundle', { runId });
      expect(saved).toMatchObject({ ok: true, response: { status: 'saved', file: picked } });
      expect(pickedTarget).toMatch(/^fieldlink-bundle-.+\.zip$/);
      expect((await openBundle(picked)).manifest.runId).toBe(runId);
      picked = undefined;
      expect(await dispatch(desktop, 'saveSupportBundle', { runId })).toEqual({ ok: true, response: { status: 'cancelled' } });
      // Web mode has no dialog to open a bundle with.
      expect(await dispatch(backend, 'openSupportBundle', {})).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    } finally {
      await desktop.dispose();
    }
  });

  it('opening the zip replays the run with what changed, the failure and the device header', async () => {
    const answer = await ok('openSupportBundle', { upload: { name: 'unit.zip', base64: zip.toString('base64') } });
    if (answer.status !== 'opened') throw new Error(`expected opened, got ${JSON.stringify(answer).slice(0, 300)}`);
    expect(answer.runId).toBe(runId);
    expect(answer.events.some((e) => e.type === 'at-traffic')).toBe(true);
    expect(answer.events.find((e) => e.type === 'step-failed')).toMatchObject({ step: 'mqtt-connect', error: { code: 'MQTT_REFUSED' } });
    const { summary } = answer;
    expect(summary).toMatchObject({ name: 'unit.zip', runId, imei, outcome: 'failed', failure: { code: 'MQTT_REFUSED', step: 'mqtt-connect' } });
    expect(summary.failure?.command ?? summary.failure?.lastCommand).toMatch(/^AT\+QMTCONN/);
    expect(summary.device?.imei).toBe(imei);
    if (summary.changes.status !== 'compared') throw new Error(`expected a comparison, got ${summary.changes.status}`);
    expect(summary.changes.differences.map((d) => d.field)).toEqual(expect.arrayContaining(['firmware-main', 'broker-port']));
    // The replay is kept like an opened session log: its report can be built.
    expect(JSON.parse((await backend.getReport({ runId })).json)).toMatchObject({ outcome: 'failed' });
  });

  it('a changed byte, a cut-off file and a non-bundle are refused, naming the file', async () => {
    const upload = (name: string, bytes: Buffer) => ok('openSupportBundle', { upload: { name, base64: bytes.toString('base64') } });
    const changed = Buffer.from(zip);
    const at = zip.indexOf(Buffer.from('session.jsonl')) + 60; // inside the session log's data
    changed[at] = (changed[at] ?? 0) ^ 0xff;
    const tampered = await upload('changed.zip', changed);
    expect(tampered).toMatchObject({ status: 'invalid', name: 'changed.zip', problem: { kind: expect.stringMatching(/tampered|invalid-file/) } });
    if (tampered.status === 'invalid') expect(tampered.problem.file).toBe('session.jsonl');
    const cut = await upload('cut.zip', zip.subarray(0, Math.floor(zip.length * 0.6)));
    expect(cut).toMatchObject({ status: 'invalid', problem: { kind: 'truncated' } });
    const text = await upload('notes.zip', Buffer.from('not a zip at all'));
    expect(text).toMatchObject({ status: 'invalid', problem: { kind: expect.stringMatching(/not-a-bundle|truncated/) } });
    expect(await dispatch(backend, 'openSupportBundle', { upload: { name: 'x.zip', base64: 'not base64!' } })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('a planted private key: refused with the file and the kind of secret, never the key; nothing is downloaded', async () => {
    // An ended run of this app with a key planted in its report: a copy of the run's folder under another id.
    const record = await store.get(runId);
    if (!record) throw new Error('no record');
    const plantedId = `${runId}-planted`;
    const folder = join(dataDir, 'sessions', plantedId);
    await cp(record.runDir, folder, { recursive: true });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const report = await readFile(join(folder, 'report.html'), 'utf8');
    await writeFile(join(folder, 'report.html'), report.replace('</body>', `<pre>${pem}</pre></body>`));
    const envelope = await dispatch(backend, 'saveSupportBundle', { runId: plantedId });
    expect(envelope).toEqual({ ok: true, response: { status: 'refused', problem: { kind: 'secret-found', file: 'report.html', secretKind: 'pem-private-key' } } });
    expect(JSON.stringify(envelope)).not.toContain(pem.split('\n')[1] ?? 'x');
    expect(await dispatch(backend, 'saveSupportBundle', { runId: 'no-such-run' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
