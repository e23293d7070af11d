/**
 * MQTT(S) through the virtual module to an Aedes broker (docs/at-behaviour.md#mqtt): the module's TLS uses
 * the uploaded CA and client certificate, the session is a real MQTT 3.1.1 client, and every
 * outcome comes back in the reference's URC forms.
 */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { Aedes, type AuthenticateError } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../unit/sim/helpers/certs.ts';
import { startDevice, type TestDevice } from '../unit/sim/helpers/device.ts';
import { configureTls, echoOff } from '../unit/sim/helpers/module-steps.ts';
import { deferred, DEVICE_ID, LWT, LWT_TOPIC, openAndConnect, publish } from '../unit/sim/helpers/mqtt-steps.ts';

const PASSWORD = '8824qi6rq8bgpi4z5jqomu8wnhnwipdk';
let pki: TestPki;
let broker: Aedes;
let plain: Server;
let secure: TlsServer;
let observer: MqttClient;
const observed: Array<{ topic: string; payload: string }> = [];
let t: TestDevice | undefined;

const portOf = (server: Server | TlsServer) => (server.address() as AddressInfo).port;

beforeAll(async () => {
  pki = createTestPki();
  broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      if (client.id === 'observer' || (username === DEVICE_ID && password?.toString() === PASSWORD)) return done(null, true);
      done(Object.assign(new Error('bad credentials'), { returnCode: 4 }) as AuthenticateError, null);
    },
    authorizeSubscribe: (_client, subscription, done) => done(null, subscription.topic.startsWith('forbidden/') ? null : subscription),
  });
  plain = createServer((socket) => broker.handle(socket));
  plain.listen(0, '127.0.0.1');
  secure = createTlsServer({ ...pki.server, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, (socket) => broker.handle(socket));
  secure.listen(0, '127.0.0.1');
  await Promise.all([once(plain, 'listening'), once(secure, 'listening')]);
  observer = await mqtt.connectAsync(`mqtt://127.0.0.1:${portOf(plain)}`, { clientId: 'observer', reconnectPeriod: 0 });
  observer.on('message', (topic, payload) => observed.push({ topic, payload: payload.toString() }));
  await observer.subscribeAsync('DDTM/#', { qos: 1 });
});

afterAll(async () => {
  await observer?.endAsync();
  plain?.close();
  secure?.close();
  await new Promise<void>((resolve) => broker?.close(() => resolve()));
});

afterEach(async () => {
  await t?.dispose();
  t = undefined;
  observed.length = 0;
});

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function tlsDevice(): Promise<TestDevice> {
  const d = await startDevice();
  await echoOff(d.modem);
  await configureTls(d.modem, { caPem: pki.ca.cert, client: pki.client, seclevel: 2, ctx: 2 });
  return d;
}

