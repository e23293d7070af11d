/**
 * What a page needs to catch up with a running station (getStation, docs/station.md#ipc): each
 * slot as the grid shows it, and for the unit on each slot its runner events and last AT lines,
 * kept from the events the session sends. The session applies a batch here when it sends it, so a
 * snapshot holds exactly the batches up to its `seq`, never half of one.
 */
import type { RunnerEvent } from '../../shared/events.ts';
import { emptyTile, nextSlotTile, type SlotTile, type StationEvent, type StationStateEvent } from '../../shared/station.ts';
import type { StationSlotSnapshot, StationUnitSnapshot } from '../../shared/station-ipc.ts';
import { STATION_SNAPSHOT_LOG_LINES } from '../../shared/station-ipc.ts';

/** A run's runner events kept at most (a connect run has a few hundred). */
const UNIT_EVENTS_MAX = 5000;

interface UnitHistory {
  runId: string;
  slot: string;
  events: RunnerEvent[];
  traffic: RunnerEvent[];
}

export class StationTracker {
  readonly #slots = new Map<string, SlotTile>();
  readonly #units = new Map<string, UnitHistory>();
  #state: StationStateEvent | undefined;

  constructor(labels: readonly string[]) {
    for (const label of labels) this.#slots.set(label, emptyTile(label));
  }

  get lastState(): StationStateEvent | undefined {
    return this.#state;
  }

  apply(event: StationEvent): void {
    if (event.type === 'station-state') {
      this.#state = event;
      return;
    }
    if (event.type === 'slot-run') {
      const unit = this.#unit(event.runId, event.slot);
      if (unit.events.length < UNIT_EVENTS_MAX) unit.events.push(event.event);
      if (event.event.type === 'device-identified') {
        const tile = this.#slots.get(event.slot);
        if (tile) this.#slots.set(event.slot, { ...tile, imei: event.event.imei });
      }
      return;
    }
    const before = this.#slots.get(event.slot) ?? emptyTile(event.slot);
    const tile = nextSlotTile(before, event);
    const starting = event.to === 'running' && event.from !== 'running';
    const runId = tile.runId;
    // Another run on the slot: the previous unit's history is no longer shown.
    if (starting && before.runId && runId !== before.runId) this.#units.delete(before.runId);
    this.#slots.set(event.slot, tile);
    if (runId && starting) this.#unit(runId, event.slot);
  }

  /** One AT traffic event of a unit: only what its log shows (commands and the module's lines) is kept, the last 500. */
  traffic(runId: string, event: RunnerEvent): void {
    if (event.type !== 'at-traffic') return;
    const kind = event.event.kind;
    if (kind !== 'command' && !(kind === 'line' && event.event.role !== 'echo')) return;
    const unit = this.#units.get(runId);
    if (!unit) return;
    unit.traffic.push(event);
    if (unit.traffic.length > STATION_SNAPSHOT_LOG_LINES * 1.2) unit.traffic.splice(0, unit.traffic.length - STATION_SNAPSHOT_LOG_LINES);
  }

  setUnitSerial(label: string, serial: string | undefined): void {
    const tile = this.#slots.get(label);
    if (!tile) return;
    this.#slots.set(label, { ...tile, unitSerial: serial });
  }

  /** The tiles as the snapshot carries them (a field the tile does not have is left out). */
  slots(): StationSlotSnapshot[] {
    return [...this.#slots.values()].map((tile) => Object.fromEntries(Object.entries(tile).filter(([, value]) => value !== undefined)) as StationSlotSnapshot);
  }

  /** The units on the slots now (the run each tile shows). */
  units(): StationUnitSnapshot[] {
    const shown = new Set([...this.#slots.values()].map((slot) => slot.runId).filter((id): id is string => id !== undefined));
    return [...this.#units.values()]
      .filter((unit) => shown.has(unit.runId))
      .map((unit) => ({ runId: unit.runId, slot: unit.slot, events: [...unit.events], traffic: unit.traffic.slice(-STATION_SNAPSHOT_LOG_LINES) }));
  }

  #unit(runId: string, slot: string): UnitHistory {
    let unit = this.#units.get(runId);
    if (!unit) {
      unit = { runId, slot, events: [], traffic: [] };
      this.#units.set(runId, unit);
    }
    return unit;
  }
}
