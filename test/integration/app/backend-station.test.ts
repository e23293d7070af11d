/**
 * The UI's station end to end below the page: the web-mode server and WebSocket bridge, the
 * renderer's bridge client, the back end's startStation / stopStation, the station engine, and a
 * virtual line of four units on real PTYs (socat) with the demo cloud: two good units, one whose
 * firmware server answers 404 (`http-404`) and a clone (the first unit's IMEI again). Events come
 * batched on the `station` channel, with the units' AT traffic beside them.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { IpcEvent } from '../../../shared/ipc.ts';
import { IpcError } from '../../../shared/ipc.ts';
import type { SlotStateEvent, StationEvent, StationStateEvent } from '../../../shared/station.ts';
import { createBackend } from '../../../electron/app/backend.ts';
import type { Backend } from '../../../electron/app/backend.ts';
import { startWebServer } from '../../../electron/web/server.ts';
import type { WebServer } from '../../../electron/web/server.ts';
import { createWsClient } from '../../../renderer/bridge/ws-client.ts';
import type { WebSocketLike, WsFieldlinkClient } from '../../../renderer/bridge/ws-client.ts';
import { makeDataDir, makeRendererDir } from '../../helpers/app-fixtures.ts';

type StationBatch = Extract<IpcEvent, { channel: 'station' }>;

describe('Station through the web bridge, on a virtual line of four units', () => {
  let dataDir: string;
  let rendererDir: string;
  let backend: Backend;
  let server: WebServer;
  let client: WsFieldlinkClient;
  const batches: StationBatch[] = [];
  const stationEvents = (): StationEvent[] => batches.flatMap((batch) => batch.events);
  const lastState = (): StationStateEvent | undefined => stationEvents().filter((e): e is StationStateEvent => e.type === 'station-state').at(-1);
  const finalOf = (slot: string): SlotStateEvent | undefined =>
    stationEvents()
      .filter((e): e is SlotStateEvent => e.type === 'slot-state' && e.slot === slot && e.result !== undefined)
      .at(-1);

  beforeAll(async () => {
    dataDir = await makeDataDir('fieldlink-station-ui-');
    rendererDir = await makeRendererDir();
    backend = createBackend({ dataDir, listSerial: async () => [], demo: { cloud: { ephemeral: true }, simulator: { fast: true, stateDir: dataDir } } });
    server = await startWebServer({ backend, rendererDir });
    client = createWsClient({ url: `ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike });
    client.onEvent((event) => {
      if (event.channel === 'station') batches.push(event);
    });
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await server?.close();
    await backend?.dispose();
    await rm(dataDir, { recursive: true, force: true });
    await rm(rendererDir, { recursive: true, force: true });
  });

  it('refuses a request naming both ports and a virtual line, and an unknown fault, naming the field', async () => {
    await expect(client.startStation({ ports: ['sim:'], virtualLine: { units: [{}] }, profile: 'demo' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('ports') });
    const unknown = await client.startStation({ virtualLine: { units: [{ faults: ['no-such-fault'] }] }, profile: 'demo' }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(IpcError);
    expect((unknown as IpcError).message).toContain('virtualLine.units.0.faults');
    expect(backend.currentStation()).toBeUndefined();
  });

  it('runs four units at once: two pass, the http-404 unit fails, the clone is refused; counters, batches, traffic, reports; stop ends it', { timeout: 240_000 }, async () => {
    const { stationId, slots } = await client.startStation({ virtualLine: { units: [{}, {}, { faults: ['http-404'] }, { cloneOf: 0 }] }, profile: 'demo', operator: 'kim' });
    expect(slots).toEqual(['A1', 'A2', 'A3', 'A4']);
    await expect(client.startStation({ virtualLine: { units: [{}] }, profile: 'demo' })).rejects.toMatchObject({ code: 'bad-state' });

    await vi.waitFor(() => expect(lastState()?.counters.units).toBe(4), { timeout: 220_000, interval: 250 });
    expect(batches.every((batch) => batch.stationId === stationId)).toBe(true);

    // One of A1 / A4 (same IMEI) is refused as on the other slot; the other passes.
    const a1 = finalOf('A1');
    const a4 = finalOf('A4');
    const [refused, admitted] = a1?.result?.outcome === 'refused' ? [a1, a4] : [a4, a1];
    expect(refused?.result).toMatchObject({ outcome: 'refused', refusal: 'on-other-slot', otherSlot: admitted?.slot });
    expect(admitted?.result).toMatchObject({ outcome: 'passed' });
    expect(finalOf('A2')?.result).toMatchObject({ outcome: 'passed' });
    const a3 = finalOf('A3');
    expect(a3?.result?.outcome).toBe('failed');
    expect(a3?.result?.code).toBeTruthy();
    expect(lastState()?.counters).toMatchObject({ units: 4, passed: 2, failed: 1, refused: 1 });
    expect(lastState()?.operator).toBe('kim');

    // Batched: far fewer messages than events, and the units' AT traffic rides along.
    const carried = batches.reduce((sum, batch) => sum + batch.events.length + batch.traffic.length, 0);
    expect(batches.length).toBeLessThan(carried / 4);
    const a2Run = finalOf('A2')?.result?.runId as string;
    const a2Commands = batches.flatMap((batch) => batch.traffic.filter((item) => item.runId === a2Run && item.event.type === 'at-traffic' && item.event.event.kind === 'command'));
    expect(a2Commands.length).toBeGreaterThan(10);

    // A unit's report opens like a run's (its run folder is under the back end's sessions).
    const report = await client.getReport({ runId: a2Run });
    expect(path.basename(report.dir)).toBe(a2Run);
    expect(JSON.parse(report.json)).toMatchObject({ outcome: 'passed' });

    // Stop: nothing runs, so the first stop ends the station; its slots keep their results.
    await client.stopStation({ stationId });
    await vi.waitFor(() => expect(lastState()?.state).toBe('stopped'), { timeout: 30_000, interval: 100 });
    await vi.waitFor(() => expect(backend.currentStation()).toBeUndefined(), { timeout: 10_000 });
    await expect(client.stopStation({ stationId })).rejects.toMatchObject({ code: 'not-found' });
  });
});