describe('MQTTS session through the module (Aedes)', () => {
  it('opens, connects, subscribes, publishes, receives and disconnects cleanly (no will, M5)', async () => {
    t = await tlsDevice();
    const { open, conn } = await openAndConnect(t.modem, { port: portOf(secure), sslCtx: 2, password: PASSWORD });
    expect([open, conn]).toEqual(['+QMTOPEN: 0,0', '+QMTCONN: 0,0,0']);
    await t.modem.send('AT+QMTCONN?\r');
    await t.modem.expect('\r\n+QMTCONN: 0,3\r\n\r\nOK\r\n');
    await t.modem.send('AT+QMTOPEN?\r');
    await t.modem.expect(`\r\n+QMTOPEN: 0,"127.0.0.1",${portOf(secure)}\r\n\r\nOK\r\n`);
    expect(await deferred(t.modem, `AT+QMTSUB=0,1,"DDTM/RPC/${DEVICE_ID}",1`, '+QMTSUB')).toBe('+QMTSUB: 0,1,0,1');
    const init = `{"v":"1.1","pt":"INIT","body":{"ts":1700000000000,"mf_v":"1.3.0","sf_v":"1.1.1"}}`;
    expect(await publish(t.modem, 2, 1, `DDTM/UP/${DEVICE_ID}`, init)).toBe('\r\nOK\r\n\r\n+QMTPUB: 0,2,0\r\n');
    expect(await waitFor(() => observed.find((m) => m.topic === `DDTM/UP/${DEVICE_ID}`), 'INIT')).toEqual({ topic: `DDTM/UP/${DEVICE_ID}`, payload: init });
    await observer.publishAsync(`DDTM/RPC/${DEVICE_ID}`, '{"method":"reboot","id":7}', { qos: 0 });
    await t.modem.expect(`\r\n+QMTRECV: 0,0,"DDTM/RPC/${DEVICE_ID}","{"method":"reboot","id":7}"\r\n`);
    expect(await deferred(t.modem, 'AT+QMTDISC=0', '+QMTDISC')).toBe('+QMTDISC: 0,0');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(observed.filter((m) => m.topic === LWT_TOPIC)).toEqual([]);
  });

  it('answered QoS 1 publishes and subscriptions leave no ack timer behind (each held the slot for pkt_timeout × retries)', async () => {
    t = await tlsDevice();
    await openAndConnect(t.modem, { port: portOf(secure), sslCtx: 2, password: PASSWORD });
    const device = t.device;
    const baseline = device.pendingTimers;
    expect(await deferred(t.modem, `AT+QMTSUB=0,1,"DDTM/RPC/${DEVICE_ID}",1`, '+QMTSUB')).toBe('+QMTSUB: 0,1,0,1');
    for (let msgId = 2; msgId < 12; msgId++) {
      expect(await publish(t.modem, msgId, 1, `DDTM/UP/${DEVICE_ID}`, `{"n":${msgId}}`)).toBe(`\r\nOK\r\n\r\n+QMTPUB: 0,${msgId},0\r\n`);
    }
    expect(device.pendingTimers).toBe(baseline);
    expect(await deferred(t.modem, 'AT+QMTDISC=0', '+QMTDISC')).toBe('+QMTDISC: 0,0');
  });

  it('publishes the will when the cable is pulled (no DISCONNECT, M5)', async () => {
    t = await tlsDevice();
    expect((await openAndConnect(t.modem, { port: portOf(secure), sslCtx: 2, password: PASSWORD })).conn).toBe('+QMTCONN: 0,0,0');
    t.device.pullCable();
    expect(await waitFor(() => observed.find((m) => m.topic === LWT_TOPIC), 'the will')).toEqual({ topic: LWT_TOPIC, payload: LWT });
  });

  it('shows the payload length with recv/mode 0,1 and the QoS 1 message id', async () => {
    t = await tlsDevice();
    await openAndConnect(t.modem, { port: portOf(secure), sslCtx: 2, password: PASSWORD, recvMode: '0,1' });
    await deferred(t.modem, `AT+QMTSUB=0,1,"DDTM/RPC/${DEVICE_ID}",1`, '+QMTSUB');
    await observer.publishAsync(`DDTM/RPC/${DEVICE_ID}`, 'a,"b"', { qos: 1 });
    const urc = await t.modem.readUntil(/\r\n\+QMTRECV: [^\r]*\r\n/);
    expect(urc).toMatch(new RegExp(`^\\r\\n\\+QMTRECV: 0,[1-9]\\d*,"DDTM/RPC/${DEVICE_ID}",5,"a,"b""\\r\\n$`));
  });

  it('reports a CONNACK refusal as +QMTCONN: 0,0,4 then +QMTSTAT: 0,1', async () => {
    t = await tlsDevice();
    const { conn } = await openAndConnect(t.modem, { port: portOf(secure), sslCtx: 2, password: 'wrong' });
    expect(conn).toBe('+QMTCONN: 0,0,4');
    await t.modem.expect('\r\n+QMTSTAT: 0,1\r\n');
  });

  it('shows a refused subscription as granted 128 (docs/uncertain-behaviour.md#qmtsub-refused-128)', async () => {
    t = await tlsDevice();
    await openAndConnect(t.modem, { port: portOf(secure), sslCtx: 2, password: PASSWORD });
    expect(await deferred(t.modem, 'AT+QMTSUB=0,5,"forbidden/x",1,"DDTM/ok",0', '+QMTSUB')).toBe('+QMTSUB: 0,5,0,128,0');
  });

  it('fails QMTOPEN with -1 when the server is not signed by the uploaded CA (M3)', async () => {
    t = await startDevice();
    await echoOff(t.modem);
    await configureTls(t.modem, { caPem: pki.otherCa.cert, client: pki.client, seclevel: 2, ctx: 2 });
    expect((await openAndConnect(t.modem, { port: portOf(secure), sslCtx: 2 })).open).toBe('+QMTOPEN: 0,-1');
  });
});

