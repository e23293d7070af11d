/**
 * Run records for tests of the results store's readers (`fieldlink results`, the History screen,
 * run differences): a builder with sensible values, and one small production history over two
 * days, two stations and several slots, IMEIs, outcomes, failure codes, measurements and facts.
 * Records go into a real store through begin/finish (seedStore), never straight into tables.
 *
 * The fixture's yield, by hand (units = distinct IMEIs that ran; first pass = the unit's first run passed):
 *   IMEI_A  2 runs, both passed (FOTA main 01.001 → 01.002 on day 2)    first pass
 *   IMEI_B  failed MQTT_REFUSED (broker port 1883) then passed (8883)   passed, not first pass
 *   IMEI_C  failed NOT_REGISTERED twice (weak signal)                   never passed
 *   IMEI_D  passed                                                      first pass
 *   IMEI_E  failed MEASUREMENT_OUT_OF_LIMITS, then a cancelled run      never passed
 *   IMEI_F  a CLI run (no station), passed; text fields need CSV quoting  first pass
 */
import { createHash } from 'node:crypto';
import type { RecordStep, RunRecord } from '../../shared/run-record.ts';
import { RunRecordSchema } from '../../shared/run-record.ts';
import { STEP_IDS } from '../../shared/steps.ts';
import type { ResultsStore } from '../../electron/store/types.ts';

export const IMEI_A = '860000000000011';
export const IMEI_B = '860000000000029';
export const IMEI_C = '860000000000037';
export const IMEI_D = '860000000000045';
export const IMEI_E = '860000000000052';
export const IMEI_F = '860000000000060';

export const DAY1 = Date.UTC(2026, 10, 3, 8, 0, 0);
export const DAY2 = Date.UTC(2026, 10, 4, 8, 0, 0);
const MINUTE = 60_000;

export const PROFILE_HASH = createHash('sha256').update('profile-v1').digest('hex');
export const PROFILE_HASH_2 = createHash('sha256').update('profile-v2').digest('hex');
export const CA_1 = 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD';
export const CLIENT_1 = '11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:11:22:33:44';

/** Steps all passed with plain durations; `failedAt` fails that step and leaves the rest not run. */
export function steps(failedAt?: RecordStep['id'], durations: Partial<Record<RecordStep['id'], number>> = {}): RecordStep[] {
  const failedIndex = failedAt ? STEP_IDS.indexOf(failedAt) : STEP_IDS.length;
  return STEP_IDS.map((id, i) => ({
    id,
    status: i < failedIndex ? 'passed' : i === failedIndex ? 'failed' : 'not-run',
    durationMs: i <= failedIndex ? (durations[id] ?? 1000 + i * 100) : null,
  }));
}

let counter = 0;

/** A passed record of IMEI_A at DAY1 with every field filled; override what a test cares about. */
export type RecordOverrides = Partial<Omit<RunRecord, 'facts'>> & { facts?: Partial<RunRecord['facts']> };

export function makeRecord(overrides: RecordOverrides = {}): RunRecord {
  counter += 1;
  const startedAt = overrides.startedAt ?? DAY1;
  const { facts, ...rest } = overrides;
  const record: RunRecord = {
    runId: `run-${String(counter).padStart(4, '0')}`,
    kind: 'station',
    outcome: 'passed',
    exitCategory: 'ok',
    failureCode: null,
    failureStep: null,
    deviceId: 'TMS2_0001',
    imei: IMEI_A,
    iccid: '8982000000000000001',
    unitSerial: null,
    model: 'EG915U',
    revision: 'EG915UEUABR03A01M08',
    firmware: { mainBefore: '01.001', mainAfter: null, subBefore: '02.000', subAfter: null },
    profileName: 'line',
    profileHash: PROFILE_HASH,
    appVersion: '0.1.0',
    host: 'bench-pc',
    operator: 'kim',
    station: 'LINE-1',
    line: null,
    slot: '1',
    port: '/dev/ttyUSB2',
    startedAt,
    finishedAt: startedAt + 2 * MINUTE,
    runDir: `/tmp/fieldlink-sessions/run-${counter}`,
    steps: steps(),
    measurements: [
      { name: 'signal-rssi', value: -71, unit: 'dBm', low: -100, high: null, passed: true, step: 'identify' },
      { name: 'signal-rsrp', value: -95, unit: 'dBm', low: -120, high: null, passed: true, step: 'identify' },
    ],
    ...rest,
    facts: {
      caFingerprints: [CA_1],
      clientCertFingerprint: CLIENT_1,
      brokerHost: 'mqtt.example.test',
      brokerPort: 8883,
      firmwareOffered: { main: '01.001', sub: '02.000' },
      rssiDbm: -71,
      rsrpDbm: -95,
      registration: 1,
      operator: 'KT',
      ...facts,
    },
  };
  return RunRecordSchema.parse(record);
}

