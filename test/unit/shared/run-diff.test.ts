import { describe, expect, it } from 'vitest';
import { describeDifference, differenceLine, diffRuns, historyWithChanges } from '../../../shared/run-diff.ts';
import { CA_1, IMEI_B, PROFILE_HASH, PROFILE_HASH_2, fixtureRecords, makeRecord, steps } from '../../helpers/results-fixture.ts';

describe('diffRuns: what changed between two runs of a device', () => {
  it('two identical runs have no difference', () => {
    const a = makeRecord();
    expect(diffRuns(a, makeRecord())).toEqual([]);
  });

  it('module, firmware (as left by the run), certificates, server and profile changes are listed in order', () => {
    const before = makeRecord({ firmware: { mainBefore: '01.001', mainAfter: '01.002', subBefore: '02.000', subAfter: null } });
    const after = makeRecord({
      model: 'EG915N',
      revision: 'EG915NEUAGR03A01M08',
      firmware: { mainBefore: '01.003', mainAfter: null, subBefore: '02.001', subAfter: null },
      profileName: 'line2',
      profileHash: PROFILE_HASH_2,
      facts: { caFingerprints: ['00:11'], clientCertFingerprint: 'FF:EE', brokerHost: 'mqtt2.example.test', brokerPort: 1883, firmwareOffered: { main: '01.003', sub: '02.001' }, operator: 'SKT', registration: 5 },
    });
    const fields = diffRuns(before, after).map((d) => [d.field, d.before, d.after]);
    expect(fields).toEqual([
      ['model', 'EG915U', 'EG915N'],
      ['revision', 'EG915UEUABR03A01M08', 'EG915NEUAGR03A01M08'],
      ['firmware-main', '01.002', '01.003'],
      ['firmware-sub', '02.000', '02.001'],
      ['ca-certificates', CA_1, '00:11'],
      ['client-certificate', expect.any(String), 'FF:EE'],
      ['broker-host', 'mqtt.example.test', 'mqtt2.example.test'],
      ['broker-port', 8883, 1883],
      ['offered-main', '01.001', '01.003'],
      ['offered-sub', '02.000', '02.001'],
      ['registration', 1, 5],
      ['network-operator', 'KT', 'SKT'],
      ['profile', `line #${PROFILE_HASH.slice(0, 12)}`, `line2 #${PROFILE_HASH_2.slice(0, 12)}`],
    ]);
  });

  it('CA fingerprints compare as a set (order does not matter)', () => {
    const a = makeRecord({ facts: { caFingerprints: ['A1', 'B2'] } });
    const b = makeRecord({ facts: { caFingerprints: ['B2', 'A1'] } });
    expect(diffRuns(a, b)).toEqual([]);
  });

  it('signal: a change under the threshold is noise; at or over it is a difference', () => {
    const a = makeRecord({ facts: { rssiDbm: -71, rsrpDbm: -95 } });
    expect(diffRuns(a, makeRecord({ facts: { rssiDbm: -75, rsrpDbm: -100 } }))).toEqual([]);
    expect(diffRuns(a, makeRecord({ facts: { rssiDbm: -77, rsrpDbm: -110 } })).map((d) => d.field)).toEqual(['rssi', 'rsrp']);
    expect(diffRuns(a, makeRecord({ facts: { rssiDbm: -75 } }), { signalThresholdDb: 3 })).toEqual([{ field: 'rssi', before: -71, after: -75 }]);
  });

  it('a value one run never read is not a difference (the failed run stopped before that step)', () => {
    const passed = makeRecord();
    const stoppedEarly = makeRecord({ facts: { brokerHost: null, brokerPort: null, firmwareOffered: { main: null, sub: null }, rssiDbm: null }, profileHash: null });
    expect(diffRuns(passed, stoppedEarly)).toEqual([]);
  });

  it('step durations: only a step that took at least twice as long and 2 s more is listed', () => {
    const a = makeRecord({ steps: steps(undefined, { 'mqtt-connect': 3000, identify: 1000, 'server-info': 500 }) });
    const b = makeRecord({ steps: steps(undefined, { 'mqtt-connect': 9000, identify: 1900, 'server-info': 2400 }) });
    // identify: ×1.9 (not twice); server-info: ×4.8 but only 1.9 s more; mqtt-connect: ×3 and 6 s more.
    expect(diffRuns(a, b).filter((d) => d.field === 'step-duration')).toEqual([{ field: 'step-duration', step: 'mqtt-connect', before: 3000, after: 9000 }]);
    // A step that did not run in one of them (null duration) is not compared.
    expect(diffRuns(a, makeRecord({ steps: steps('data-service') })).filter((d) => d.field === 'step-duration')).toEqual([]);
  });
});

