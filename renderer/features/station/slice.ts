/**
 * The Station screen (startStation): one tile per slot, the counters, and per unit (by run id)
 * its steps, MQTT timeline and last AT lines, reduced from the batches of the `station` channel
 * (which the event pump applies once per animation frame). A unit's steps and MQTT state go
 * through the wizard's and the MQTT panel's own reducers: the same runner events.
 */
import type { RunnerEvent } from '../../../shared/events.ts';
import type { IpcEvent } from '../../../shared/ipc.ts';
import type { SlotTile, StationCounters, StationEvent, StationState } from '../../../shared/station.ts';
import { emptyTile, nextSlotTile } from '../../../shared/station.ts';

export { emptyTile, type SlotTile };
import type { StationConfigSummary, StationSnapshot } from '../../../shared/station-ipc.ts';
import type { MqttViewState } from '../mqtt/slice.ts';
import { initialMqtt, reduceMqtt } from '../mqtt/slice.ts';
import type { ReportState } from '../report/slice.ts';
import { initialReport } from '../report/slice.ts';
import type { RunState } from '../wizard/slice.ts';
import { initialRun, reduceRun } from '../wizard/slice.ts';

/** AT lines kept per unit (the whole log is the unit's session.jsonl). */
export const STATION_UNIT_LOG_LINES = 500;

export interface StationUnit {
  slot: string;
  run: RunState;
  mqtt: MqttViewState;
  log: string[];
}

export interface StationViewState {
  /** The Station screen is shown instead of the device card and panels. */
  open: boolean;
  /** Large type and high contrast, the screen alone (readable from two metres). */
  kiosk: boolean;
  stationId: string | null;
  busy: 'starting' | 'stopping' | null;
  error: string | null;
  state: StationState | null;
  reason: string | null;
  operator: string | null;
  counters: StationCounters;
  /** Slot labels in fixture order. */
  order: string[];
  slots: Record<string, SlotTile>;
  units: Record<string, StationUnit>;
  /** The tile clicked: its unit's details are shown. */
  selected: string | null;
  report: ReportState;
  /** The last batch applied (a snapshot's `seq` after catching up): older batches are skipped. */
  seq: number;
  /** The station's name (a configuration's `name`). */
  name: string | null;
  /** The stored configuration it was started from. */
  configName: string | null;
  /** Units wait for a scanned serial (a configuration's `unitSerial`). */
  unitSerialRequired: boolean;
  /** Stored station configurations (the start form's list). */
  configs: StationConfigSummary[];
  /** An operator command under way or refused (retry, rework, serial, operator). */
  commandError: string | null;
}

export const emptyCounters: StationCounters = { units: 0, passed: 0, failed: 0, refused: 0, firstPassYield: 0, unitsPerHour: 0 };

export const initialStation: StationViewState = {
  open: false,
  kiosk: false,
  stationId: null,
  busy: null,
  error: null,
  state: null,
  reason: null,
  operator: null,
  counters: emptyCounters,
  order: [],
  slots: {},
  units: {},
  selected: null,
  report: initialReport,
  seq: 0,
  name: null,
  configName: null,
  unitSerialRequired: false,
  configs: [],
  commandError: null,
};

/** A station just started: its slots, all empty. */
export function startedStation(state: StationViewState, stationId: string, labels: readonly string[], facts: { name?: string | undefined; unitSerial?: boolean | undefined; configName?: string | undefined } = {}): StationViewState {
  const started = startedSlots(state, stationId, labels);
  return { ...started, name: facts.name ?? null, unitSerialRequired: facts.unitSerial ?? false, configName: facts.configName ?? null, commandError: null };
}

/**
 * A page that loads while a station runs (getStation): the grid, counters and each unit's steps,
 * MQTT timeline and last AT lines rebuilt from the snapshot; batches up to its `seq` are then
 * skipped, later ones applied.
 */
export function stationFromSnapshot(state: StationViewState, snapshot: StationSnapshot): StationViewState {
  const slots: Record<string, SlotTile> = {};
  for (const slot of snapshot.slots) {
    slots[slot.label] = {
      label: slot.label,
      state: slot.state,
      step: slot.step,
      imei: slot.imei,
      port: slot.port,
      runId: slot.runId,
      startedAt: slot.startedAt,
      endedAt: slot.endedAt,
      last: slot.last,
      unitSerial: slot.unitSerial,
    };
  }
  const units: Record<string, StationUnit> = {};
  for (const unit of snapshot.units) {
    let run: RunState = { ...initialRun, runId: unit.runId, source: 'live' };
    let mqtt = initialMqtt;
    for (const event of unit.events) {
      run = reduceRun(run, event);
      mqtt = reduceMqtt(mqtt, event);
    }
    const log: string[] = [];
    for (const event of unit.traffic) {
      const line = event.type === 'at-traffic' ? logLine(event.event) : null;
      if (line !== null) log.push(line);
    }
    units[unit.runId] = { slot: unit.slot, run, mqtt, log: log.slice(-STATION_UNIT_LOG_LINES) };
  }
  const same = state.stationId === snapshot.stationId;
  return {
    ...state,
    stationId: snapshot.stationId,
    seq: snapshot.seq,
    busy: null,
    error: null,
    state: snapshot.state,
    reason: snapshot.reason ?? null,
    operator: snapshot.operator ?? null,
    counters: snapshot.counters,
    order: snapshot.slots.map((slot) => slot.label),
    slots,
    units,
    name: snapshot.name,
    configName: snapshot.config ?? null,
    unitSerialRequired: snapshot.unitSerial,
    selected: same ? state.selected : null,
    report: same ? state.report : initialReport,
  };
}

