/**
 * Measurements with limits (docs/profile.md#measurements): units and limits from the profile,
 * inclusive limits, null for no limit, rounding, and the MEASUREMENT_OUT_OF_LIMITS words.
 */
import { describe, expect, it } from 'vitest';
import { bytesPerSecond, csqToDbm, outOfLimits, takeMeasurement } from '../../../../electron/engine/sequence/measurements.ts';
import { describe as describeFailure, classify } from '../../../../electron/engine/sequence/failures.ts';
import { describeLimit } from '../../../../shared/measurement.ts';
import { failureText } from '../../../../shared/messages/failure-text.ts';
import { stepProfile } from '../../../helpers/fake-step-env.ts';

describe('takeMeasurement', () => {
  it('reads each limit from the profile, inclusive, with its unit', () => {
    const profile = stepProfile({ measurements: { signalMinDbm: -90, mqttConnectMaxMs: 500 }, calibration: { toleranceDeg: 1.5 } });
    expect(takeMeasurement(profile, 'identify', 'signal-rssi', -90)).toEqual({ name: 'signal-rssi', value: -90, unit: 'dBm', low: -90, high: null, passed: true, step: 'identify' });
    expect(takeMeasurement(profile, 'identify', 'signal-rssi', -91).passed).toBe(false);
    expect(takeMeasurement(profile, 'mqtt-connect', 'mqtt-connect-time', 500.4)).toMatchObject({ value: 500, high: 500, passed: true });
    expect(takeMeasurement(profile, 'mqtt-connect', 'mqtt-connect-time', 501)).toMatchObject({ passed: false });
    expect(takeMeasurement(profile, 'calibration', 'calibration-residual', 1.234)).toMatchObject({ value: 1.23, unit: 'deg', low: null, high: 1.5, passed: true });
    expect(takeMeasurement(profile, 'fota-main', 'firmware-download-rate', 999.6)).toMatchObject({ value: 1000, unit: 'B/s', low: 1000, passed: true });
  });

  it('null turns a limit off; a value that is not a number never passes', () => {
    const profile = stepProfile({ measurements: { rsrpMinDbm: null } });
    expect(takeMeasurement(profile, 'identify', 'signal-rsrp', -139)).toMatchObject({ low: null, high: null, passed: true });
    expect(takeMeasurement(profile, 'identify', 'signal-rsrp', Number.NaN).passed).toBe(false);
  });

  it('MEASUREMENT_OUT_OF_LIMITS names the measurement, value, unit and limit in both languages', () => {
    const m = takeMeasurement(stepProfile(), 'ssl-configure', 'cert-upload-rate', 42);
    const { failure } = describeFailure(classify(outOfLimits(m)), { step: 'ssl-configure', port: 'sim:' });
    expect(failure).toMatchObject({ code: 'MEASUREMENT_OUT_OF_LIMITS', category: 'device' });
    expect(failureText(failure, 'en').meaning).toBe('Certificate upload rate measured 42 B/s, outside the limit ≥ 100 B/s');
    expect(failureText(failure, 'ko').meaning).toBe('인증서 업로드 속도 측정값 42 B/s이(가) 한계 ≥ 100 B/s을(를) 벗어남');
  });
});

describe('helpers', () => {
  it('describeLimit, csqToDbm and bytesPerSecond', () => {
    expect(describeLimit({ low: -120, high: -44, unit: 'dBm' })).toBe('-120…-44 dBm');
    expect(describeLimit({ low: null, high: null, unit: 'ms' })).toBe('none');
    expect([csqToDbm(0), csqToDbm(24), csqToDbm(31), csqToDbm(99)]).toEqual([-113, -65, -51, undefined]);
    expect(bytesPerSecond(2048, 500)).toBe(4096);
    expect(bytesPerSecond(10, 0)).toBe(10_000);
  });
});