describe('MQTT over plain TCP (Aedes)', () => {
  it('handles QoS 0 and 2 publishes, ESC cancel, a second QMTOPEN (2) and QMTCLOSE', async () => {
    t = await startDevice();
    await echoOff(t.modem);
    expect((await openAndConnect(t.modem, { port: portOf(plain), password: PASSWORD })).conn).toBe('+QMTCONN: 0,0,0');
    expect(await publish(t.modem, 0, 0, 'DDTM/UP/q0', 'zero')).toBe('\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n');
    expect(await publish(t.modem, 9, 2, 'DDTM/UP/q2', 'two')).toBe('\r\nOK\r\n\r\n+QMTPUB: 0,9,0\r\n');
    await t.modem.send('AT+QMTPUB=0,10,1,0,"DDTM/UP/cancelled"\r');
    await t.modem.expect('\r\n> ');
    await t.modem.send('never sent\x1b');
    await t.modem.expect('\r\nOK\r\n');
    expect(await deferred(t.modem, `AT+QMTOPEN=0,"127.0.0.1",${portOf(plain)}`, '+QMTOPEN')).toBe('+QMTOPEN: 0,2');
    expect(await deferred(t.modem, 'AT+QMTCLOSE=0', '+QMTCLOSE')).toBe('+QMTCLOSE: 0,0');
    await t.modem.send('AT+QMTCLOSE=0\r');
    await t.modem.expect('\r\nERROR\r\n');
    await waitFor(() => observed.find((m) => m.topic === 'DDTM/UP/q2'), 'QoS 2 message');
    expect(observed.map((m) => m.payload)).toEqual(expect.arrayContaining(['zero', 'two']));
    expect(observed.find((m) => m.topic === 'DDTM/UP/cancelled')).toBeUndefined();
  });

  it('with echo on, the QMTPUB line and its CR come first, then CR LF "> ", and the payload is echoed', async () => {
    t = await startDevice();
    await echoOff(t.modem);
    expect((await openAndConnect(t.modem, { port: portOf(plain), password: PASSWORD })).conn).toBe('+QMTCONN: 0,0,0');
    await t.modem.send('ATE1\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+QMTPUB=0,0,0,0,"DDTM/UP/echo"\r');
    await t.modem.expect('AT+QMTPUB=0,0,0,0,"DDTM/UP/echo"\r\r\n> ');
    await t.modem.send('echoed\x1a');
    await t.modem.expect('echoed\r\nOK\r\n\r\n+QMTPUB: 0,0,0\r\n');
    await waitFor(() => observed.find((m) => m.topic === 'DDTM/UP/echo'), 'echoed message');
  });

  it('reports +QMTSTAT: 0,1 when the broker closes the link', async () => {
    t = await startDevice();
    await echoOff(t.modem);
    await openAndConnect(t.modem, { port: portOf(plain), password: PASSWORD });
    const client = await waitFor(() => (broker as unknown as { clients: Record<string, { close(): void }> }).clients[DEVICE_ID], 'broker client');
    client.close();
    await t.modem.expect('\r\n+QMTSTAT: 0,1\r\n');
  });

  it('reports +QMTSTAT: 0,2 when PINGREQ goes unanswered', async () => {
    const silent = createServer((socket: Socket) => {
      socket.once('data', () => socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00])));
      socket.on('error', () => undefined);
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      t = await startDevice();
      await echoOff(t.modem);
      expect((await openAndConnect(t.modem, { port: portOf(silent), keepalive: 1 })).conn).toBe('+QMTCONN: 0,0,0');
      await t.modem.expect('\r\n+QMTSTAT: 0,2\r\n', 15_000);
    } finally {
      silent.close();
    }
  });

  it('answers ERROR to QMTCONN before QMTOPEN and to QMTSUB/QMTPUB before QMTCONN', async () => {
    t = await startDevice();
    await echoOff(t.modem);
    for (const command of [`AT+QMTCONN=0,"${DEVICE_ID}"`, 'AT+QMTSUB=0,1,"t",0', 'AT+QMTPUB=0,0,0,0,"t"', 'AT+QMTDISC=0']) {
      await t.modem.send(`${command}\r`);
      await t.modem.expect('\r\nERROR\r\n');
    }
  });
});
