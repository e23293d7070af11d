/**
 * The back end with the real engine, the in-process virtual device (fast timings) and the
 * embedded demo cloud: the Demo device is offered, the terminal talks to it, and a full run with
 * the built-in demo profile reaches the live session, publishes, disconnects and reports.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openResultsStore } from '../../../electron/store/open.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunnerEvent } from '../../../shared/events.ts';
import type { IpcEvent } from '../../../shared/ipc.ts';
import { createBackend } from '../../../electron/app/backend.ts';
import type { Backend } from '../../../electron/app/backend.ts';
import { DEMO_PORT_URI } from '../../../electron/app/port-list.ts';
import { makeDataDir } from '../../helpers/app-fixtures.ts';

describe('backend with the virtual device and the demo cloud', () => {
  let dataDir: string;
  let backend: Backend;
  const events: IpcEvent[] = [];
  const runnerEvents = (runId: string): RunnerEvent[] => events.flatMap((e) => (e.channel === 'runner' && e.runId === runId ? [e.event] : []));

  beforeAll(async () => {
    dataDir = await makeDataDir();
    backend = createBackend({
      dataDir,
      listSerial: async () => [],
      demo: { cloud: { ephemeral: true }, simulator: { fast: true, stateDir: dataDir } },
      storeUrl: `sqlite:${join(dataDir, 'results.sqlite')}`,
    });
    backend.onEvent((event) => events.push(event));
  });
  afterAll(async () => {
    await backend?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('offers the Demo device', async () => {
    expect((await backend.listPorts({})).map((p) => p.uri)).toEqual([DEMO_PORT_URI]);
  });

  it('the AT terminal talks to the virtual device (ATI), and the port shows as open in the terminal', async () => {
    const answer = await backend.sendAt({ port: DEMO_PORT_URI, command: 'ATI' });
    expect(answer.final).toBe('OK');
    expect(answer.lines.join('\n')).toMatch(/Quectel/);
    expect((await backend.listPorts({}))[0]?.busy).toMatch(/terminal/);
    const texts = events.flatMap((e) => (e.channel === 'terminal' ? [e.text] : []));
    expect(texts).toEqual(expect.arrayContaining(['ATI', 'OK']));
  });

  it('runs the demo profile to the live session, publishes a test message, disconnects and reports', { timeout: 120_000 }, async () => {
    const { runId } = await backend.startRun({ port: DEMO_PORT_URI, profile: 'demo', fotaPolicy: 'never' });
    expect((await backend.listPorts({}))[0]?.busy).toContain(runId);
    const live = (e: RunnerEvent) => e.type === 'step-started' && e.step === 'live-session';
    await vi.waitFor(() => expect(runnerEvents(runId).some((e) => live(e) || e.type === 'run-finished')).toBe(true), { timeout: 90_000, interval: 100 });
    expect(runnerEvents(runId).filter((e) => e.type === 'step-failed')).toEqual([]);
    await backend.publishTest({ runId, payload: '{"hello":"from the test"}' });
    expect(runnerEvents(runId).some((e) => e.type === 'mqtt-message' && e.direction === 'out' && e.payload.includes('from the test'))).toBe(true);
    await backend.disconnect({ runId });
    await vi.waitFor(() => expect(runnerEvents(runId).findLast((e) => e.type === 'run-finished')).toMatchObject({ type: 'run-finished', outcome: 'passed' }), { timeout: 30_000 });
    // the run closes and leaves memory: the report below is read back from its session.jsonl on disk
    await vi.waitFor(() => expect(runnerEvents(runId).at(-1)).toMatchObject({ type: 'run-state', from: 'finished', to: 'closed' }), { timeout: 30_000 });
    expect(await backend.listRuns({})).toEqual([]);
    const identified = runnerEvents(runId).find((e) => e.type === 'device-identified');
    const report = await backend.getReport({ runId });
    expect(identified?.type === 'device-identified' && report.html.includes(identified.deviceId)).toBe(true);
    expect(JSON.parse(report.json)).toMatchObject({ outcome: 'passed', profileName: 'demo' });
    await vi.waitFor(async () => expect((await backend.listPorts({}))[0]?.busy).toBeUndefined());
    // On record in the results store as a run from the UI (docs/results-store.md#recording).
    const store = await openResultsStore({ url: `sqlite:${join(dataDir, 'results.sqlite')}` });
    try {
      await vi.waitFor(async () => expect((await store.get(runId))?.outcome).toBe('passed'), { timeout: 10_000 });
      const record = await store.get(runId);
      expect(record).toMatchObject({ kind: 'ui', imei: identified?.type === 'device-identified' ? identified.imei : 'missing', profileName: 'demo', port: DEMO_PORT_URI });
      expect(record?.steps.find((s) => s.id === 'mqtt-connect')?.status).toBe('passed');
      expect(record?.measurements.map((m) => m.name)).toContain('mqtt-connect-time');
    } finally {
      await store.close();
    }
    expect(await backend.getSettings({})).toMatchObject({ resultsPending: 0 });
  });
});