describe('historyWithChanges: a device history with its differences', () => {
  it('compares each run with the previous one and a failed run with the last pass', () => {
    const pass1 = makeRecord({ runId: 'p1', facts: { brokerPort: 8883 } });
    const fail1 = makeRecord({ runId: 'f1', outcome: 'failed', failureCode: 'MQTT_REFUSED', facts: { brokerPort: 1883 } });
    const fail2 = makeRecord({ runId: 'f2', outcome: 'failed', failureCode: 'MQTT_REFUSED', facts: { brokerPort: 1883, brokerHost: 'other.example.test' } });
    const entries = historyWithChanges([pass1, fail1, fail2]);
    expect(entries.map((e) => e.previousRunId)).toEqual([null, 'p1', 'f1']);
    expect(entries[0]?.differences).toEqual([]);
    expect(entries[1]?.differences).toEqual([{ field: 'broker-port', before: 8883, after: 1883 }]);
    // f1's previous run IS the last pass: no second comparison.
    expect(entries[1]?.sinceLastPass).toBeNull();
    expect(entries[2]?.differences).toEqual([{ field: 'broker-host', before: 'mqtt.example.test', after: 'other.example.test' }]);
    expect(entries[2]?.sinceLastPass).toEqual({
      runId: 'p1',
      differences: [
        { field: 'broker-host', before: 'mqtt.example.test', after: 'other.example.test' },
        { field: 'broker-port', before: 8883, after: 1883 },
      ],
    });
  });

  it('the fixture device B: refused on port 1883, passed on 8883 with a slow MQTT connect', () => {
    const history = fixtureRecords().filter((r) => r.imei === IMEI_B);
    const [first, second] = historyWithChanges(history);
    expect(first?.differences).toEqual([]);
    expect(second?.differences).toEqual([
      { field: 'broker-port', before: 1883, after: 8883 },
      { field: 'step-duration', step: 'mqtt-connect', before: 1700, after: 9000 },
    ]);
  });
});

describe('differences in words (ko/en catalogue)', () => {
  it('English and Korean lines, with units and registration words', () => {
    const lines = (lang: 'en' | 'ko') =>
      [
        { field: 'firmware-main', before: '01.001', after: '01.002' },
        { field: 'rsrp', before: -95, after: -110 },
        { field: 'registration', before: 1, after: 5 },
        { field: 'step-duration', step: 'mqtt-connect', before: 3000, after: 9000 },
        { field: 'broker-host', before: null, after: 'x' },
      ].map((d) => differenceLine(d as Parameters<typeof differenceLine>[0], lang));
    expect(lines('en')).toEqual([
      'Main firmware: 01.001 → 01.002',
      'RSRP: -95 dBm → -110 dBm',
      'Registration: home network → roaming',
      'Duration of "Connect to MQTT server": 3.0 s → 9.0 s',
      'Broker host: unknown → x',
    ]);
    expect(lines('ko')[0]).toBe('메인 펌웨어: 01.001 → 01.002');
    expect(lines('ko')[2]).toBe('망 등록: 홈 네트워크 → 로밍');
    expect(lines('ko')[3]).toMatch(/^".+" 소요 시간: 3\.0초 → 9\.0초$/);
  });

  it('fingerprints are shortened to their first 16 characters', () => {
    const words = describeDifference({ field: 'ca-certificates', before: CA_1, after: 'AB:CD' }, 'en');
    expect(words.before).toBe('AA:BB:CC:DD:EE:F…');
    expect(words.after).toBe('AB:CD');
  });
});
