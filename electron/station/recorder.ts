/**
 * What the station needs from the results store, as a narrow interface (docs/station.md#recording):
 * per unit, a check after identify (the store's duplicate claim) and the unit's record, tagged with
 * station, slot and operator, written as its run goes. `store-recorder.ts` implements it with the
 * results store's RunRecorder; without a store the station still writes each unit's tag file
 * (`station.json`) into its run folder.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunnerEvent } from '../../shared/events.ts';
import type { DeviceIds } from '../../shared/profile.ts';
import type { SlotResult } from '../../shared/station.ts';
import type { RunResult, SequenceRunner } from '../engine/sequence/runner.ts';

/** Who and where, recorded with every unit. */
export interface UnitTags {
  station: string;
  line?: string;
  slot: string;
  port: string;
  operator?: string;
  /** A scanned unit serial, bound to the IMEI. */
  unitSerial?: string;
  /** The operator asked to run this passed unit again (`rework A1`): its claim uses the `rework` policy. */
  rework?: true;
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

/** One unit's recording. */
export interface UnitRecording {
  /**
   * The store's duplicate check after identify (and before a resume): throws the StepError that
   * refuses the unit (DUPLICATE_IMEI, DUPLICATES_UNCHECKABLE); any other rejection counts as
   * `cannot-check`.
   */
  checkUnit(ids: DeviceIds): Promise<void>;
  /** Follows the unit's runner: the record is begun at run-started and finished at run-finished. */
  attach(runner: SequenceRunner): void;
  /** Resolves when every store write of the unit is done (or noted as a problem). */
  settle(): Promise<void>;
  /** A unit serial scanned while the unit's run is under way (or kept for a retry): its record carries it. */
  setUnitSerial?(serial: string | undefined): void;
}

export interface SlotRecorder {
  forUnit(tags: UnitTags, runId: string): UnitRecording;
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
