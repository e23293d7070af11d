/**
 * mqtt-connect and live-session against the virtual TMS2 and the demo cloud's TLS broker (Aedes):
 * the exact will and INIT, broker refusals in words (M1, M3, M7), RPC in, test publish out,
 * a dropped session followed by a reconnect (M2, M4), a clean disconnect.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrafficEvent } from '../../../electron/cloud/traffic.ts';
import { LWT_PAYLOAD } from '../../../electron/engine/sequence/payloads.ts';
import { SimRig, commandsSent, eventsOf } from '../../helpers/sim-rig.ts';
import { waitForEvent } from '../../helpers/wait-for-event.ts';
import type { RunnerEvent } from '../../../shared/events.ts';

const DEVICE_ID = 'TMS2_867969066452788';
const INIT = /^\{"v":"1\.1","pt":"INIT","body":\{"ts":\d{13},"mf_v":"1\.3\.0","sf_v":"1\.1\.1"\}\}$/;

let rig: SimRig;
let cloudTraffic: CloudTrafficEvent[] = [];
beforeAll(async () => {
  rig = await SimRig.start();
  rig.kit.cloud.onTraffic((event) => cloudTraffic.push(event));
}, 60_000);
afterAll(async () => rig.stop());
beforeEach(async () => {
  cloudTraffic = [];
  await rig.freshDevices();
});

describe('mqtt-connect', () => {
  it('sets the exact will, connects as TMS2_<imei> and publishes exactly the INIT the broker receives', async () => {
    const { result, events } = await rig.run({ fotaPolicy: 'never' });
    expect(result.outcome).toBe('passed');
    const sent = commandsSent(events);
    expect(sent).toEqual(
      expect.arrayContaining([
        'AT+QICSGP=1',
        'AT+QMTCFG="pdpcid",0,1',
        'AT+QMTCFG="ssl",0,1,1',
        'AT+QMTCFG="version",0,4',
        'AT+QMTCFG="keepalive",0,90',
        `AT+QMTCFG="will",0,1,1,0,"DDTM/LWT/${DEVICE_ID}","${LWT_PAYLOAD}"`,
        `AT+QMTSUB=0,1,"DDTM/RPC/${DEVICE_ID}",1`,
        `AT+QMTPUB=0,2,1,0,"DDTM/UP/${DEVICE_ID}"`,
        'AT+QMTDISC=0',
      ]),
    );
    expect(sent.find((c) => c.startsWith('AT+QMTCONN='))).toBe(`AT+QMTCONN=0,"${DEVICE_ID}","${DEVICE_ID}","[REDACTED]"`);
    const out = eventsOf(events, 'mqtt-message').filter((m) => m.direction === 'out');
    expect(out).toHaveLength(1);
    expect(out[0]?.payload).toMatch(INIT);
    await waitForEvent((listener) => rig.kit.cloud.onTraffic(listener), (t) => t.channel === 'UP', { seen: cloudTraffic, what: 'INIT at the broker', timeoutMs: 20_000 });
    expect(cloudTraffic.filter((t) => t.channel === 'UP').map((t) => t.payload)).toEqual([out[0]?.payload]);
    expect(eventsOf(events, 'mqtt-state').map((e) => e.state)).toEqual(['opening', 'open', 'connected', 'subscribed', 'published', 'closed']);
  });

  it('+QMTCONN: 0,0,5 → "broker refused: not authorised — check the device password" (server)', async () => {
    const { result } = await rig.run({ port: 'sim:qmtconn-refused-5', fotaPolicy: 'never' });
    expect(result.failure).toMatchObject({
      step: 'mqtt-connect',
      code: 'MQTT_REFUSED',
      category: 'server',
      moduleSaid: '+QMTCONN: 0,0,5',
      meaning: 'broker refused: not authorised',
      hint: 'check the device password',
    });
    expect(result.exitCategory).toBe('server');
  });

  it('+QMTOPEN: 0,-1 points at the TLS settings in QSSLCFG (M3)', async () => {
    const { result } = await rig.run({ port: 'sim:qmtopen-fail--1', fotaPolicy: 'never' });
    expect(result.failure).toMatchObject({ code: 'MQTT_TLS_FAILED', category: 'network', moduleSaid: '+QMTOPEN: 0,-1' });
    expect(result.failure?.hint).toMatch(/AT\+QSSLCFG/);
  });

  it('+QMTOPEN: 0,2 (identifier busy) is answered with QMTDISC + QMTCLOSE and one more open (M1)', async () => {
    const { result, events } = await rig.run({ port: 'sim:qmtopen-fail-2', fotaPolicy: 'never', profile: { steps: { 'mqtt-connect': { retries: 0 } } } });
    expect(result.failure).toMatchObject({ code: 'MQTT_OPEN_FAILED', moduleSaid: '+QMTOPEN: 0,2' });
    const mqtt = commandsSent(events).filter((c) => /^AT\+QMT(OPEN|DISC|CLOSE)=/.test(c));
    const firstOpen = mqtt.findIndex((c) => c.startsWith('AT+QMTOPEN='));
    expect(mqtt.slice(firstOpen, firstOpen + 4)).toEqual([expect.stringMatching(/^AT\+QMTOPEN=0,/), 'AT+QMTDISC=0', 'AT+QMTCLOSE=0', expect.stringMatching(/^AT\+QMTOPEN=0,/)]);
  });
});

describe('live-session', () => {
  it('shows RPC requests, publishes a test message and disconnects cleanly', async () => {
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ fotaPolicy: 'never', stayConnected: true });
    runner.onEvent((event) => events.push(event));
    const done = runner.start();
    try {
      await waitForEvent(runner, (e) => e.type === 'step-started' && e.step === 'live-session', { seen: events, what: 'the live session', timeoutMs: 20_000 });
      await rig.kit.cloud.sendRpc(DEVICE_ID, { v: '1.1', pt: 'RPC', body: { method: 'reboot' } });
      await waitForEvent(runner, (e) => e.type === 'mqtt-message' && e.direction === 'in', { seen: events, what: 'the RPC', timeoutMs: 20_000 });
      expect(eventsOf(events, 'mqtt-message').find((m) => m.direction === 'in')).toMatchObject({
        topic: `DDTM/RPC/${DEVICE_ID}`,
        payload: '{"v":"1.1","pt":"RPC","body":{"method":"reboot"}}',
      });
      await runner.publishTest({ test: 1 });
      await waitForEvent((listener) => rig.kit.cloud.onTraffic(listener), (t) => t.payload === '{"test":1}', { seen: cloudTraffic, what: 'the test message at the broker', timeoutMs: 20_000 });
      await runner.disconnect();
      const result = await done;
      expect(result.outcome).toBe('passed');
      expect(commandsSent(events).at(-1)).toBe('AT+QMTDISC=0');
      expect(cloudTraffic.some((t) => t.channel === 'LWT')).toBe(false);
    } finally {
      await runner.close();
    }
  });

  it('a dropped session is reported with its +QMTSTAT meaning and reconnected (M2, M4)', async () => {
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ port: 'sim:broker-drop-after-connect', fotaPolicy: 'never', stayConnected: true });
    runner.onEvent((event) => events.push(event));
    const done = runner.start();
    try {
      await waitForEvent(runner, (e) => e.type === 'mqtt-state' && e.state === 'lost', { seen: events, what: '+QMTSTAT', timeoutMs: 20_000 });
      const lost = eventsOf(events, 'mqtt-state').find((e) => e.state === 'lost');
      expect(lost).toMatchObject({ qmtstat: 1 });
      expect(lost?.detail).toContain('connection closed or reset by the peer');
      await waitForEvent(runner, (e) => e.type === 'mqtt-state' && e.state === 'published', { seen: events, count: 2, what: 'the reconnect', timeoutMs: 20_000 });
      await runner.disconnect();
      expect((await done).outcome).toBe('passed');
    } finally {
      await runner.close();
    }
  }, 60_000);
});
