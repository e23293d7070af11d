/**
 * Every fault scenario of the virtual TMS2 (electron/sim/faults/table.ts) through the whole
 * connect sequence: it ends in the right step with the right failure words and exit code, or
 * passes where the fault is one the sequence must ride out (S2 cable pulls, S17, M2 drops, ...).
 */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import type { FailureCode } from '../../electron/engine/sequence/failure-table.ts';
import { FAULTS } from '../../electron/sim/faults/table.ts';
import type { ProfileInput } from '../../shared/profile.ts';
import type { StepId } from '../../shared/steps.ts';
import { SimRig } from '../helpers/sim-rig.ts';

type Expectation =
  | { pass: true; profile?: Partial<ProfileInput> }
  | { step: StepId; code: FailureCode; exit: keyof typeof EXIT; meaning?: RegExp; said?: RegExp; profile?: Partial<ProfileInput> };

const refused = (words: string): Expectation => ({ step: 'mqtt-connect', code: 'MQTT_REFUSED', exit: 'server', meaning: new RegExp(`^broker refused: ${words}$`), said: /^\+QMTCONN: 0,0,\d$/ });
const openFailed = (code: FailureCode, exit: keyof typeof EXIT, said: string): Expectation => ({ step: 'mqtt-connect', code, exit, said: new RegExp(`^\\+QMTOPEN: 0,${said}$`) });

/** The expected end of a run per scenario (keys must cover the whole fault table). */
const EXPECTED: Record<string, Expectation> = {
  'no-sim': { step: 'identify', code: 'SIM_NOT_INSERTED', exit: 'device', said: /\+CME ERROR/ },
  'not-registered': { step: 'data-service', code: 'NO_DATA_SERVICE', exit: 'network', said: /^\+QCDS: LIMITED/, profile: { steps: { 'data-service': { retries: 0 } } } },
  'qcds-unsupported': { pass: true },
  'global-firmware': { pass: true },
  'slow-boot': { pass: true },
  'slow-unit': { pass: true },
  'http-404': { step: 'server-info', code: 'HTTP_NOT_FOUND', exit: 'server', said: /^\+QHTTPGET: 0,404/ },
  'http-500': { step: 'server-info', code: 'HTTP_SERVER_ERROR', exit: 'server', said: /^\+QHTTPGET: 0,500/, profile: { steps: { 'server-info': { retries: 0 } } } },
  'http-timeout': { step: 'server-info', code: 'HTTP_TIMEOUT', exit: 'network', said: /^\+QHTTPGET: 702$/, profile: { steps: { 'server-info': { timeoutMs: 10_000, retries: 0 } } } },
  'http-dns-failure': { step: 'server-info', code: 'HTTP_DNS', exit: 'network', said: /^\+QHTTPGET: 714$/ },
  'server-info-not-json': { step: 'server-info', code: 'SERVER_INFO_NOT_JSON', exit: 'server' },
  'server-info-bom': { pass: true },
  'server-info-missing-fields': { step: 'server-info', code: 'SERVER_INFO_INVALID', exit: 'server', meaning: /serverInfo\.mqtt\.host/ },
  'qicsgp-short-form': { pass: true },
  'qmtopen-fail--1': openFailed('MQTT_TLS_FAILED', 'network', '-1'),
  'qmtopen-fail-1': openFailed('MQTT_OPEN_PARAMETER', 'server', '1'),
  'qmtopen-fail-2': openFailed('MQTT_OPEN_FAILED', 'network', '2'),
  'qmtopen-fail-3': openFailed('MQTT_OPEN_FAILED', 'network', '3'),
  'qmtopen-fail-4': openFailed('MQTT_OPEN_FAILED', 'network', '4'),
  'qmtopen-fail-5': openFailed('MQTT_OPEN_FAILED', 'network', '5'),
  'qmtconn-refused-1': refused('unacceptable protocol version'),
  'qmtconn-refused-2': refused('identifier rejected'),
  'qmtconn-refused-3': refused('server unavailable'),
  'qmtconn-refused-4': refused('bad user name or password'),
  'qmtconn-refused-5': refused('not authorised'),
  'broker-drop-after-connect': { pass: true },
  'broker-silent': { pass: true },
  'pdp-drop-after-connect': { pass: true },
  'mqtt-retransmit': { pass: true },
  'corrupt-firmware': { step: 'fota-main', code: 'FOTA_REJECTED', exit: 'device', meaning: /sha256 mismatch.*the old version 1\.3\.0 remains/ },
  'firmware-endless-body': { step: 'fota-main', code: 'FOTA_TOO_LARGE', exit: 'server', meaning: /the download was stopped and the file deleted/ },
  'download-cut-once': { pass: true },
  'download-cut-always': { step: 'fota-main', code: 'FOTA_DOWNLOAD_FAILED', exit: 'network', said: /^\+QHTTPREADFILE: 717$/ },
  'reboot-during-fota': { step: 'fota-main', code: 'FOTA_INTERRUPTED', exit: 'device', meaning: /the old version remains/ },
  'line-noise': { pass: true },
  'urc-storm': { pass: true },
  // S11: late OKs are never taken for a sync attempt's answer, so the module never counts as answering in time.
  'slow-answers': { step: 'identify', code: 'NO_ANSWER', exit: 'device', said: /no answer/ },
  'cable-pull-at-identify': { pass: true },
  'cable-pull-at-ssl': { pass: true },
  'cable-pull-at-http': { pass: true },
  'cable-pull-at-fota': { step: 'fota-main', code: 'FOTA_INTERRUPTED', exit: 'device', meaning: /port was lost.*still runs 1\.3\.0/ },
  'cable-pull-at-mqtt': { pass: true },
};

const rig = SimRig.perFile();

describe('fault scenarios through the whole sequence', () => {
  it('every scenario of the fault table has an expectation here', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(FAULTS.map((fault) => fault.name).sort());
  });

  it.each(FAULTS.map((fault) => [fault.name, fault.description] as const))('%s (%s)', async (name) => {
    const expected = EXPECTED[name];
    if (!expected) throw new Error(`no expectation for ${name}`);
    const { result } = await rig.run({ port: `sim:${name}`, fotaPolicy: 'auto', ...(expected.profile ? { profile: expected.profile } : {}) });
    if ('pass' in expected) {
      expect(result.failure).toBeUndefined();
      expect(result.outcome).toBe('passed');
      expect(EXIT[result.exitCategory]).toBe(EXIT.ok);
      return;
    }
    expect(result.outcome).toBe('failed');
    expect(result.failure).toMatchObject({ step: expected.step, code: expected.code });
    expect(EXIT[result.exitCategory]).toBe(EXIT[expected.exit]);
    if (expected.meaning) expect(result.failure?.meaning).toMatch(expected.meaning);
    if (expected.said) expect(result.failure?.moduleSaid).toMatch(expected.said);
    expect(result.failure?.hint.length).toBeGreaterThan(0);
  }, 120_000);
});
