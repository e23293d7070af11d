/** Event lists shaped like real runs, shared by the events, session-log and report tests. */
import type { RunnerEvent, RunnerEventBody } from '../../../shared/events.ts';
import { stampEvent } from '../../../shared/events.ts';

export const SAMPLE_IMEI = '867969066452788';
export const SAMPLE_DEVICE_ID = `TMS2_${SAMPLE_IMEI}`;
export const SAMPLE_PASSWORD = '8824qi6rq8bgpi4z5jqomu8wnhnwipdk';
const T0 = 1_750_000_000_000;

function timeline(bodies: RunnerEventBody[]): RunnerEvent[] {
  return bodies.map((body, index) => stampEvent(body, T0 + index * 250));
}

const opening: RunnerEventBody[] = [
  { type: 'run-started', runId: 'run-1', port: 'sim:', profileName: 'demo', startedAt: T0 },
  { type: 'run-state', from: 'idle', to: 'opening', reason: 'start' },
  { type: 'run-state', from: 'opening', to: 'running', step: 'identify' },
  { type: 'step-started', step: 'identify' },
  { type: 'at-traffic', event: { kind: 'command', t: T0 + 1, dir: 'tx', text: 'AT+CGSN' } },
  { type: 'at-traffic', event: { kind: 'line', t: T0 + 2, dir: 'rx', text: SAMPLE_IMEI, role: 'info' } },
  { type: 'at-traffic', event: { kind: 'line', t: T0 + 3, dir: 'rx', text: 'OK', role: 'final' } },
  { type: 'at-traffic', event: { kind: 'bytes', t: T0 + 4, dir: 'rx', length: 6, text: '\\r\\nOK\\r\\n' } },
  { type: 'at-traffic', event: { kind: 'prompt', t: T0 + 5, dir: 'rx' } },
  { type: 'at-traffic', event: { kind: 'data', t: T0 + 6, dir: 'tx', length: 1704, checksum: '3a1f' } },
  {
    type: 'device-identified',
    imei: SAMPLE_IMEI,
    deviceId: SAMPLE_DEVICE_ID,
    manufacturer: 'Quectel',
    model: 'EC25',
    revision: 'EC25EFAR06A06M4G',
    mainFw: 'V1.02',
    subFw: 'TMS2_S_1.1.2',
    signal: { rssi: 23, ber: 99 },
    registration: { command: 'CEREG', stat: 1 },
  },
  { type: 'step-passed', step: 'identify', durationMs: 1200, summary: 'EC25, IMEI 867969066452788' },
  { type: 'step-started', step: 'ssl-configure' },
  { type: 'step-progress', step: 'ssl-configure', code: 'progress.sslFileSending', values: { file: { key: 'file.clientKey' }, moduleName: 'client.key' }, percent: 50, bytesDone: 852, bytesTotal: 1704, etaMs: 300 },
  { type: 'warning', code: 'CERTIFICATE', during: 'ssl-configure', message: 'tls.clientCert: /certs/client.pem expires on 2025-07-01T00:00:00Z; renew it soon', words: { key: 'warning.certificate', values: { path: 'tls.clientCert', detail: '/certs/client.pem expires on 2025-07-01T00:00:00Z; renew it soon' } } },
  {
    type: 'tls-setup',
    sslContextId: 1,
    seclevel: 2,
    sslversion: 4,
    ciphersuite: '0xFFFF',
    timeCheck: 'off',
    hostnameCheck: 'not-configured',
    caFingerprints: ['AB:CD'],
    clientCertFingerprint: 'EF:01',
    uncertain: ['tls-server-name'],
  },
  { type: 'step-passed', step: 'ssl-configure', durationMs: 2100, summary: '3 files, context 1' },
];

