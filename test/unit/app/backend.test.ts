import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunnerEvent } from '../../../shared/events.ts';
import type { IpcEvent } from '../../../shared/ipc.ts';
import { createBackend } from '../../../electron/app/backend.ts';
import type { Backend } from '../../../electron/app/backend.ts';
import { toIpcErrorPayload } from '../../../electron/app/errors.ts';
import { DEMO_PORT_LABEL, DEMO_PORT_URI } from '../../../electron/app/port-list.ts';
import { SETTINGS_FILE } from '../../../electron/app/settings-store.ts';
import type { SerialPortInfo } from '../../../electron/engine/transport/list.ts';
import { PortListError } from '../../../electron/engine/transport/errors.ts';
import { Redactor } from '../../../electron/engine/session/redaction.ts';
import { openSessionLog } from '../../../electron/engine/session/session-log.ts';
import { FLEET_PROFILE_NAME, fleetProfileText, makeDataDir } from '../../helpers/app-fixtures.ts';
import { fakeEngineFactory } from '../../helpers/fake-run-engine.ts';
import { SAMPLE_DEVICE_ID, SAMPLE_PASSWORD, failedRun, passedRun } from '../shared/sample-events.ts';

const QUECTEL_AT: SerialPortInfo = {
  path: '/dev/ttyUSB2',
  manufacturer: 'Quectel',
  vendorId: '2c7c',
  productId: '0125',
  serialNumber: 'abc',
  isQuectel: true,
  interfaceHint: 'at',
};
const FTDI: SerialPortInfo = { path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001', serialNumber: undefined, isQuectel: false, interfaceHint: undefined };
const TCP_PORT = 'tcp://127.0.0.1:9';

describe('backend', () => {
  let dataDir: string;
  let backend: Backend;
  let serial: SerialPortInfo[];
  let engines: ReturnType<typeof fakeEngineFactory>;
  let events: IpcEvent[];

  const make = (script: Parameters<typeof fakeEngineFactory>[0] = {}) => {
    engines = fakeEngineFactory(script);
    backend = createBackend({ dataDir, listSerial: async () => serial, runEngineFactory: engines, hotPlugIntervalMs: 25 });
    events = [];
    backend.onEvent((event) => events.push(event));
  };
  const runnerEvents = (runId: string): RunnerEvent[] => events.flatMap((e) => (e.channel === 'runner' && e.runId === runId ? [e.event] : []));
  /** The run has finished and its engine is idle. */
  const finished = (runId: string) =>
    vi.waitFor(
      () => {
        expect(runnerEvents(runId).some((e) => e.type === 'run-finished')).toBe(true);
        expect(backend.activeRuns()).not.toContain(runId);
      },
      { timeout: 10_000 },
    );

  beforeEach(async () => {
    dataDir = await makeDataDir();
    serial = [QUECTEL_AT];
  });
  afterEach(async () => {
    await backend?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('ports', () => {
    beforeEach(() => make());

    it('lists the serial ports and then the Demo device', async () => {
      const ports = await backend.listPorts({});
      expect(ports).toEqual([
        { uri: '/dev/ttyUSB2', label: '/dev/ttyUSB2 (Quectel AT interface)', kind: 'serial', isQuectel: true, manufacturer: 'Quectel', vendorId: '2c7c', productId: '0125', serialNumber: 'abc' },
        { uri: DEMO_PORT_URI, label: DEMO_PORT_LABEL, kind: 'sim', isQuectel: true },
      ]);
    });

    it('still offers the Demo device when the system listing fails', async () => {
      await backend.dispose();
      backend = createBackend({
        dataDir,
        listSerial: async () => {
          throw new PortListError('cannot list serial ports: udevadm missing');
        },
      });
      expect((await backend.listPorts({})).map((p) => p.uri)).toEqual([DEMO_PORT_URI]);
    });

    it('hot-plug: emits ports-changed when a port appears, only while someone listens', async () => {
      await vi.waitFor(() => expect(events).toEqual([]), { timeout: 1000 });
      serial = [FTDI, QUECTEL_AT];
      await vi.waitFor(() => expect(events.some((e) => e.channel === 'ports-changed')).toBe(true), { timeout: 10_000 });
      const change = events.find((e) => e.channel === 'ports-changed');
      expect(change?.channel === 'ports-changed' && change.ports.map((p) => p.uri)).toEqual(['/dev/ttyUSB0', '/dev/ttyUSB2', DEMO_PORT_URI]);
    });
  });

  describe('profiles', () => {
    beforeEach(() => make());

    it('lists the built-in demo profile and the profile files', async () => {
      expect(await backend.listProfiles({})).toEqual([
        { name: 'demo', source: 'builtin' },
        { name: FLEET_PROFILE_NAME, source: 'file', path: path.join(dataDir, 'profiles', `${FLEET_PROFILE_NAME}.json`) },
      ]);
    });

    it('reads a profile file as text', async () => {
      expect(await backend.readProfile({ name: FLEET_PROFILE_NAME })).toEqual({ name: FLEET_PROFILE_NAME, text: fleetProfileText() });
      await expect(backend.readProfile({ name: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    });

    it('validateProfile accepts a good profile', async () => {
      expect(await backend.validateProfile({ text: fleetProfileText() })).toEqual({ ok: true, issues: [] });
    });

    it.each([
      ['not JSON', '{ "name": ', 'profile', /not valid JSON/],
      ['a typo in a key', fleetProfileText({ fota: { polcy: 'auto' } }), 'fota.polcy', /unknown key/],
      ['a bad enum value', fleetProfileText({ fota: { policy: 'sometimes' } }), 'fota.policy', /ask\|auto\|never/],
      ['a missing required field', JSON.stringify({ tls: { caCert: 'a', clientCert: 'b', clientKey: 'c' } }), 'serverInfoUrl', /required/],
      ['a URL without scheme', fleetProfileText({ serverInfoUrl: 'api.example.net/x' }), 'serverInfoUrl', /http/],
      ['a certificate file that does not exist', fleetProfileText({ tls: { caCert: 'certs/none.pem', clientCert: 'certs/client.pem', clientKey: 'certs/client.key' } }), 'tls.caCert', /file not found/],
    ])('validateProfile reports %s with the field path', async (_label, text, field, message) => {
      const result = await backend.validateProfile({ text });
      expect(result.ok).toBe(false);
      expect(result.issues).toContainEqual({ path: field, message: expect.stringMatching(message) });
    });

    it('K6: a profile holding key text instead of a path is refused', async () => {
      const text = fleetProfileText({ tls: { caCert: 'certs/ca.pem', clientCert: 'certs/client.pem', clientKey: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----' } });
      const result = await backend.validateProfile({ text });
      expect(result.issues).toContainEqual({ path: 'tls.clientKey', message: expect.stringContaining('path of the file') });
      expect((await backend.saveProfile({ name: 'leaky', text })).ok).toBe(false);
    });

    it('saveProfile writes the file, which is then listed and readable', async () => {
      const text = fleetProfileText({ name: 'Fleet B' });
      const saved = await backend.saveProfile({ name: 'fleet-b', text });
      expect(saved).toEqual({ ok: true, issues: [], path: path.join(dataDir, 'profiles', 'fleet-b.json') });
      expect(await readFile(saved.path ?? '', 'utf8')).toBe(`${text}\n`);
      expect((await backend.listProfiles({})).map((p) => p.name)).toContain('fleet-b');
    });

    it('saveProfile refuses an invalid profile and writes nothing', async () => {
      const saved = await backend.saveProfile({ name: 'broken', text: fleetProfileText({ mqtt: { qos: 3 } }) });
      expect(saved.ok).toBe(false);
      expect(saved.issues[0]?.path).toBe('mqtt.qos');
      await expect(readFile(path.join(dataDir, 'profiles', 'broken.json'))).rejects.toThrow();
    });

    it.each(['../escape', 'a/b', 'demo', '.hidden', ''])('saveProfile refuses the name %j', async (name) => {
      await expect(backend.saveProfile({ name, text: fleetProfileText() })).rejects.toMatchObject({ code: 'bad-name' });
    });
  });

  describe('settings', () => {
    beforeEach(() => make());

    it('are persisted in <dataDir>/settings.json and survive a restart', async () => {
      expect(await backend.setSettings({ language: 'en' })).toMatchObject({ language: 'en' });
      expect(JSON.parse(await readFile(path.join(dataDir, SETTINGS_FILE), 'utf8'))).toMatchObject({ language: 'en' });
      await backend.dispose();
      make();
      expect(await backend.getSettings({})).toMatchObject({ language: 'en' });
    });
  });

  describe('session replay', () => {
    beforeEach(() => make());

    async function writeLog(events: RunnerEvent[]): Promise<string> {
      const outDir = await mkdtemp(path.join(tmpdir(), 'fieldlink-log-'));
      const redactor = new Redactor();
      redactor.add(SAMPLE_PASSWORD);
      const log = await openSessionLog({ outDir, runId: 'run-1', redactor });
      for (const event of events) log.write(event);
      await log.close();
      const text = await readFile(log.path, 'utf8');
      await rm(outDir, { recursive: true, force: true });
      return text;
    }

    it('openSession replays a JSONL written by the session log', async () => {
      const run = passedRun();
      const replay = await backend.openSession({ name: 'session.jsonl', content: await writeLog(run) });
      expect(replay.runId).toBe('run-1');
      expect(replay.events).toEqual(run);
    });

    it('K1: a replayed failure keeps its meaning but not the MQTT password', async () => {
      const run = failedRun();
      expect(JSON.stringify(run)).toContain(SAMPLE_PASSWORD);
      const replay = await backend.openSession({ name: 'session.jsonl', content: await writeLog(run) });
      expect(replay.events.map((e) => e.type)).toEqual(run.map((e) => e.type));
      expect(JSON.stringify(replay.events)).not.toContain(SAMPLE_PASSWORD);
    });

    it('the report of a replayed session can be opened', async () => {
      const { runId } = await backend.openSession({ name: 'session.jsonl', content: await writeLog(passedRun()) });
      const report = await backend.getReport({ runId });
      expect(report.html).toContain(SAMPLE_DEVICE_ID);
      expect(JSON.parse(report.json)).toMatchObject({ outcome: 'passed', runId: 'run-1' });
    });

    it('a bad line is reported with its file name and line number', async () => {
      const content = `${JSON.stringify(passedRun()[0])}\n{"type":"step-started","t":1,"step":"format-disk"}\n`;
      await expect(backend.openSession({ name: 'old.jsonl', content })).rejects.toMatchObject({ code: 'bad-session', message: expect.stringContaining('old.jsonl:2') });
    });
  });

  describe('runs (scripted engine)', () => {
    it('startRun streams the run’s events and waits for answerFota under the ask policy', async () => {
      make({ offerFota: true });
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      expect(engines.engines[0]?.options).toMatchObject({ port: TCP_PORT, fotaPolicy: 'ask', outDir: path.join(dataDir, 'sessions') });
      await vi.waitFor(() => expect(runnerEvents(runId).some((e) => e.type === 'fota-offer')).toBe(true));
      await expect(backend.answerFota({ runId, target: 'sub', accept: true })).rejects.toMatchObject({ code: 'bad-state' });
      await backend.answerFota({ runId, target: 'main', accept: false });
      await finished(runId);
      expect(engines.engines[0]?.decisions).toEqual([false]);
      await vi.waitFor(() => expect(engines.engines[0]?.closed).toBe(true));
    });

    it('the request’s fotaPolicy overrides the profile’s', async () => {
      make();
      await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME, fotaPolicy: 'never' });
      expect(engines.engines[0]?.options.fotaPolicy).toBe('never');
    });

    it('a missing profile is refused before any engine is built', async () => {
      make();
      const error = await backend.startRun({ port: TCP_PORT, profile: 'nope' }).catch((e: unknown) => e);
      expect(toIpcErrorPayload(error)).toEqual({ code: 'invalid-profile', message: expect.stringContaining('no stored profile named "nope"') });
      expect(engines.engines).toHaveLength(0);
    });

    it('a running port is busy: marked in listPorts, refused to a second run (S3)', async () => {
      make({ stayLive: true });
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      await expect(backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME })).rejects.toMatchObject({ code: 'port-busy' });
      serial = [{ ...QUECTEL_AT, path: TCP_PORT }];
      expect((await backend.listPorts({})).find((p) => p.uri === TCP_PORT)?.busy).toContain(runId);
      await backend.publishTest({ runId, payload: 'hello' });
      await backend.disconnect({ runId });
      await finished(runId);
      await vi.waitFor(() => expect(engines.engines[0]?.calls).toEqual(['start', 'publishTest:hello', 'disconnect', 'close']));
      expect((await backend.listPorts({})).find((p) => p.uri === TCP_PORT)?.busy).toBeUndefined();
    });

    it('retryRun resumes a failed run from its failed step, on the same engine', async () => {
      make({ failAt: 'fota-main' });
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      await finished(runId);
      expect(runnerEvents(runId).findLast((e) => e.type === 'run-finished')).toMatchObject({ type: 'run-finished', outcome: 'failed' });
      expect(await backend.retryRun({ runId })).toEqual({ runId });
      await vi.waitFor(() => expect(runnerEvents(runId).filter((e) => e.type === 'run-finished')).toHaveLength(2));
      expect(engines.engines).toHaveLength(1);
      expect(engines.engines[0]?.calls.slice(0, 2)).toEqual(['start', 'resume:fota-main']);
    });

    it('cancelRun on a failed run releases its port; it cannot be retried afterwards', async () => {
      make({ failAt: 'identify' });
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      await finished(runId);
      await backend.cancelRun({ runId });
      expect(engines.engines[0]?.calls).toEqual(['start', 'cancel', 'close']);
      await expect(backend.retryRun({ runId })).rejects.toMatchObject({ code: 'bad-state' });
    });

    it('sendAt on a port a run holds goes through the run, and is echoed as terminal events', async () => {
      make({ stayLive: true });
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      expect(await backend.sendAt({ port: TCP_PORT, command: 'ATI' })).toEqual({ command: 'ATI', lines: ['Quectel', 'EC21'], final: 'OK' });
      expect(engines.engines[0]?.calls).toContain('sendAt:ATI');
      const terminal = events.flatMap((e) => (e.channel === 'terminal' ? [[e.kind, e.text]] : []));
      expect(terminal).toEqual([['command', 'ATI'], ['line', 'Quectel'], ['line', 'EC21'], ['line', 'OK']]);
      await backend.cancelRun({ runId });
    });

    it('publishTest on a run that is not connected is a bad-state error', async () => {
      make();
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      await finished(runId);
      await expect(backend.publishTest({ runId, payload: 'x' })).rejects.toMatchObject({ code: 'bad-state' });
      await expect(backend.cancelRun({ runId: 'no-such-run' })).rejects.toMatchObject({ code: 'not-found' });
    });

    it('getReport builds the report of a run (in the configured language)', async () => {
      make({ failAt: 'mqtt-connect' });
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      await finished(runId);
      await backend.setSettings({ language: 'en' });
      const report = await backend.getReport({ runId });
      expect(report.dir).toBe(path.join(dataDir, 'sessions', runId));
      expect(JSON.parse(report.json)).toMatchObject({ outcome: 'failed', failure: { step: 'mqtt-connect', code: 'TIMEOUT' } });
      expect(report.html).toContain('Connect to MQTT server');
    });

    it('listRuns returns a live run with every event emitted so far, AT traffic included', async () => {
      make({ stayLive: true });
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      await vi.waitFor(() => expect(runnerEvents(runId).some((e) => e.type === 'mqtt-state')).toBe(true));
      engines.engines[0]?.emit({ type: 'at-traffic', event: { kind: 'command', t: Date.now(), dir: 'tx', text: 'AT+QMTCONN?' } });
      const held = await backend.listRuns({});
      expect(held).toEqual([{ runId, port: TCP_PORT, events: runnerEvents(runId) }]);
      expect(held[0]?.events.map((e) => e.type)).toEqual(expect.arrayContaining(['run-started', 'step-passed', 'mqtt-state', 'at-traffic']));
      await backend.disconnect({ runId });
      await finished(runId);
      await vi.waitFor(() => expect(engines.engines[0]?.closed).toBe(true));
      expect(await backend.listRuns({})).toEqual([]);
    });

    it('listRuns keeps a failed run waiting for retry, and drops it once cancelled (closed)', async () => {
      make({ failAt: 'fota-main' });
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      await finished(runId);
      const [held] = await backend.listRuns({});
      expect(held?.runId).toBe(runId);
      expect(held?.events.findLast((e) => e.type === 'run-finished')).toMatchObject({ type: 'run-finished', outcome: 'failed' });
      expect(held?.events.at(-1)).toMatchObject({ type: 'run-state', to: 'failed-holding-port', step: 'fota-main' });
      await backend.cancelRun({ runId });
      expect(await backend.listRuns({})).toEqual([]);
    });

    it('listRuns does not return a run that passed and closed', async () => {
      make();
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      await finished(runId);
      await vi.waitFor(() => expect(engines.engines[0]?.closed).toBe(true));
      expect(await backend.listRuns({})).toEqual([]);
    });

    it('a run that passed and closed leaves memory; its report is read back from session.jsonl on disk', async () => {
      make({ failAt: 'mqtt-connect' });
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      await finished(runId);
      expect(backend.runsInMemory()).toBe(1); // failed: held for a retry
      await backend.cancelRun({ runId });
      expect(backend.runsInMemory()).toBe(0);
      const logged = await readFile(path.join(dataDir, 'sessions', runId, 'session.jsonl'), 'utf8');
      expect(logged).toContain('"to":"closed"');
      const report = await backend.getReport({ runId });
      expect(JSON.parse(report.json)).toMatchObject({ outcome: 'cancelled', failure: { step: 'mqtt-connect', code: 'TIMEOUT' } });
      await expect(backend.publishTest({ runId, payload: 'x' })).rejects.toMatchObject({ code: 'bad-state', message: expect.stringContaining('has ended') });
      await expect(backend.cancelRun({ runId })).resolves.toEqual({});
    });

    it('dispose cancels the runs that still hold a port', async () => {
      make({ stayLive: true });
      const { runId } = await backend.startRun({ port: TCP_PORT, profile: FLEET_PROFILE_NAME });
      expect(backend.activeRuns()).toEqual([runId]);
      await backend.dispose();
      expect(engines.engines[0]?.calls).toEqual(['start', 'cancel', 'close']);
      expect(runnerEvents(runId).findLast((e) => e.type === 'run-finished')).toMatchObject({ type: 'run-finished', outcome: 'cancelled' });
      expect(runnerEvents(runId).at(-1)).toMatchObject({ type: 'run-state', from: 'finished', to: 'closed' });
    });
  });
});
