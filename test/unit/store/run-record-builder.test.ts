/**
 * buildRunRecord: a run's events + meta → RunRecord (docs/results-store.md#recording). Events as
 * the runner emits them; the record must say what the report says, never hold the MQTT password,
 * and hash the profile by its canonical JSON.
 */
import { describe, expect, it } from 'vitest';
import { buildRunRecord, canonicalJson, profileHash, type RecordMeta } from '../../../electron/store/run-record-builder.ts';
import type { RunnerEvent, RunnerEventBody } from '../../../shared/events.ts';
import { stampEvent } from '../../../shared/events.ts';
import { parseProfile } from '../../../shared/profile.ts';
import { STEP_IDS } from '../../../shared/steps.ts';

const IMEI = '867969066452788';
const PASSWORD = 'mqtt-secret-password-123';
const profile = parseProfile({
  name: 'Line A',
  serverInfoUrl: 'https://tms.example.com/info/{deviceId}',
  tls: { caCert: '/etc/fl/ca.pem', clientCert: '/etc/fl/{imei}.pem', clientKey: '/etc/fl/{imei}.key' },
});
const meta: RecordMeta = { kind: 'run', host: 'bench-3', operator: 'Kim', station: null, slot: null, appVersion: '0.1.0', runDir: '/runs/r1', profile, port: '/dev/ttyUSB2' };

let clock = 1_700_000_000_000;
const ev = (body: RunnerEventBody): RunnerEvent => stampEvent(body, (clock += 100));

function passedRun(): RunnerEvent[] {
  return [
    ev({ type: 'run-started', runId: 'r1', port: '/dev/ttyUSB2', profileName: 'Line A', startedAt: clock }),
    ev({ type: 'step-started', step: 'identify' }),
    ev({
      type: 'device-identified',
      imei: IMEI,
      deviceId: `TMS2_${IMEI}`,
      model: 'EC21',
      revision: 'EC21KLR06A04M4G',
      mainFw: '1.3.0',
      subFw: '1.1.1',
      iccid: '8982309295590575937',
      operator: 'KT',
      rsrpDbm: -92,
      signal: { rssi: 24, ber: 99 },
      registration: { command: 'CEREG', stat: 1 },
    }),
    ev({ type: 'measurement', name: 'signal-rssi', value: -65, unit: 'dBm', low: -105, high: null, passed: true, step: 'identify' }),
    ev({ type: 'step-passed', step: 'identify', durationMs: 1200, summary: 'ok' }),
    ev({ type: 'step-started', step: 'ssl-configure' }),
    ev({
      type: 'tls-setup',
      sslContextId: 1,
      seclevel: 2,
      sslversion: 4,
      ciphersuite: '0xFFFF',
      timeCheck: 'off',
      hostnameCheck: 'not-configured',
      caFingerprints: ['AA:BB'],
      clientCertFingerprint: 'CC:DD',
      uncertain: [],
    }),
    ev({ type: 'step-passed', step: 'ssl-configure', durationMs: 900, summary: 'ok' }),
    ev({ type: 'step-started', step: 'server-info' }),
    ev({
      type: 'step-passed',
      step: 'server-info',
      durationMs: 300,
      summary: 'broker mqtt.example.com:8883 (TLS), firmware main 1.4.0, sub 1.1.2',
      summaryRef: { key: 'summary.serverInfoTls', values: { host: 'mqtt.example.com', port: 8883, main: '1.4.0', sub: '1.1.2' } },
    }),
    ev({ type: 'mqtt-message', topic: 'DDTM/UP/x', payload: `{"password":"${PASSWORD}"}`, direction: 'out' }),
    ev({ type: 'fota-result', target: 'main', before: '1.3.0', after: '1.4.0', ok: true, message: 'updated' }),
    ev({ type: 'run-finished', outcome: 'passed', exitCategory: 'ok' }),
  ];
}

