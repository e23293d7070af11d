/**
 * The UI's Diagnose end to end below the page: the web-mode server and WebSocket bridge, the
 * renderer's own bridge client, the back end, the real diagnosis engine (DIAGNOSIS steps,
 * continueAfterFailure) and the in-process virtual device. A fresh unit is "not provisioned yet"
 * (passed, not failed); `sim:no-sim` is a fault with its finding; either way the port is released
 * at the end and the report reads back like a run's.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { RunnerEvent } from '../../../shared/events.ts';
import type { IpcEvent } from '../../../shared/ipc.ts';
import { IpcError } from '../../../shared/ipc.ts';
import { createBackend } from '../../../electron/app/backend.ts';
import type { Backend } from '../../../electron/app/backend.ts';
import { startWebServer } from '../../../electron/web/server.ts';
import type { WebServer } from '../../../electron/web/server.ts';
import { createWsClient } from '../../../renderer/bridge/ws-client.ts';
import type { WebSocketLike, WsFieldlinkClient } from '../../../renderer/bridge/ws-client.ts';
import { makeDataDir, makeRendererDir } from '../../helpers/app-fixtures.ts';

describe('Diagnose through the web bridge, on the virtual device', () => {
  let dataDir: string;
  let rendererDir: string;
  let backend: Backend;
  let server: WebServer;
  let client: WsFieldlinkClient;
  const events: IpcEvent[] = [];
  const of = (channel: 'runner' | 'diagnosis', runId: string): RunnerEvent[] => events.flatMap((e) => (e.channel === channel && e.runId === runId ? [e.event] : []));

  beforeAll(async () => {
    dataDir = await makeDataDir();
    rendererDir = await makeRendererDir();
    backend = createBackend({ dataDir, listSerial: async () => [], demo: { cloud: { ephemeral: true }, simulator: { fast: true, stateDir: dataDir } } });
    server = await startWebServer({ backend, rendererDir });
    client = createWsClient({ url: `ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike });
    client.onEvent((event) => events.push(event));
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await server?.close();
    await backend?.dispose();
    await rm(dataDir, { recursive: true, force: true });
    await rm(rendererDir, { recursive: true, force: true });
  });

  async function diagnoseToEnd(port: string): Promise<{ runId: string; diag: RunnerEvent[] }> {
    const { runId } = await client.startDiagnosis({ port });
    await vi.waitFor(() => expect(of('diagnosis', runId).at(-1)).toMatchObject({ type: 'run-state', to: 'closed' }), { timeout: 60_000, interval: 100 });
    return { runId, diag: of('diagnosis', runId) };
  }

  it('a fresh unit: events on the diagnosis channel only, verdict "not provisioned yet", passed, port released, report on disk', { timeout: 90_000 }, async () => {
    const { runId, diag } = await diagnoseToEnd('sim:');
    expect(of('runner', runId)).toEqual([]); // never mixed into the connect run's channel
    expect(diag[0]).toMatchObject({ type: 'run-started', port: 'sim:' });
    const verdict = diag.find((e) => e.type === 'diagnosis-verdict');
    expect(verdict).toMatchObject({ overall: 'not-provisioned' });
    expect(diag.find((e) => e.type === 'run-finished')).toMatchObject({ outcome: 'passed' });
    const device = diag.find((e) => e.type === 'device-identified');
    expect(device).toMatchObject({ iccid: expect.stringMatching(/^\d{19,20}$/), imsi: expect.any(String), rsrpDbm: expect.any(Number), registration: { stat: 1 } });
    // The diagnosis never changes the device: no upload, no echo change, no PDP activation.
    const sent = diag.flatMap((e) => (e.type === 'at-traffic' && e.event.kind === 'command' ? [e.event.text] : []));
    expect(sent.some((c) => /^AT\+QFUPL|^ATE0|^AT\+QIACT=|^AT\+QMTOPEN=/.test(c))).toBe(false);
    // Released: not held, not listed as a run to catch up with, the port free again.
    expect(backend.runsInMemory()).toBe(0);
    expect(await client.listRuns({})).toEqual([]);
    expect((await client.listPorts({})).find((p) => p.uri === 'sim:')?.busy).toBeUndefined();
    // The report opens like a run's (read back from the session log on disk).
    const report = await client.getReport({ runId });
    expect(path.basename(report.dir)).toBe(runId);
    expect(JSON.parse(report.json)).toMatchObject({ outcome: 'passed' });
  });

  it('no SIM (sim:no-sim): a fault finding with meaning and action; the diagnosis still ends and lets the port go', { timeout: 90_000 }, async () => {
    const { diag } = await diagnoseToEnd('sim:no-sim');
    const verdict = diag.find((e) => e.type === 'diagnosis-verdict');
    expect(verdict?.type === 'diagnosis-verdict' && verdict.overall).toBe('fault');
    const noSim = verdict?.type === 'diagnosis-verdict' ? verdict.findings.find((f) => f.code === 'NO_SIM') : undefined;
    expect(noSim).toMatchObject({ severity: 'fault', meaning: expect.stringMatching(/SIM/), action: expect.stringMatching(/insert or reseat/) });
    expect(diag.find((e) => e.type === 'run-finished')).toMatchObject({ outcome: 'failed' });
    // Every step ran after the first failure (continueAfterFailure): the verdict step too.
    expect(diag.some((e) => e.type === 'step-started' && e.step === 'live-session')).toBe(true);
    expect(backend.runsInMemory()).toBe(0);
  });

  it('a second diagnosis on a port that is being diagnosed is refused (port-busy); a bad port URI is a bad-request', { timeout: 90_000 }, async () => {
    const { runId } = await client.startDiagnosis({ port: 'sim:' });
    const second = await client.startDiagnosis({ port: 'sim:' }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(IpcError);
    expect(second).toMatchObject({ code: 'port-busy', message: expect.stringContaining(`diagnosis ${runId}`) });
    // A run cannot take the port either while it is diagnosed.
    expect(await client.startRun({ port: 'sim:', profile: 'demo' }).catch((e: unknown) => e)).toMatchObject({ code: 'port-busy' });
    await client.cancelRun({ runId });
    await vi.waitFor(() => expect(of('diagnosis', runId).at(-1)).toMatchObject({ type: 'run-state', to: 'closed' }), { timeout: 30_000 });
    expect(of('diagnosis', runId).find((e) => e.type === 'run-finished')).toMatchObject({ outcome: 'cancelled' });
    const bad = await client.startDiagnosis({ port: '' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'bad-request', message: expect.stringContaining('startDiagnosis: port') });
  });
});
