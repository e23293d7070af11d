/**
 * Run records for the store tests: a valid record with the fields a test cares about overridden.
 */
import type { RunRecord } from '../../../shared/run-record.ts';

let counter = 0;

export function imeiOf(n: number): string {
  return `86769804${String(n).padStart(7, '0')}`;
}

export function makeRecord(overrides: Partial<RunRecord> = {}): RunRecord {
  counter++;
  return {
    runId: `run-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    kind: 'run',
    outcome: 'running',
    exitCategory: null,
    failureCode: null,
    failureStep: null,
    deviceId: 'TMS2_0001',
    imei: imeiOf(1),
    iccid: '8982000000000000001',
    unitSerial: null,
    model: 'EG25',
    revision: 'EG25GGBR07A08M2G',
    firmware: { mainBefore: '1.0.0', mainAfter: null, subBefore: '0.9', subAfter: null },
    profileName: 'line-a',
    profileHash: 'a'.repeat(64),
    appVersion: '0.1.0',
    host: 'bench-1',
    operator: 'kim',
    station: 'st-1',
    line: null,
    slot: '1',
    port: '/dev/ttyUSB2',
    startedAt: Date.UTC(2026, 11, 1, 8, 0, 0),
    finishedAt: null,
    runDir: '/tmp/runs/x',
    steps: [{ id: 'identify', status: 'not-run', durationMs: null }],
    measurements: [],
    facts: {
      caFingerprints: [],
      clientCertFingerprint: null,
      brokerHost: null,
      brokerPort: null,
      firmwareOffered: { main: null, sub: null },
      rssiDbm: null,
      rsrpDbm: null,
      registration: null,
      operator: null,
    },
    ...overrides,
  };
}

/** The same run, finished. */
export function finished(record: RunRecord, outcome: 'passed' | 'failed' | 'cancelled', overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    ...record,
    outcome,
    exitCategory: outcome === 'passed' ? 'ok' : outcome === 'failed' ? 'failed' : 'aborted',
    failureCode: outcome === 'failed' ? 'MQTT_REFUSED' : null,
    failureStep: outcome === 'failed' ? 'mqtt-connect' : null,
    finishedAt: record.startedAt + 90_000,
    steps: [
      { id: 'identify', status: 'passed', durationMs: 1200 },
      { id: 'mqtt-connect', status: outcome === 'passed' ? 'passed' : 'failed', durationMs: 3400 },
    ],
    measurements: [{ name: 'signal-rssi', value: -71, unit: 'dBm', low: -95, high: null, passed: true, step: 'identify' }],
    ...overrides,
  };
}