describe('buildRunRecord', () => {
  it('a passed run: ids, ICCID, model, firmware before/after, steps, measurements, facts, start and end', () => {
    const events = passedRun();
    const record = buildRunRecord(events, meta);
    expect(record).toMatchObject({
      runId: 'r1',
      kind: 'run',
      outcome: 'passed',
      exitCategory: 'ok',
      failureCode: null,
      failureStep: null,
      deviceId: `TMS2_${IMEI}`,
      imei: IMEI,
      iccid: '8982309295590575937',
      model: 'EC21',
      revision: 'EC21KLR06A04M4G',
      firmware: { mainBefore: '1.3.0', mainAfter: '1.4.0', subBefore: '1.1.1', subAfter: '1.1.1' },
      profileName: 'Line A',
      host: 'bench-3',
      operator: 'Kim',
      port: '/dev/ttyUSB2',
      startedAt: events[0]?.type === 'run-started' ? events[0].startedAt : -1,
      finishedAt: events.at(-1)?.t,
      runDir: '/runs/r1',
    });
    expect(record.steps).toHaveLength(STEP_IDS.length);
    expect(record.steps.slice(0, 4)).toEqual([
      { id: 'identify', status: 'passed', durationMs: 1200 },
      { id: 'ssl-configure', status: 'passed', durationMs: 900 },
      { id: 'data-service', status: 'not-run', durationMs: null },
      { id: 'server-info', status: 'passed', durationMs: 300 },
    ]);
    expect(record.measurements).toEqual([{ name: 'signal-rssi', value: -65, unit: 'dBm', low: -105, high: null, passed: true, step: 'identify' }]);
    expect(record.facts).toEqual({
      caFingerprints: ['AA:BB'],
      clientCertFingerprint: 'CC:DD',
      brokerHost: 'mqtt.example.com',
      brokerPort: 8883,
      firmwareOffered: { main: '1.4.0', sub: '1.1.2' },
      rssiDbm: -65,
      rsrpDbm: -92,
      registration: 1,
      operator: 'KT',
    });
    expect(JSON.stringify(record)).not.toContain(PASSWORD);
  });

  it('a failed run carries its failure code and step; before run-finished the record is running', () => {
    const events = passedRun().slice(0, 8);
    expect(buildRunRecord(events, meta)).toMatchObject({ outcome: 'running', finishedAt: null, exitCategory: null });
    events.push(
      ev({ type: 'step-started', step: 'data-service' }),
      ev({ type: 'step-failed', step: 'data-service', durationMs: 5000, error: { code: 'NOT_REGISTERED', meaning: 'not registered', hint: 'antenna', category: 'network' } }),
      ev({ type: 'run-finished', outcome: 'failed', exitCategory: 'network' }),
    );
    const record = buildRunRecord(events, meta);
    expect(record).toMatchObject({ outcome: 'failed', exitCategory: 'network', failureCode: 'NOT_REGISTERED', failureStep: 'data-service' });
    expect(record.steps.find((s) => s.id === 'data-service')).toEqual({ id: 'data-service', status: 'failed', durationMs: 5000 });
  });

  it('a resumed run: a new failure-free stretch after run-resumed is running, then passed with no failure code', () => {
    const events = passedRun().slice(0, 8);
    events.push(
      ev({ type: 'step-failed', step: 'data-service', durationMs: 5, error: { code: 'NOT_REGISTERED', meaning: 'm', hint: 'h', category: 'network' } }),
      ev({ type: 'run-finished', outcome: 'failed', exitCategory: 'network' }),
      ev({ type: 'run-resumed', fromStep: 'data-service', source: 'memory', reread: [] }),
    );
    expect(buildRunRecord(events, meta)).toMatchObject({ outcome: 'running', failureCode: null });
    events.push(ev({ type: 'step-passed', step: 'data-service', durationMs: 20, summary: 'ok' }), ev({ type: 'run-finished', outcome: 'passed', exitCategory: 'ok' }));
    expect(buildRunRecord(events, meta)).toMatchObject({ outcome: 'passed', failureCode: null, failureStep: null });
  });

  it('the profile hash is the SHA-256 of the canonical JSON: key order does not matter, every value does', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    const reordered = parseProfile(JSON.parse(JSON.stringify({ tls: profile.tls, name: profile.name, serverInfoUrl: profile.serverInfoUrl })));
    expect(profileHash(reordered)).toBe(profileHash(profile));
    expect(profileHash({ ...profile, mqtt: { ...profile.mqtt, topicRoot: 'OTHER' } })).not.toBe(profileHash(profile));
    expect(buildRunRecord(passedRun(), meta).profileHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
