import { describe, expect, it } from 'vitest';
import { ProfileError, URL_MAX_BYTES, expandServerInfoUrl, parseProfile } from '../../../shared/profile.ts';
import type { ProfileInput } from '../../../shared/profile.ts';

const minimal = {
  serverInfoUrl: 'https://api.example.net/v2/devices/{deviceId}/bootstrap',
  tls: { caCert: 'certs/ca.pem', clientCert: 'certs/client.pem', clientKey: 'certs/client.key' },
} satisfies ProfileInput;

function problemsOf(input: unknown): string {
  try {
    parseProfile(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return (error as ProfileError).message;
  }
  throw new Error('expected the profile to be rejected');
}

describe('profile schema (docs/profile.md)', () => {
  it('fills every default shown in the spec', () => {
    const profile = parseProfile(minimal);
    expect(profile).toEqual({
      name: 'Unnamed profile',
      serverInfoUrl: minimal.serverInfoUrl,
      allowInsecureHttp: false,
      tls: {
        ...minimal.tls,
        sslContextId: 1,
        moduleFiles: { caCert: 'UFS:ca.pem', clientCert: 'UFS:client.pem', clientKey: 'UFS:client.key' },
      },
      pdp: { contextId: 1, apn: '' },
      mqtt: { topicRoot: 'DDTM', qos: 1 },
      calibration: { toleranceDeg: 2 },
      fota: { policy: 'ask', allowDowngrade: false },
      steps: {},
      measurements: { signalMinDbm: -105, rsrpMinDbm: -120, certUploadMinBps: 100, firmwareDownloadMinBps: 1000, mqttConnectMaxMs: 60_000 },
      duplicates: 'allow',
      allowOfflineDuplicates: false,
    });
  });

  it('accepts the full example of the spec unchanged', () => {
    const full = {
      name: 'Fleet A production',
      ...minimal,
      tls: { ...minimal.tls, sslContextId: 2, moduleFiles: { caCert: 'UFS:a.pem', clientCert: 'UFS:b.pem', clientKey: 'RAM:c.key' } },
      pdp: { contextId: 3, apn: 'internet' },
      mqtt: { topicRoot: 'FLEET/A', qos: 2, keepaliveOverride: 60 },
      calibration: { toleranceDeg: 1.5 },
      fota: { policy: 'auto', allowDowngrade: true },
      steps: { 'server-info': { timeoutMs: 120_000, retries: 2 }, identify: { retries: 5 } },
      allowInsecureHttp: false,
      measurements: { signalMinDbm: -100, rsrpMinDbm: null, certUploadMinBps: 500, firmwareDownloadMinBps: 2000, mqttConnectMaxMs: 30_000 },
      duplicates: 'refuse',
      allowOfflineDuplicates: true,
    } satisfies ProfileInput;
    expect(parseProfile(full)).toEqual(full);
  });

  it.each([
    [{ ...minimal, colour: 'red' }, 'colour: unknown key'],
    [{ ...minimal, tls: { ...minimal.tls, caCrt: 'x' } }, 'tls.caCrt: unknown key'],
    [{ ...minimal, fota: { policy: 'sometimes' } }, 'fota.policy: expected one of ask|auto|never'],
    [{ ...minimal, mqtt: { qos: 3 } }, 'mqtt.qos: expected one of 0|1|2'],
    [{ ...minimal, tls: { ...minimal.tls, sslContextId: 6 } }, 'tls.sslContextId: expected an integer 0-5'],
    [{ ...minimal, pdp: { contextId: 0 } }, 'pdp.contextId: expected an integer 1-16'],
    [{ ...minimal, steps: { 'fota-mian': { retries: 1 } } }, 'steps.fota-mian: unknown key'],
    [{ ...minimal, steps: { identify: { retries: 11 } } }, 'steps.identify.retries: expected an integer 0-10'],
    [{ ...minimal, steps: { identify: { tries: 1 } } }, 'steps.identify.tries: unknown key'],
    [{ ...minimal, serverInfoUrl: 'ftp://x/{imei}' }, 'serverInfoUrl: must start with http:// or https://'],
    [{ ...minimal, serverInfoUrl: 'http://x.example/{imei}' }, 'serverInfoUrl: must start with https:// (plain http:// sends the MQTT password in clear; set "allowInsecureHttp": true to allow it anyway)'],
    [{ ...minimal, allowInsecureHttp: 'yes' }, 'allowInsecureHttp: expected true or false'],
    [{ ...minimal, measurements: { signalMinDbm: -20 } }, 'measurements.signalMinDbm: expected dBm between -113 and -51 (number), or null for no limit'],
    [{ ...minimal, measurements: { rsrpMin: -100 } }, 'measurements.rsrpMin: unknown key'],
    [{ ...minimal, duplicates: 'never' }, 'duplicates: expected one of allow|refuse|rework'],
    [{ ...minimal, serverInfoUrl: 'https://x/{serial}' }, 'serverInfoUrl: unknown placeholder {serial}'],
    [{ ...minimal, tls: { ...minimal.tls, caCert: 'certs/{imei}.pem' } }, 'tls.caCert: per-device patterns are allowed only'],
    [{ ...minimal, tls: { ...minimal.tls, clientKey: 'keys/{iccid}.key' } }, 'tls.clientKey: unknown placeholder {iccid}'],
    [{ ...minimal, mqtt: { topicRoot: 'DDTM/#' } }, 'mqtt.topicRoot: expected 1-64 characters'],
    [{ ...minimal, tls: { ...minimal.tls, moduleFiles: { caCert: 'UFS:x.pem', clientCert: 'UFS:x.pem' } } }, 'tls.moduleFiles: caCert, clientCert and clientKey need three different module files'],
    [{ name: 'x' }, 'serverInfoUrl: required; tls: required'],
    [[], 'profile: expected an object'],
  ] as const)('rejects %j with "%s"', (input, expected) => {
    expect(problemsOf(input)).toContain(expected);
  });

  it('allows per-device patterns in clientCert and clientKey', () => {
    const profile = parseProfile({ ...minimal, tls: { ...minimal.tls, clientCert: 'certs/{imei}.pem', clientKey: 'certs/{deviceId}.key' } });
    expect(profile.tls.clientCert).toBe('certs/{imei}.pem');
  });

  describe('700-byte URL limit after substitution', () => {
    const base = 'https://h.example/';
    // {deviceId} (10 chars) becomes TMS2_ + 15 digits (20 bytes): +10 bytes.
    const withPadding = (pad: number) => `${base}${'a'.repeat(pad)}/{deviceId}`;
    const padForExactly = (bytes: number) => bytes - base.length - '/'.length - 20;

    it('accepts a template whose longest expansion is exactly 700 bytes', () => {
      const template = withPadding(padForExactly(URL_MAX_BYTES));
      expect(template.length).toBe(URL_MAX_BYTES - 10);
      const profile = parseProfile({ ...minimal, serverInfoUrl: template });
      const url = expandServerInfoUrl(profile, { imei: '867969066452788', deviceId: 'TMS2_867969066452788' });
      expect(Buffer.byteLength(url)).toBe(URL_MAX_BYTES);
      expect(url.endsWith('/TMS2_867969066452788')).toBe(true);
    });

    it('rejects a template that is under 700 bytes itself but 701 after substitution', () => {
      const template = withPadding(padForExactly(URL_MAX_BYTES + 1));
      expect(Buffer.byteLength(template)).toBeLessThan(URL_MAX_BYTES);
      expect(problemsOf({ ...minimal, serverInfoUrl: template })).toBe(
        'serverInfoUrl: 701 bytes after substitution; the module accepts at most 700',
      );
    });

    it('counts bytes, not characters (UTF-8 path segments)', () => {
      const template = `${base}${'é'.repeat(345)}`; // 18 + 690 bytes, 363 characters
      expect(problemsOf({ ...minimal, serverInfoUrl: template })).toContain('708 bytes after substitution');
    });

    it('expandServerInfoUrl refuses an over-long result for an unusual id', () => {
      const profile = parseProfile({ ...minimal, serverInfoUrl: `${base}{deviceId}` });
      expect(() => expandServerInfoUrl(profile, { imei: '1', deviceId: 'x'.repeat(700) })).toThrow(ProfileError);
    });
  });
});