const failed = (code: string, step: RecordStep['id'], category: RunRecord['exitCategory']) => ({
  outcome: 'failed' as const,
  failureCode: code,
  failureStep: step,
  exitCategory: category,
  steps: steps(step),
});

/** The production history described at the top, oldest first (runIds `fx-01`…). */
export function fixtureRecords(): RunRecord[] {
  const at = (day: number, minutes: number) => day + minutes * MINUTE;
  const list: RunRecord[] = [
    makeRecord({ imei: IMEI_A, startedAt: at(DAY1, 0), station: 'LINE-1', slot: '1' }),
    makeRecord({ imei: IMEI_B, startedAt: at(DAY1, 5), station: 'LINE-1', slot: '2', ...failed('MQTT_REFUSED', 'mqtt-connect', 'server'), facts: { brokerPort: 1883 } }),
    makeRecord({ imei: IMEI_C, startedAt: at(DAY1, 10), station: 'LINE-2', slot: '1', ...failed('NOT_REGISTERED', 'data-service', 'network'), facts: { rssiDbm: -109, rsrpDbm: -124, registration: 2, brokerHost: null, brokerPort: null } }),
    makeRecord({ imei: IMEI_B, startedAt: at(DAY1, 40), station: 'LINE-1', slot: '2', steps: steps(undefined, { 'mqtt-connect': 9000 }) }),
    makeRecord({ imei: IMEI_A, startedAt: at(DAY2, 0), station: 'LINE-1', slot: '1', firmware: { mainBefore: '01.001', mainAfter: '01.002', subBefore: '02.000', subAfter: null }, facts: { firmwareOffered: { main: '01.002', sub: '02.000' } } }),
    makeRecord({ imei: IMEI_C, startedAt: at(DAY2, 10), station: 'LINE-2', slot: '1', ...failed('NOT_REGISTERED', 'data-service', 'network'), facts: { rssiDbm: -111, rsrpDbm: -126, registration: 2, brokerHost: null, brokerPort: null } }),
    makeRecord({ imei: IMEI_D, startedAt: at(DAY2, 20), station: 'LINE-2', slot: '2' }),
    makeRecord({
      imei: IMEI_E,
      startedAt: at(DAY2, 30),
      station: 'LINE-1',
      slot: '1',
      ...failed('MEASUREMENT_OUT_OF_LIMITS', 'calibration', 'device'),
      measurements: [{ name: 'calibration-residual', value: 4.2, unit: 'deg', low: null, high: 2, passed: false, step: 'calibration' }],
    }),
    makeRecord({ imei: IMEI_E, startedAt: at(DAY2, 45), station: 'LINE-1', slot: '1', outcome: 'cancelled', exitCategory: 'aborted', steps: steps('server-info').map((s) => (s.status === 'failed' ? { ...s, status: 'interrupted' } : s)) }),
    makeRecord({ imei: IMEI_F, kind: 'run', startedAt: at(DAY2, 60), station: null, slot: null, profileName: 'line "A", v2', profileHash: PROFILE_HASH_2, operator: 'Lee, J.\nnight shift' }),
  ];
  return list.map((record, i) => ({ ...record, runId: `fx-${String(i + 1).padStart(2, '0')}`, runDir: `/tmp/fieldlink-fixture/fx-${String(i + 1).padStart(2, '0')}` }));
}

/** Puts records into a real store the way a run does: begin (running), then finish. */
export async function seedStore(store: ResultsStore, records: readonly RunRecord[]): Promise<void> {
  for (const record of records) {
    await store.begin({ ...record, outcome: 'running', finishedAt: null, failureCode: null, failureStep: null, exitCategory: null });
    await store.finish(record);
  }
}
