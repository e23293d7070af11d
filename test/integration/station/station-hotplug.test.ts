/**
 * The station engine over real PTYs (docs/station.md): virtual devices appear and disappear as
 * their PTYs are created and removed, the demo cloud and broker are real. Hot-plug starts runs, a
 * pulled unit empties its slot (the last result stays), the same unit on another slot after it
 * passed is refused before anything changes, a unit pulled mid-run fails alone with the port lost
 * (S1), and stop drains (first) or cancels (second).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoKit, type DemoKit } from '../../../electron/demo/demo-kit.ts';
import { createVirtualDevice, type VirtualDevice } from '../../../electron/sim/device.ts';
import type { VirtualDeviceOptions } from '../../../electron/sim/options.ts';
import { exposeOnPty, type PtyExposure } from '../../../electron/sim/serve/pty.ts';
import { Station, type StationSummary } from '../../../electron/station/station.ts';
import { parseStationConfig, type SlotStateEvent, type StationEvent } from '../../../shared/station.ts';
import { parseRunnerEvent } from '../../../shared/events.ts';

let kit: DemoKit;
let dir: string;
const devices: VirtualDevice[] = [];
const ptys = new Set<PtyExposure>();

beforeAll(async () => {
  kit = await startDemoKit();
  dir = await mkdtemp(join(tmpdir(), 'fl-station-'));
}, 60_000);
afterEach(async () => {
  for (const pty of ptys) await pty.close();
  ptys.clear();
  for (const device of devices.splice(0)) await device.close();
});
afterAll(async () => {
  await kit?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function device(imei: string, options: VirtualDeviceOptions = {}): Promise<VirtualDevice> {
  const made = await createVirtualDevice({ fast: true, imei, stateDir: join(dir, 'state'), ...options });
  devices.push(made);
  await made.whenReady();
  return made;
}

async function plug(made: VirtualDevice, path: string): Promise<PtyExposure> {
  const pty = await exposeOnPty(made, path, { attachAfter: made.whenReady() });
  ptys.add(pty);
  return pty;
}

async function pull(pty: PtyExposure): Promise<void> {
  await pty.close();
  ptys.delete(pty);
}

function station(name: string, labels: string[], extra: Record<string, unknown> = {}) {
  const config = parseStationConfig({ name, profile: 'demo', pollMs: 100, slots: labels.map((label) => ({ label, port: { path: join(dir, `${name}-${label}`) } })), ...extra });
  const made = new Station({
    config,
    profile: kit.profile,
    outDir: join(dir, 'runs'),
    operator: 'kim',
    provision: (ids, port) => kit.provision(ids, port),
    runner: { retryBackoffMs: 100, reopen: { delaysMs: [100, 200] } },
  });
  const events: StationEvent[] = [];
  made.onEvent((event) => events.push(event));
  const path = (label: string) => join(dir, `${name}-${label}`);
  return { station: made, events, path };
}

const transitions = (events: readonly StationEvent[], slot: string) =>
  events.filter((e): e is SlotStateEvent => e.type === 'slot-state' && e.slot === slot && e.cause !== 'step').map((e) => `${e.to}${e.result?.code ? `:${e.result.code}` : ''}`);

async function until(what: string, check: () => boolean, events: readonly StationEvent[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${events.filter((e) => e.type === 'slot-state').map((e) => JSON.stringify(e)).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const reached = (events: readonly StationEvent[], slot: string, state: string, nth = 1) => () => events.filter((e) => e.type === 'slot-state' && e.slot === slot && e.to === state && e.cause !== 'step').length >= nth;

describe('station hot-plug', () => {
  it('a unit that appears runs; pulled, its slot keeps the result; the same unit on another slot is refused before anything changes; a new unit runs', async () => {
    const { station: st, events, path } = station('hp', ['A1', 'A2']);
    const running = st.run();
    const unit1 = await device('867969066450014');
    const a1 = await plug(unit1, path('A1'));
    await until('A1 passed', reached(events, 'A1', 'passed'), events);
    expect(unit1.state.firmware).toEqual({ main: '1.4.0', sub: '1.1.2' });

    await pull(a1);
    await until('A1 empty', reached(events, 'A1', 'empty'), events);
    expect(st.view().find((slot) => slot.label === 'A1')).toMatchObject({ state: 'empty', last: { outcome: 'passed', imei: '867969066450014' } });

    // The same unit moved to A2 (duplicates: refuse): refused after identify.
    await plug(unit1, path('A2'));
    await until('A2 refused', reached(events, 'A2', 'refused'), events);
    const refused = events.find((e): e is SlotStateEvent => e.type === 'slot-state' && e.slot === 'A2' && e.to === 'refused');
    expect(refused?.result).toMatchObject({ outcome: 'refused', code: 'UNIT_REFUSED', refusal: 'already-passed', imei: '867969066450014' });
    const refusedRun = events.filter((e) => e.type === 'slot-run' && e.slot === 'A2').map((e) => (e.type === 'slot-run' ? e.event : undefined));
    expect(refusedRun.some((e) => e?.type === 'step-started' && e.step === 'ssl-configure')).toBe(false);
    // Its session log on disk says the same: identify failed with UNIT_REFUSED, no later step began.
    const session = (await readFile(join(refused?.result?.runDir ?? '', 'session.jsonl'), 'utf8')).trim().split('\n').map((line) => parseRunnerEvent(JSON.parse(line)));
    expect(session.find((e) => e.type === 'step-failed')).toMatchObject({ step: 'identify', error: { code: 'UNIT_REFUSED' } });
    expect(session.filter((e) => e.type === 'step-started').map((e) => e.type === 'step-started' && e.step)).toEqual(['identify']);

    const unit2 = await device('867969066450022');
    await plug(unit2, path('A1'));
    await until('A1 passed twice', reached(events, 'A1', 'passed', 2), events);

    st.stop();
    const summary: StationSummary = await running;
    expect(transitions(events, 'A1')).toEqual(['present', 'running', 'passed', 'empty', 'present', 'running', 'passed']);
    expect(transitions(events, 'A2')).toEqual(['present', 'running', 'refused:UNIT_REFUSED']);
    expect(summary.counters).toMatchObject({ units: 3, passed: 2, failed: 0, refused: 1, firstPassYield: 1 });
    // Every unit's run folder has its report and its station tag (station, slot, operator).
    for (const unit of summary.units) {
      const tag = JSON.parse(await readFile(join(unit.run?.dir ?? '', 'station.json'), 'utf8')) as Record<string, unknown>;
      expect(tag).toMatchObject({ station: 'hp', slot: unit.tags.slot, operator: 'kim', imei: unit.imei });
      expect(await readFile(unit.run?.files.reportHtml ?? '', 'utf8')).toContain('<html');
    }
    // The slot's own log has its transitions.
    const slotLog = (await readFile(join(summary.logDir, 'slots', 'A2.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as SlotStateEvent);
    expect(slotLog.filter((e) => e.cause !== 'step').map((e) => e.to)).toEqual(['present', 'running', 'refused']);
  }, 240_000);

  it('S1: a unit pulled mid-run fails alone with the port lost; the unit on the other slot passes', async () => {
    const { station: st, events, path } = station('pull', ['B1', 'B2']);
    const running = st.run();
    // B1's unit applies its firmware slowly, so it is pulled while it is still running.
    const slow = await device('867969066450030', { timing: { fotaStepMs: 1000 } });
    const b1 = await plug(slow, path('B1'));
    const other = await device('867969066450048');
    await plug(other, path('B2'));
    await until('B1 in the main firmware update', () => events.some((e) => e.type === 'slot-state' && e.slot === 'B1' && e.step === 'fota-main'), events);
    await pull(b1);
    await until('B1 failed and empty', reached(events, 'B1', 'empty'), events);
    await until('B2 passed', reached(events, 'B2', 'passed'), events);
    st.stop();
    await running;
    expect(transitions(events, 'B1')).toEqual(['present', 'running', 'failed:PORT_LOST', 'empty']);
    expect(transitions(events, 'B2')).toEqual(['present', 'running', 'passed']);
  }, 240_000);

  it('stop: the first lets the running unit finish and starts no new one; a second cancels, the device left in a known state', async () => {
    const { station: st, events, path } = station('stop', ['C1', 'C2']);
    const running = st.run();
    const unit = await device('867969066450055');
    await plug(unit, path('C1'));
    await until('C1 running', reached(events, 'C1', 'running'), events);
    st.stop();
    const late = await device('867969066450063');
    await plug(late, path('C2'));
    await until('C2 present', reached(events, 'C2', 'present'), events);
    const summary = await running;
    expect(transitions(events, 'C1')).toEqual(['present', 'running', 'passed']);
    expect(transitions(events, 'C2')).toEqual(['present']);
    expect(summary.units.map((u) => u.tags.slot)).toEqual(['C1']);
    expect(events.filter((e) => e.type === 'station-state').map((e) => e.type === 'station-state' && e.state)).toEqual(['running', 'draining', 'stopped']);

    const second = station('cancel', ['D1']);
    const again = second.station.run();
    const slowUnit = await device('867969066450071', { timing: { fotaStepMs: 1000 } });
    await plug(slowUnit, second.path('D1'));
    await until('D1 in FOTA', () => second.events.some((e) => e.type === 'slot-state' && e.slot === 'D1' && e.step === 'fota-main'), second.events);
    second.station.stop();
    second.station.stop();
    const cancelled = await again;
    expect(transitions(second.events, 'D1')).toEqual(['present', 'running', 'failed:CANCELLED']);
    const run = cancelled.units[0]?.run;
    expect(run?.outcome).toBe('cancelled');
    // The runner's own end: cancelled, port closed (run-state reaches finished, then closed).
    const states = second.events.filter((e) => e.type === 'slot-run' && e.event.type === 'run-state').map((e) => (e.type === 'slot-run' && e.event.type === 'run-state' ? e.event.to : ''));
    expect(states).toContain('cancelling');
    expect(states.slice(-2)).toEqual(['finished', 'closed']);
  }, 240_000);
});