function startedSlots(state: StationViewState, stationId: string, labels: readonly string[]): StationViewState {
  const slots: Record<string, SlotTile> = {};
  for (const label of labels) slots[label] = state.stationId === stationId ? (state.slots[label] ?? emptyTile(label)) : emptyTile(label);
  const units = state.stationId === stationId ? state.units : {};
  return { ...state, stationId, order: [...labels], slots, units, busy: null, error: null, selected: null, report: initialReport, ...(state.stationId === stationId ? {} : { counters: emptyCounters, state: 'running' as const, seq: 0 }) };
}

export function isStationWorking(state: StationViewState): boolean {
  return state.busy === 'starting' || (state.stationId !== null && state.state !== null && state.state !== 'stopped');
}

/** One batch of the station channel. Batches of another station are ignored. */
export function reduceStationBatch(state: StationViewState, batch: Extract<IpcEvent, { channel: 'station' }>): StationViewState {
  if (state.stationId !== null && batch.stationId !== state.stationId) return state;
  if (state.stationId === null && state.busy !== 'starting') return state;
  // A batch the snapshot (or an earlier batch) already holds.
  if (batch.seq !== undefined && state.stationId === batch.stationId && batch.seq <= state.seq) return state;
  let next: StationViewState = state.stationId === null ? { ...state, stationId: batch.stationId } : state;
  if (batch.seq !== undefined) next = { ...next, seq: batch.seq };
  let slots = next.slots;
  let order = next.order;
  let units = next.units;
  for (const event of batch.events) {
    const applied = applyStationEvent(next, slots, order, units, event);
    next = applied.state;
    slots = applied.slots;
    order = applied.order;
    units = applied.units;
  }
  for (const { runId, event } of batch.traffic) {
    const unit = units[runId];
    if (!unit || event.type !== 'at-traffic') continue;
    const line = logLine(event.event);
    if (line === null) continue;
    if (units === next.units) units = { ...units };
    const log = unit.log.length >= STATION_UNIT_LOG_LINES ? [...unit.log.slice(1 - STATION_UNIT_LOG_LINES), line] : [...unit.log, line];
    units[runId] = { ...unit, log };
  }
  return slots === next.slots && order === next.order && units === next.units ? next : { ...next, slots, order, units };
}

function applyStationEvent(
  state: StationViewState,
  slots: Record<string, SlotTile>,
  order: string[],
  units: Record<string, StationUnit>,
  event: StationEvent,
): { state: StationViewState; slots: Record<string, SlotTile>; order: string[]; units: Record<string, StationUnit> } {
  switch (event.type) {
    case 'station-state':
      return {
        state: { ...state, state: event.state, reason: event.reason, operator: event.operator ?? null, counters: event.counters, busy: event.state === 'stopped' ? null : state.busy },
        slots,
        order,
        units,
      };
    case 'slot-state': {
      const before = slots[event.slot] ?? emptyTile(event.slot);
      const nextOrder = order.includes(event.slot) ? order : [...order, event.slot];
      const tile = nextSlotTile(before, event);
      let nextUnits = units;
      const runId = event.runId;
      if (runId && !units[runId]) nextUnits = { ...units, [runId]: { slot: event.slot, run: { ...initialRun, runId, source: 'live' }, mqtt: initialMqtt, log: [] } };
      return { state, slots: { ...slots, [event.slot]: tile }, order: nextOrder, units: nextUnits };
    }
    case 'slot-run': {
      const unit = units[event.runId] ?? { slot: event.slot, run: { ...initialRun, runId: event.runId, source: 'live' as const }, mqtt: initialMqtt, log: [] };
      const run = reduceRun(unit.run, event.event);
      const mqtt = reduceMqtt(unit.mqtt, event.event);
      let nextSlots = slots;
      if (event.event.type === 'device-identified') {
        const tile = slots[event.slot];
        if (tile) nextSlots = { ...slots, [event.slot]: { ...tile, imei: event.event.imei } };
      }
      if (run === unit.run && mqtt === unit.mqtt && units[event.runId]) return { state, slots: nextSlots, order, units };
      return { state, slots: nextSlots, order, units: { ...units, [event.runId]: { ...unit, run, mqtt } } };
    }
  }
}

/** Commands and the module's lines (not echoes, raw bytes or data), as the diagnosis log shows them. */
function logLine(event: Extract<RunnerEvent, { type: 'at-traffic' }>['event']): string | null {
  if (event.kind === 'command') return `→ ${event.text}`;
  if (event.kind === 'line' && event.role !== 'echo') return `← ${event.text}`;
  return null;
}
