/**
 * Measurements with limits (docs/sequence.md#measurements) against the virtual TMS2 and the demo
 * cloud: every step that measures emits its `measurement` event with the profile's limits; a
 * whole run with the default limits passes; a profile limit the virtual device cannot meet fails
 * that step with MEASUREMENT_OUT_OF_LIMITS (catalogue words with name, value, unit and limit); a
 * diagnosis records the same miss without failing.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS } from '../../../electron/engine/sequence/diagnose/index.ts';
import { failureText } from '../../../shared/messages/failure-text.ts';
import { parseReportJson } from '../../../shared/report.ts';
import { SimRig, commandsSent, eventsOf } from '../../helpers/sim-rig.ts';

const rig = SimRig.perFile();

describe('measurements', () => {
  it('a whole run takes every measurement in the step that took it, all within the default limits, and the report lists them', async () => {
    const { result, events } = await rig.run({ fotaPolicy: 'auto' });
    expect(result.outcome).toBe('passed');
    const taken = eventsOf(events, 'measurement');
    expect(taken.map((m) => `${m.step}/${m.name}`)).toEqual([
      'identify/signal-rssi',
      'identify/signal-rsrp',
      'ssl-configure/cert-upload-rate',
      'calibration/calibration-residual',
      'fota-main/firmware-download-rate',
      'fota-sub/firmware-download-rate',
      'mqtt-connect/mqtt-connect-time',
    ]);
    expect(taken.every((m) => m.passed)).toBe(true);
    // The virtual device's cell: CSQ 24 (−65 dBm), RSRP −92 dBm; the limits are the profile defaults.
    expect(taken[0]).toMatchObject({ value: -65, unit: 'dBm', low: -105, high: null });
    expect(taken[1]).toMatchObject({ value: -92, unit: 'dBm', low: -120, high: null });
    expect(taken.find((m) => m.name === 'calibration-residual')).toMatchObject({ unit: 'deg', low: null, high: 2 });
    expect(taken.find((m) => m.name === 'mqtt-connect-time')).toMatchObject({ unit: 'ms', low: null, high: 60_000 });
    for (const rate of taken.filter((m) => m.unit === 'B/s')) expect(rate.value).toBeGreaterThan(0);
    const report = parseReportJson(await readFile(result.files.reportJson, 'utf8'));
    expect(report.measurements.map((m) => m.name)).toEqual(taken.map((m) => m.name));
    const html = await readFile(result.files.reportHtml, 'utf8');
    expect(html).toContain('<h2>Measurements</h2>');
    expect(html).toContain('<td>Signal (RSSI)</td><td>Open port and identify device</td><td>-65 dBm</td><td>≥ -105 dBm</td><td class="passed">in limits</td>');
  }, 60_000);

  it('a signal minimum above the device\'s signal fails identify with MEASUREMENT_OUT_OF_LIMITS before anything is uploaded', async () => {
    const { result, events } = await rig.run({ fotaPolicy: 'never', profile: { measurements: { signalMinDbm: -60 } } });
    expect(result.outcome).toBe('failed');
    expect(result.failure).toMatchObject({ step: 'identify', code: 'MEASUREMENT_OUT_OF_LIMITS', category: 'device' });
    expect(result.failure && failureText(result.failure, 'en').meaning).toBe('Signal (RSSI) measured -65 dBm, outside the limit ≥ -60 dBm');
    expect(result.failure && failureText(result.failure, 'ko').meaning).toBe('신호 (RSSI) 측정값 -65 dBm이(가) 한계 ≥ -60 dBm을(를) 벗어남');
    expect(eventsOf(events, 'measurement').find((m) => m.name === 'signal-rssi')).toMatchObject({ passed: false, low: -60 });
    expect(commandsSent(events).some((c) => c.startsWith('AT+QFUPL'))).toBe(false);
    const report = parseReportJson(await readFile(result.files.reportJson, 'utf8'));
    expect(report.failure?.code).toBe('MEASUREMENT_OUT_OF_LIMITS');
    expect(await readFile(result.files.reportHtml, 'utf8')).toContain('<td class="failed">out of limits</td>');
  }, 60_000);

  it('a firmware download slower than the profile\'s minimum fails fota-main', async () => {
    const { result, events } = await rig.run({ fotaPolicy: 'auto', profile: { measurements: { firmwareDownloadMinBps: 1_000_000_000 } } });
    expect(result.failure).toMatchObject({ step: 'fota-main', code: 'MEASUREMENT_OUT_OF_LIMITS' });
    const rate = eventsOf(events, 'measurement').find((m) => m.name === 'firmware-download-rate');
    expect(rate).toMatchObject({ step: 'fota-main', unit: 'B/s', low: 1_000_000_000, passed: false });
    expect(result.failure?.values).toMatchObject({ value: rate?.value, unit: 'B/s', limit: '≥ 1000000000 B/s' });
  }, 60_000);

  it('a certificate upload slower than the minimum fails ssl-configure; an MQTT connect over the maximum fails mqtt-connect', async () => {
    const upload = await rig.run({ fotaPolicy: 'never', profile: { measurements: { certUploadMinBps: 10_000_000 } } });
    expect(upload.result.failure).toMatchObject({ step: 'ssl-configure', code: 'MEASUREMENT_OUT_OF_LIMITS' });
    await rig.freshDevices();
    const connect = await rig.run({ fotaPolicy: 'never', profile: { measurements: { mqttConnectMaxMs: 1 } } });
    expect(connect.result.failure).toMatchObject({ step: 'mqtt-connect', code: 'MEASUREMENT_OUT_OF_LIMITS' });
    expect(eventsOf(connect.events, 'measurement').find((m) => m.name === 'mqtt-connect-time')).toMatchObject({ high: 1, passed: false });
  }, 90_000);

  it('a diagnosis records an out-of-limits signal but does not fail identify for it', async () => {
    const { events } = await rig.run({ steps: DIAGNOSIS, continueAfterFailure: true, measurementsRecordOnly: true, profile: { measurements: { signalMinDbm: -60 } } });
    expect(eventsOf(events, 'measurement').find((m) => m.name === 'signal-rssi')).toMatchObject({ step: 'identify', passed: false });
    expect(eventsOf(events, 'step-passed').map((e) => e.step)).toContain('identify');
  }, 60_000);
});
