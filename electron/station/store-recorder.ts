/**
 * The station's SlotRecorder on the results store (docs/station.md#recording): one RunRecorder per
 * unit, with the station, line, slot, operator and unit serial in its record, the station's duplicates policy as the
 * claim's policy (docs/results-store.md), and store problems as station notes. The store is
 * opened and closed by the caller.
 */
import { hostname } from 'node:os';
import type { DeviceIds, Profile } from '../../shared/profile.ts';
import type { DuplicatePolicy } from '../../shared/run-record.ts';
import { appVersion } from '../store/app-version.ts';
import { RunRecorder } from '../store/run-recorder.ts';
import type { ResultsStore } from '../store/types.ts';
import type { SlotRecorder, UnitRecording, UnitTags } from './recorder.ts';

export interface StoreRecorderOptions {
  store: ResultsStore;
  profile: Profile;
  /** The station's policy (it wins over the profile's). */
  duplicates: DuplicatePolicy;
  onProblem(slot: string, text: string): void;
}

export function storeRecorder(options: StoreRecorderOptions): SlotRecorder {
  const profile: Profile = { ...options.profile, duplicates: options.duplicates };
  return {
    forUnit(tags: UnitTags, runId: string): UnitRecording {
      const recorder = new RunRecorder(
        options.store,
        {
          kind: 'station',
          host: hostname(),
          operator: tags.operator ?? null,
          station: tags.station,
          line: tags.line ?? null,
          slot: tags.slot,
          unitSerial: tags.unitSerial ?? null,
          appVersion: appVersion(),
          // A rework asked for by the operator is claimed as rework whatever the station's policy.
          profile: tags.rework ? { ...profile, duplicates: 'rework' } : profile,
          port: tags.port,
          runDir: '',
          runId,
        },
        { onProblem: (text) => options.onProblem(tags.slot, text) },
      );
      return {
        checkUnit: (ids: DeviceIds) => recorder.checkUnit(ids),
        attach: (runner) => void recorder.attach(runner),
        settle: () => recorder.settle(),
        setUnitSerial: (serial) => recorder.setUnitSerial(serial ?? null),
      };
    },
  };
}
