/**
 * What the station needs from the results store, as a narrow interface (docs/station.md#recording):
 * a claim after identify (the store's duplicate check) and the unit's record at the end, tagged
 * with station, slot and operator. The run recorder of the results store implements it; without a
 * store the station still writes each unit's tag file (`station.json`) into its run folder.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunnerEvent } from '../../shared/events.ts';
import type { SlotResult } from '../../shared/station.ts';
import type { RunResult } from '../engine/sequence/runner.ts';
import type { ClaimRequest, ClaimResult } from '../store/types.ts';

/** Who and where, recorded with every unit. */
export interface UnitTags {
  station: string;
  line?: string;
  slot: string;
  port: string;
  operator?: string;
  /** A scanned unit serial, bound to the IMEI. */
  unitSerial?: string;
}

export interface FinishedUnit {
  tags: UnitTags;
  runId: string;
  imei?: string;
  /** The runner's result (absent when the run could not be started at all). */
  run?: RunResult;
  result: SlotResult;
  /** The run's events without AT traffic, in order (what the record is built from). */
  events: readonly RunnerEvent[];
}

export interface SlotRecorder {
  /** The store's duplicate check after identify; a rejection counts as `cannot-check`. */
  claim(request: ClaimRequest, tags: UnitTags): Promise<ClaimResult>;
  /** The unit's final record (and the claim released when it did not pass). */
  finish(unit: FinishedUnit): Promise<void>;
}

export const STATION_TAG_FILE = 'station.json';

/** `<run folder>/station.json`: the unit's station, slot, operator and result beside its report. */
export async function writeUnitTag(runDir: string, unit: FinishedUnit): Promise<void> {
  const tag = {
    formatVersion: 1,
    runId: unit.runId,
    station: unit.tags.station,
    ...(unit.tags.line !== undefined ? { line: unit.tags.line } : {}),
    slot: unit.tags.slot,
    port: unit.tags.port,
    operator: unit.tags.operator ?? null,
    unitSerial: unit.tags.unitSerial ?? null,
    imei: unit.imei ?? null,
    result: unit.result,
  };
  await writeFile(path.join(runDir, STATION_TAG_FILE), `${JSON.stringify(tag, null, 2)}\n`, { mode: 0o600 });
}
