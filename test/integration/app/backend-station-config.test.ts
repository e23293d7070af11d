/**
 * The Station screen's back end beyond ports and virtual lines: stored station configurations
 * (checked, named by field), a station started from one whose slots are found by USB serial, USB
 * location and path in a port listing (a virtual line's, real PTYs through socat, demo cloud),
 * `unitSerial` and `operatorRequired` enforced, the operator's commands (serial, retry, rework,
 * operator) with their refusals, every unit on record in the SQLite results store with station,
 * slot and operator, and a getStation snapshot from which the renderer's reducer rebuilds the same
 * grid as a page that saw every batch.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IpcEvent } from '../../../shared/ipc.ts';
import type { SlotStateEvent, StationEvent, StationStateEvent } from '../../../shared/station.ts';
import type { StationSnapshot } from '../../../shared/station-ipc.ts';
import { createBackend } from '../../../electron/app/backend.ts';
import type { Backend } from '../../../electron/app/backend.ts';
import { dispatch } from '../../../electron/app/dispatch.ts';
import { VirtualLine } from '../../../electron/sim/fixture/virtual-line.ts';
import { initialStation, reduceStationBatch, startedStation, stationFromSnapshot } from '../../../renderer/features/station/slice.ts';
import { FLEET_PROFILE_NAME, makeDataDir } from '../../helpers/app-fixtures.ts';

type StationBatch = Extract<IpcEvent, { channel: 'station' }>;

const IMEIS = ['867969066452911', '867969066452929', '867969066452937'];

describe('Station from a stored configuration (slots by USB serial, USB location and path)', () => {
  let dataDir: string;
  let backend: Backend;
  let line: VirtualLine;
  const batches: StationBatch[] = [];
  const events = (): StationEvent[] => batches.flatMap((batch) => batch.events);
  const slotEvents = (slot: string): SlotStateEvent[] => events().filter((e): e is SlotStateEvent => e.type === 'slot-state' && e.slot === slot);
  const results = (slot: string) => slotEvents(slot).filter((e) => e.result !== undefined && e.from === 'running');
  const lastState = (): StationStateEvent | undefined => events().filter((e): e is StationStateEvent => e.type === 'station-state').at(-1);
  const call = async (method: string, request: unknown) => {
    const envelope = await dispatch(backend, method, request);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
    return envelope.response;
  };

  beforeAll(async () => {
    dataDir = await makeDataDir('fieldlink-station-config-');
    const lineDir = path.join(dataDir, 'line');
    await mkdir(path.join(lineDir, 'state'), { recursive: true });
    line = await VirtualLine.start({
      paths: [0, 1, 2].map((i) => path.join(lineDir, `tty-${i}`)),
      units: [{ imei: IMEIS[0] as string }, { imei: IMEIS[1] as string }, { imei: IMEIS[2] as string, faults: ['http-404'] }],
      stateDir: path.join(lineDir, 'state'),
      device: { fast: true },
    });
    backend = createBackend({ dataDir, listSerial: async () => [], stationPortLister: line.portLister, demo: { cloud: { ephemeral: true }, simulator: { fast: true, stateDir: dataDir } } });
    backend.onEvent((event) => {
      if (event.channel === 'station') batches.push(event);
    });
  }, 60_000);
  afterAll(async () => {
    await backend?.dispose();
    await line?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores a configuration only when it passes, naming the field of every problem; lists what each says', async () => {
    const bad = { name: 'st-bad', profile: 'demo', slots: [{ label: 'A1', port: { path: '/dev/ttyUSB0' } }, { label: 'A2', port: { path: '/dev/ttyUSB1', usbSerial: 'x' } }] };
    const refused = (await call('saveStationConfig', { name: 'bad', text: JSON.stringify(bad) })) as { ok: boolean; issues: { path: string; message: string }[] };
    expect(refused.ok).toBe(false);
    expect(refused.issues).toContainEqual({ path: 'slots.1.port', message: expect.stringContaining('exactly one of') });
    expect(existsSync(path.join(dataDir, 'stations', 'bad.json'))).toBe(false);

    const byPath = (await call('saveStationConfig', { name: 'bad', text: JSON.stringify({ ...bad, profile: '../profiles/x.json', slots: [bad.slots[0]] }) })) as { ok: boolean; issues: { path: string }[] };
    expect(byPath.issues.map((i) => i.path)).toEqual(['profile']);
    const notJson = (await call('saveStationConfig', { name: 'bad', text: '{"name": ' })) as { ok: boolean; issues: { path: string }[] };
    expect(notJson.ok).toBe(false);
    await expect(call('saveStationConfig', { name: '../evil', text: '{}' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('name') });

    // A file that went bad on disk is listed with its problem, and starting from it names the field.
    await mkdir(path.join(dataDir, 'stations'), { recursive: true });
    await writeFile(path.join(dataDir, 'stations', 'broken.json'), JSON.stringify({ ...bad, slots: [{ label: 'A1', port: {} }] }));
    const list = (await call('listStationConfigs', {})) as { name: string; problem?: string }[];
    expect(list).toEqual([{ name: 'broken', problem: expect.stringContaining('slots.0.port') }]);
    await expect(call('startStation', { config: 'broken' })).rejects.toMatchObject({ code: 'bad-file', message: expect.stringContaining('slots.0.port') });
    await call('deleteStationConfig', { name: 'broken' });

    // operatorRequired and a profile that is not stored: refused before anything starts, naming the field.
    const strict = { name: 'strict', profile: 'demo', operatorRequired: true, slots: [{ label: 'Z1', port: { path: '/dev/null-z1' } }] };
    expect(await call('saveStationConfig', { name: 'strict', text: JSON.stringify(strict) })).toMatchObject({ ok: true });
    await expect(call('startStation', { config: 'strict' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/operator.*operatorRequired/) });
    await call('saveStationConfig', { name: 'strict', text: JSON.stringify({ ...strict, profile: 'no-such-profile' }) });
    await expect(call('startStation', { config: 'strict', operator: 'kim' })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('profile: no stored profile named "no-such-profile"') });
    await expect(call('startStation', { config: 'strict', profile: FLEET_PROFILE_NAME })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('profile') });
    await call('deleteStationConfig', { name: 'strict' });
    expect(backend.currentStation()).toBeUndefined();
  });

  it('starts from the configuration: units wait for their serial, then run; retry, rework, operator; records; a snapshot rebuilds the grid', { timeout: 300_000 }, async () => {
    const [u0, u1, u2] = line.describe();
    const config = {
      name: 'line-1-st-3',
      line: 'line-1',
      profile: 'demo',
      duplicates: 'refuse',
      operatorRequired: true,
      unitSerial: true,
      pollMs: 200,
      slots: [
        { label: 'X1', port: { usbSerial: u0?.serialNumber } },
        { label: 'X2', port: { usbLocation: u1?.locationId } },
        { label: 'X3', port: { path: u2?.path } },
      ],
    };
    expect(await call('saveStationConfig', { name: 'st3', text: JSON.stringify(config, null, 2) })).toMatchObject({ ok: true, issues: [] });
    expect(await call('listStationConfigs', {})).toEqual([{ name: 'st3', station: 'line-1-st-3', line: 'line-1', profile: 'demo', slots: 3, operatorRequired: true, unitSerial: true }]);
    expect(JSON.parse(((await call('readStationConfig', { name: 'st3' })) as { text: string }).text)).toMatchObject({ name: 'line-1-st-3' });

    const started = (await call('startStation', { config: 'st3', operator: 'lee' })) as { stationId: string; slots: string[]; name: string; unitSerial: boolean };
    expect(started).toMatchObject({ slots: ['X1', 'X2', 'X3'], name: 'line-1-st-3', unitSerial: true });
    const { stationId } = started;

    // Every slot found its unit (serial, location, path) and waits in `present` for a scanned serial.
    await vi.waitFor(() => expect(['X1', 'X2', 'X3'].map((slot) => slotEvents(slot).at(-1)?.to)).toEqual(['present', 'present', 'present']), { timeout: 30_000, interval: 100 });
    expect(slotEvents('X1').at(-1)?.port).toBe(u0?.path);
    expect(slotEvents('X2').at(-1)?.port).toBe(u1?.path);
    const waiting = (await call('getStation', {})) as { station: StationSnapshot };
    expect(waiting.station).toMatchObject({ stationId, name: 'line-1-st-3', line: 'line-1', config: 'st3', operator: 'lee', unitSerial: true, operatorRequired: true, state: 'running' });
    expect(waiting.station.slots.map((slot) => slot.state)).toEqual(['present', 'present', 'present']);

    // Commands that do not fit are refused, naming the slot or the field.
    await expect(call('stationCommand', { stationId, action: 'retry' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('slot') });
    await expect(call('stationCommand', { stationId, action: 'serial', slot: 'X1' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('value') });
    await expect(call('stationCommand', { stationId, action: 'serial', slot: 'Q9', value: 'SN-1' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('no slot "Q9"') });
    await expect(call('stationCommand', { stationId, action: 'retry', slot: 'X1' })).rejects.toMatchObject({ code: 'bad-state', message: expect.stringContaining('the slot is present') });
    await expect(call('stationCommand', { stationId, action: 'operator', value: '' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('operatorRequired') });
    await expect(call('stationCommand', { stationId: 'station-nope', action: 'operator', value: 'x' })).rejects.toMatchObject({ code: 'not-found' });

    // Scanned serials start the units (case of the label does not matter).
    for (const [slot, serial] of [['x1', 'SN-0001'], ['X2', 'SN-0002'], ['X3', 'SN-0003']] as const) await call('stationCommand', { stationId, action: 'serial', slot, value: serial });
    await vi.waitFor(() => expect(slotEvents('X1').some((e) => e.to === 'running')).toBe(true), { timeout: 30_000, interval: 100 });

    // A snapshot mid-run: the renderer rebuilds the same grid from it plus the later batches.
    const mid = ((await call('getStation', {})) as { station: StationSnapshot }).station;
    expect(mid.slots.find((slot) => slot.label === 'X1')?.unitSerial).toBe('SN-0001');

    await vi.waitFor(() => expect(lastState()?.counters.units).toBe(3), { timeout: 200_000, interval: 250 });
    expect(results('X1').at(-1)?.result?.outcome).toBe('passed');
    expect(results('X2').at(-1)?.result?.outcome).toBe('passed');
    const failed = results('X3').at(-1);
    expect(failed?.result?.outcome).toBe('failed');

    // Retry resumes the failed unit from its failed step (same run); rework runs a passed one again.
    await call('stationCommand', { stationId, action: 'operator', value: 'park' });
    await call('stationCommand', { stationId, action: 'retry', slot: 'X3' });
    await vi.waitFor(() => expect(slotEvents('X3').some((e) => e.cause === 'retry' && e.to === 'running')).toBe(true), { timeout: 30_000, interval: 100 });
    const retried = slotEvents('X3').find((e) => e.cause === 'retry');
    expect(retried?.runId).toBe(failed?.result?.runId);
    expect(retried?.step).toBe(failed?.result?.step);
    await expect(call('stationCommand', { stationId, action: 'rework', slot: 'X3' })).rejects.toMatchObject({ code: 'bad-state', message: expect.stringContaining('X3') });
    await call('stationCommand', { stationId, action: 'rework', slot: 'X1' });
    await vi.waitFor(() => expect(results('X1').length).toBe(2), { timeout: 200_000, interval: 250 });
    await vi.waitFor(() => expect(results('X3').length).toBe(2), { timeout: 200_000, interval: 250 });
    expect(slotEvents('X1').some((e) => e.cause === 'rework')).toBe(true);
    expect(results('X1').at(-1)?.result?.outcome).toBe('passed');
    expect(lastState()?.operator).toBe('park');

    // On record: every unit with its station, slot and operator; the serial and line in station.json.
    // One record per run: the rework is a new run, the retry resumes (and re-records) the failed one.
    const runs = new Map(['X1', 'X2', 'X3'].flatMap((slot) => results(slot).map((e) => [e.result?.runId as string, slot] as const)));
    expect(runs.size).toBe(4);
    await vi.waitFor(async () => expect((await backend.listRecords({ kind: 'station' })).records.length).toBe(runs.size), { timeout: 30_000, interval: 250 });
    const { records } = await backend.listRecords({ kind: 'station' });
    expect(records.every((r) => r.station === 'line-1-st-3')).toBe(true);
    expect(new Map(records.map((r) => [r.runId, r.slot]))).toEqual(runs);
    expect(records.find((r) => r.runId === failed?.result?.runId)?.outcome).toBe('failed');
    const rework = records.find((r) => r.slot === 'X1' && r.rework === true);
    expect(rework?.operator).toBe('park');
    expect(records.filter((r) => r.slot === 'X2').map((r) => r.operator)).toEqual(['lee']);
    const tags = JSON.parse(await readFile(path.join(records.find((r) => r.slot === 'X2')?.runDir as string, 'station.json'), 'utf8'));
    expect(tags).toMatchObject({ station: 'line-1-st-3', line: 'line-1', slot: 'X2', operator: 'lee', unitSerial: 'SN-0002', imei: IMEIS[1] });

    // The grid rebuilt from the mid-run snapshot equals the grid of a page that saw every batch.
    const full = batches.reduce(reduceStationBatch, startedStation({ ...initialStation, busy: 'starting' }, stationId, started.slots));
    const later = batches.filter((batch) => (batch.seq ?? 0) > mid.seq);
    expect(later.length).toBeGreaterThan(0);
    expect(later[0]?.seq).toBe(mid.seq + 1);
    // A batch the snapshot holds is skipped when it arrives late.
    const caught = [...batches.filter((batch) => (batch.seq ?? 0) <= mid.seq).slice(-2), ...later].reduce(reduceStationBatch, stationFromSnapshot(initialStation, mid));
    const tiles = (state: typeof full) => state.order.map((label) => ({ ...state.slots[label], unitSerial: undefined }));
    expect(tiles(caught)).toEqual(tiles(full));
    expect(caught.counters).toEqual(full.counters);
    for (const label of caught.order) {
      const runId = caught.slots[label]?.runId as string;
      expect(caught.units[runId]?.run.steps).toEqual(full.units[runId]?.run.steps);
      expect(caught.units[runId]?.log).toEqual(full.units[runId]?.log);
      expect(caught.units[runId]?.log.length).toBeGreaterThan(10);
    }

    await call('stopStation', { stationId });
    await vi.waitFor(() => expect(backend.currentStation()).toBeUndefined(), { timeout: 30_000 });
    // The last station stays readable after it stopped (a page loading later shows its result).
    expect(((await call('getStation', {})) as { station: StationSnapshot }).station).toMatchObject({ stationId, state: 'stopped', counters: { units: 5 } });
    await expect(call('stationCommand', { stationId, action: 'operator', value: 'x' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
