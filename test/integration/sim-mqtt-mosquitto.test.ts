/**
 * MQTTS through the virtual module to a real Mosquitto that requires the test CA's client
 * certificate and a per-device password; `mosquitto_sub` on a plain listener sees the device's
 * messages and its will after the cable is pulled (M5).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../helpers/sim/certs.ts';
import { startDevice, type TestDevice } from '../helpers/sim/device.ts';
import { configureTls, echoOff } from '../helpers/sim/module-steps.ts';
import { startMosquitto, mosquittoSub, type Mosquitto } from '../helpers/sim/mosquitto.ts';
import { deferred, DEVICE_ID, LWT, LWT_TOPIC, openAndConnect, publish } from '../helpers/sim/mqtt-steps.ts';

const PASSWORD = 'u2ubf8mzq3kcx0f1y5v6h9j7t4r2e8w1';
let pki: TestPki;
let broker: Mosquitto;
let t: TestDevice | undefined;
const subs: Array<{ kill(): void }> = [];

beforeAll(async () => {
  pki = createTestPki();
  broker = await startMosquitto(pki, { [DEVICE_ID]: PASSWORD });
});

afterAll(async () => {
  await broker?.stop();
});

afterEach(async () => {
  for (const sub of subs.splice(0)) sub.kill();
  await t?.dispose();
  t = undefined;
});

async function tlsDevice(): Promise<TestDevice> {
  const d = await startDevice();
  await echoOff(d.modem);
  await configureTls(d.modem, { caPem: pki.ca.cert, client: pki.client, seclevel: 2, ctx: 1 });
  return d;
}

describe('MQTTS to Mosquitto through the module', () => {
  it('connects with client certificate and password, publishes INIT seen by mosquitto_sub, disconnects', async () => {
    const sub = mosquittoSub(broker, `DDTM/UP/${DEVICE_ID}`, 1);
    subs.push(sub);
    await sub.ready;
    t = await tlsDevice();
    const { open, conn } = await openAndConnect(t.modem, { port: broker.tlsPort, sslCtx: 1, password: PASSWORD });
    expect([open, conn]).toEqual(['+QMTOPEN: 0,0', '+QMTCONN: 0,0,0']);
    const init = '{"v":"1.1","pt":"INIT","body":{"ts":1700000000000,"mf_v":"1.3.0","sf_v":"1.1.1"}}';
    expect(await publish(t.modem, 1, 1, `DDTM/UP/${DEVICE_ID}`, init)).toBe('\r\nOK\r\n\r\n+QMTPUB: 0,1,0\r\n');
    expect(await sub.messages).toEqual([`DDTM/UP/${DEVICE_ID} ${init}`]);
    expect(await deferred(t.modem, 'AT+QMTDISC=0', '+QMTDISC')).toBe('+QMTDISC: 0,0');
  });

  it('makes Mosquitto publish the will when the cable is pulled', async () => {
    const sub = mosquittoSub(broker, LWT_TOPIC, 1);
    subs.push(sub);
    await sub.ready;
    t = await tlsDevice();
    expect((await openAndConnect(t.modem, { port: broker.tlsPort, sslCtx: 1, password: PASSWORD })).conn).toBe('+QMTCONN: 0,0,0');
    t.device.pullCable();
    expect(await sub.messages).toEqual([`${LWT_TOPIC} ${LWT}`]);
  });

  it('gets +QMTCONN: 0,0,5 (Mosquitto 2: not authorised) for a wrong password', async () => {
    t = await tlsDevice();
    const { conn } = await openAndConnect(t.modem, { port: broker.tlsPort, sslCtx: 1, password: 'wrong' });
    expect(conn).toBe('+QMTCONN: 0,0,5');
    await t.modem.expect('\r\n+QMTSTAT: 0,1\r\n');
  });

  it('fails QMTOPEN with -1 without a client certificate (seclevel 1)', async () => {
    t = await startDevice();
    await echoOff(t.modem);
    await configureTls(t.modem, { caPem: pki.ca.cert, seclevel: 1, ctx: 1 });
    // Mosquitto aborts the TLS 1.2 handshake without a client certificate (docs/at-behaviour.md#tls: only -1).
    expect((await openAndConnect(t.modem, { port: broker.tlsPort, sslCtx: 1, password: PASSWORD })).open).toBe('+QMTOPEN: 0,-1');
  });
});