/** Every event type at least once; the run passes and the main firmware is updated. */
export function passedRun(): RunnerEvent[] {
  return timeline([
    ...opening,
    { type: 'step-skipped', step: 'data-service', reason: 'AT+QCDS unsupported; registered and PDP active' },
    { type: 'step-started', step: 'server-info' },
    { type: 'step-passed', step: 'server-info', durationMs: 900, summary: 'mqtt 127.0.0.1:8883 (TLS)' },
    { type: 'step-started', step: 'calibration' },
    {
      type: 'calibration-result',
      serverRoll: 3.5,
      serverPitch: -1.2,
      measuredRoll: 3.4,
      measuredPitch: -1.1,
      residualDeg: 0.14,
      toleranceDeg: 2,
      pass: true,
      raw: { ax: 21, ay: 61, az: 998 },
    },
    { type: 'measurement', name: 'calibration-residual', value: 0.14, unit: 'deg', low: null, high: 2, passed: true, step: 'calibration' },
    { type: 'step-passed', step: 'calibration', durationMs: 1500, summary: 'residual 0.14°' },
    { type: 'step-started', step: 'fota-main' },
    { type: 'fota-offer', target: 'main', current: 'V1.02', offered: '1.4.0', size: 262144 },
    { type: 'fota-progress', target: 'main', phase: 'download', percent: 40, bytesPerSec: 11000, etaMs: 14000 },
    { type: 'fota-progress', target: 'main', phase: 'apply', percent: 100 },
    { type: 'fota-progress', target: 'main', phase: 'reboot', percent: 100 },
    { type: 'fota-result', target: 'main', before: 'V1.02', after: '1.4.0', ok: true, message: 'device reports 1.4.0' },
    { type: 'step-passed', step: 'fota-main', durationMs: 60000, summary: 'V1.02 → 1.4.0' },
    { type: 'step-skipped', step: 'fota-sub', reason: 'sub firmware is current (1.1.2)' },
    { type: 'step-started', step: 'mqtt-connect' },
    { type: 'mqtt-state', state: 'opening' },
    { type: 'mqtt-state', state: 'open' },
    { type: 'mqtt-state', state: 'connected' },
    { type: 'mqtt-state', state: 'subscribed', detail: `DDTM/RPC/${SAMPLE_DEVICE_ID}` },
    { type: 'mqtt-message', topic: `DDTM/UP/${SAMPLE_DEVICE_ID}`, payload: '{"v":"1.1","pt":"INIT"}', direction: 'out' },
    { type: 'mqtt-state', state: 'published' },
    { type: 'step-passed', step: 'mqtt-connect', durationMs: 3000, summary: 'connected, subscribed, INIT published' },
    { type: 'step-started', step: 'live-session' },
    { type: 'mqtt-message', topic: `DDTM/RPC/${SAMPLE_DEVICE_ID}`, payload: '{"method":"ping"}', direction: 'in' },
    { type: 'device-status', operator: 'KT', accessTechnology: 'FDD LTE', band: 'LTE BAND 3', rsrpDbm: -97, rsrqDb: -11, sinrDb: 13, signal: { rssi: 23, ber: 99 }, clockSkewS: 1 },
    { type: 'mqtt-state', state: 'closed', detail: 'AT+QMTDISC' },
    { type: 'step-passed', step: 'live-session', durationMs: 10000, summary: '1 message in, 1 out' },
    { type: 'run-finished', outcome: 'passed', exitCategory: 'ok' },
    { type: 'run-state', from: 'running', to: 'finished', outcome: 'passed' },
  ]);
}

/** The broker refuses the password (M-family failure); the run fails in mqtt-connect. */
export function failedRun(moduleSaid = '+QMTCONN: 0,0,5'): RunnerEvent[] {
  return timeline([
    ...opening,
    { type: 'step-started', step: 'mqtt-connect' },
    { type: 'mqtt-state', state: 'open' },
    { type: 'mqtt-state', state: 'lost', qmtstat: 5, detail: '+QMTSTAT: 0,5' },
    {
      type: 'step-failed',
      step: 'mqtt-connect',
      durationMs: 4200,
      error: {
        code: 'MQTT_CONN_REFUSED',
        command: `AT+QMTCONN=0,"${SAMPLE_DEVICE_ID}","${SAMPLE_DEVICE_ID}","${SAMPLE_PASSWORD}"`,
        moduleSaid,
        meaning: 'broker refused: not authorised',
        hint: 'check the device password',
        category: 'server',
      },
    },
    { type: 'run-finished', outcome: 'failed', exitCategory: 'server' },
    { type: 'run-state', from: 'running', to: 'failed-holding-port', step: 'mqtt-connect', outcome: 'failed', reason: 'MQTT_CONN_REFUSED' },
  ]);
}

/** The failed run resumed from its folder by another process (`fieldlink run --resume`). */
export function resumedRun(): RunnerEvent[] {
  return timeline([
    ...failedRun(),
    { type: 'run-resumed', fromStep: 'mqtt-connect', source: 'run-folder', reread: ['server-info'] },
    { type: 'step-started', step: 'mqtt-connect' },
  ]);
}

/** The user cancels during FOTA download; no run-finished event follows a cut-off. */
export function cancelledRun(): RunnerEvent[] {
  return timeline([
    ...opening,
    { type: 'step-started', step: 'fota-main' },
    { type: 'fota-progress', target: 'main', phase: 'download', percent: 10 },
    { type: 'run-state', from: 'running', to: 'cancelling', reason: 'cancel requested' },
    { type: 'run-finished', outcome: 'cancelled', exitCategory: 'aborted' },
    { type: 'run-state', from: 'cancelling', to: 'finished', outcome: 'cancelled' },
  ]);
}

/** `fieldlink diagnose` of a fresh unit: passes, and the verdict says "not provisioned yet". */
export function diagnosedRun(): RunnerEvent[] {
  return timeline([
    ...opening.slice(0, 4),
    { type: 'step-passed', step: 'identify', durationMs: 800, summary: 'EC25' },
    {
      type: 'diagnosis-verdict',
      overall: 'not-provisioned',
      findings: [
        { code: 'SIM_READY', severity: 'ok', meaning: 'SIM ready', action: 'nothing' },
        { code: 'NO_CERTIFICATES', severity: 'not-provisioned', meaning: 'no certificates yet', action: 'run the connect sequence', detail: 'context 1' },
      ],
    },
    { type: 'run-finished', outcome: 'passed', exitCategory: 'ok' },
  ]);
}
