/**
 * HTTP, FOTA and MQTT fault scenarios against real servers on 127.0.0.1 (a plain HTTP server
 * with server info and a firmware image, an Aedes broker), each shown by what the host sees.
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildFirmwareImage, sha256Hex } from '../../shared/firmware-image.ts';
import { startDevice, type TestDevice } from '../helpers/sim/device.ts';
import { echoOff, httpGet, ok, setUrl } from '../helpers/sim/module-steps.ts';
import { deferred, DEVICE_ID, LWT, LWT_TOPIC, openAndConnect, publish } from '../helpers/sim/mqtt-steps.ts';

const SERVER_INFO = { serverInfo: { mqtt: { host: '127.0.0.1', port: 1883, ssl: false, password: 'p', keepalive: 90 } }, rollInfo: { roll: 1, pitch: 2 } };
const IMAGE = buildFirmwareImage('main', '1.4.0', 8192);

let http: HttpServer;
let broker: Aedes;
let mqttServer: Server;
let observer: MqttClient;
const observed: Array<{ topic: string; payload: string }> = [];
let t: TestDevice | undefined;

const portOf = (server: HttpServer | Server) => (server.address() as AddressInfo).port;
const infoUrl = () => `http://127.0.0.1:${portOf(http)}/tms2/devices/${DEVICE_ID}/info`;

beforeAll(async () => {
  http = createHttpServer((req, res) => {
    const body = req.url?.endsWith('.bin') ? IMAGE : Buffer.from(JSON.stringify(SERVER_INFO));
    res.writeHead(200, { 'Content-Type': req.url?.endsWith('.bin') ? 'application/octet-stream' : 'application/json', 'Content-Length': body.length });
    res.end(body);
  });
  http.listen(0, '127.0.0.1');
  broker = await Aedes.createBroker();
  mqttServer = createServer((socket) => broker.handle(socket));
  mqttServer.listen(0, '127.0.0.1');
  await Promise.all([once(http, 'listening'), once(mqttServer, 'listening')]);
  observer = await mqtt.connectAsync(`mqtt://127.0.0.1:${portOf(mqttServer)}`, { clientId: 'observer', reconnectPeriod: 0 });
  observer.on('message', (topic, payload) => observed.push({ topic, payload: payload.toString() }));
  await observer.subscribeAsync('DDTM/#', { qos: 1 });
});

afterAll(async () => {
  await observer?.endAsync();
  http?.closeAllConnections();
  http?.close();
  mqttServer?.close();
  await new Promise<void>((resolve) => broker?.close(() => resolve()));
});

afterEach(async () => {
  await t?.dispose();
  t = undefined;
  observed.length = 0;
});

async function faulty(...faults: string[]): Promise<TestDevice> {
  const d = await startDevice({ faults });
  await echoOff(d.modem);
  return d;
}

async function readBody(device: TestDevice): Promise<string> {
  await device.modem.send('AT+QHTTPREAD=80\r');
  await device.modem.expect('\r\nCONNECT\r\n');
  const body = await device.modem.readUntil('\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n');
  return body.slice(0, -'\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n'.length);
}

describe('HTTP fault scenarios (F6)', () => {
  it.each([
    ['http-404', 404],
    ['http-500', 500],
  ])('%s: +QHTTPGET: 0,%i,<len> with an HTML error body', async (fault, status) => {
    t = await faulty(fault);
    await setUrl(t.modem, infoUrl());
    const urc = await httpGet(t.modem);
    const body = await readBody(t);
    expect(urc).toBe(`+QHTTPGET: 0,${status},${Buffer.byteLength(body)}`);
    expect(body).toContain(`<h1>${status} `);
  });

  it('http-timeout: +QHTTPGET: 702 once <rsptime> has passed', async () => {
    t = await faulty('http-timeout');
    await setUrl(t.modem, infoUrl());
    expect(await httpGet(t.modem, 1)).toBe('+QHTTPGET: 702');
  });

  it('http-dns-failure: +QHTTPGET: 714', async () => {
    t = await faulty('http-dns-failure');
    await setUrl(t.modem, infoUrl());
    expect(await httpGet(t.modem)).toBe('+QHTTPGET: 714');
  });

  it('server-info-not-json: 200 with an HTML page instead of the JSON document', async () => {
    t = await faulty('server-info-not-json');
    await setUrl(t.modem, infoUrl());
    expect(await httpGet(t.modem)).toMatch(/^\+QHTTPGET: 0,200,\d+$/);
    const body = await readBody(t);
    expect(body.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(() => JSON.parse(body) as unknown).toThrow();
  });

  it('server-info-missing-fields: JSON without serverInfo.mqtt.host and rollInfo', async () => {
    t = await faulty('server-info-missing-fields');
    await setUrl(t.modem, infoUrl());
    const urc = await httpGet(t.modem);
    const body = await readBody(t);
    expect(urc).toBe(`+QHTTPGET: 0,200,${Buffer.byteLength(body)}`);
    const doc = JSON.parse(body) as { serverInfo: { mqtt: Record<string, unknown> }; rollInfo?: unknown };
    expect(doc.serverInfo.mqtt.host).toBeUndefined();
    expect(doc.serverInfo.mqtt.port).toBe(1883);
    expect(doc.rollInfo).toBeUndefined();
  });

  it('server-info-bom: the JSON document arrives with a UTF-8 byte-order mark in front', async () => {
    t = await faulty('server-info-bom');
    await setUrl(t.modem, infoUrl());
    const urc = await httpGet(t.modem);
    const body = Buffer.from(await readBody(t), 'latin1');
    expect(urc).toBe(`+QHTTPGET: 0,200,${body.length}`);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(JSON.parse(body.subarray(3).toString('utf8'))).toEqual(SERVER_INFO);
  });

  it('cable-pull-at-http (S1): OK to QHTTPGET, then the port is lost', async () => {
    t = await faulty('cable-pull-at-http');
    await setUrl(t.modem, infoUrl());
    const lost = new Promise((resolve) => t?.device.host.onClose(resolve));
    await t.modem.send('AT+QHTTPGET=80\r');
    await t.modem.expect('\r\nOK\r\n');
    await expect(lost).resolves.toMatchObject({ kind: 'lost' });
  });
});

describe('FOTA fault scenarios', () => {
  async function download(device: TestDevice): Promise<void> {
    await setUrl(device.modem, `http://127.0.0.1:${portOf(http)}/fw/main-1.4.0.bin`);
    expect(await httpGet(device.modem)).toBe(`+QHTTPGET: 0,200,${IMAGE.length}`);
    await device.modem.send('AT+QHTTPREADFILE="UFS:main.bin",80\r');
    await device.modem.expect('\r\nOK\r\n\r\n+QHTTPREADFILE: 0\r\n');
    await device.modem.send('AT+QFLST="UFS:main.bin"\r');
    await device.modem.expect(`\r\n+QFLST: "main.bin",${IMAGE.length}\r\n\r\nOK\r\n`);
  }

  it('applies an image downloaded with QHTTPREADFILE (healthy device)', async () => {
    t = await faulty();
    await download(t);
    await t.modem.send(`AT+TMSFOTA=main,"UFS:main.bin",${IMAGE.length},"${sha256Hex(IMAGE)}"\r`);
    await t.modem.readUntil('+TMSFOTA: main,"DONE"\r\n');
    await t.modem.readUntil('APP RDY\r\n');
    expect(t.device.state.firmware.main).toBe('1.4.0');
  });

  it('corrupt-firmware (F1): the stored image fails the sha256 check and the old version stays', async () => {
    t = await faulty('corrupt-firmware');
    await download(t);
    await t.modem.send(`AT+TMSFOTA=main,"UFS:main.bin",${IMAGE.length},"${sha256Hex(IMAGE)}"\r`);
    await t.modem.expect('\r\nOK\r\n\r\n+TMSFOTA: main,"ERROR","sha256 mismatch"\r\n');
    await t.modem.send('AT+TMSVER?\r');
    await t.modem.expect('\r\n+TMSVER: "1.3.0","1.1.1"\r\n\r\nOK\r\n');
  });

  it('reboot-during-fota (F5): RDY instead of DONE; the old version stays', async () => {
    t = await faulty('reboot-during-fota');
    await download(t);
    await t.modem.send(`AT+TMSFOTA=main,"UFS:main.bin",${IMAGE.length},"${sha256Hex(IMAGE)}"\r`);
    const seen = await t.modem.readUntil('APP RDY\r\n');
    expect(seen).toContain('+TMSFOTA: main,40\r\n\r\nRDY\r\n');
    expect(seen).not.toContain('"DONE"');
    expect(t.device.state.firmware.main).toBe('1.3.0');
  });

  it('slow-unit: the firmware trickles in; a command sent after QHTTPREADFILE is answered before the download ends', async () => {
    // 8 KiB at 2 kB/s: about 4 s of download, far longer than one AT round trip.
    t = await startDevice({ faults: ['slow-unit'], timing: { slowUnitAnswerMs: 0, slowUnitDownloadBytesPerSec: 2000 } });
    await echoOff(t.modem);
    await setUrl(t.modem, `http://127.0.0.1:${portOf(http)}/fw/main-1.4.0.bin`);
    expect(await httpGet(t.modem)).toBe(`+QHTTPGET: 0,200,${IMAGE.length}`);
    await t.modem.send('AT+QHTTPREADFILE="UFS:main.bin",80\r');
    await t.modem.expect('\r\nOK\r\n');
    await t.modem.send('AT+CSQ\r');
    await t.modem.expect('\r\n+CSQ: 24,99\r\n\r\nOK\r\n');
    await t.modem.expect('\r\n+QHTTPREADFILE: 0\r\n', 30_000);
    await t.modem.send('AT+QFLST="UFS:main.bin"\r');
    await t.modem.expect(`\r\n+QFLST: "main.bin",${IMAGE.length}\r\n\r\nOK\r\n`);
  });

  it('firmware-endless-body (F2): no Content-Length, the file keeps growing until AT+QHTTPSTOP', async () => {
    t = await faulty('firmware-endless-body');
    await setUrl(t.modem, `http://127.0.0.1:${portOf(http)}/fw/main-1.4.0.bin`);
    expect(await httpGet(t.modem)).toBe('+QHTTPGET: 0,200');
    await t.modem.send('AT+QHTTPREADFILE="UFS:main.bin",80\r');
    await t.modem.expect('\r\nOK\r\n');
    const sizeNow = async () => {
      await t?.modem.send('AT+QFLST="UFS:main.bin"\r');
      const answer = (await t?.modem.readUntil(/\r\n(OK|\+CME ERROR: \d+)\r\n/)) ?? '';
      return Number(/"main\.bin",(\d+)/.exec(answer)?.[1] ?? 0);
    };
    let size = await sizeNow();
    while (size <= IMAGE.length * 4) size = await sizeNow();
    await t.modem.send('AT+QHTTPSTOP\r');
    await t.modem.readUntil('+QHTTPREADFILE: 701\r\n');
    expect(await sizeNow()).toBeGreaterThan(IMAGE.length * 4);
  });

  it.each([
    ['download-cut-once', ['+QHTTPREADFILE: 717', '+QHTTPREADFILE: 0']],
    ['download-cut-always', ['+QHTTPREADFILE: 717', '+QHTTPREADFILE: 717']],
  ])('%s (F4): the download breaks half-way with 717, half the file stored', async (fault, results) => {
    t = await faulty(fault);
    const device = t;
    const seen: string[] = [];
    for (const _ of results) {
      await setUrl(device.modem, `http://127.0.0.1:${portOf(http)}/fw/main-1.4.0.bin`);
      expect(await httpGet(device.modem)).toBe(`+QHTTPGET: 0,200,${IMAGE.length}`);
      seen.push(await deferred(device.modem, 'AT+QHTTPREADFILE="UFS:main.bin",80', '+QHTTPREADFILE'));
      const stored = seen.at(-1) === '+QHTTPREADFILE: 0' ? IMAGE.length : IMAGE.length / 2;
      await device.modem.send('AT+QFLST="UFS:main.bin"\r');
      await device.modem.expect(`\r\n+QFLST: "main.bin",${stored}\r\n\r\nOK\r\n`);
    }
    expect(seen).toEqual(results);
  });

  it('cable-pull-at-fota (F5): the port is lost during apply; after re-plugging the old version answers', async () => {
    t = await faulty('cable-pull-at-fota');
    await download(t);
    const lost = new Promise((resolve) => t?.device.host.onClose(resolve));
    await t.modem.send(`AT+TMSFOTA=main,"UFS:main.bin",${IMAGE.length},"${sha256Hex(IMAGE)}"\r`);
    await expect(lost).resolves.toMatchObject({ kind: 'lost' });
    expect(t.device.state.firmware.main).toBe('1.3.0');
  });
});

describe('MQTT fault scenarios (M1, M2, M7)', () => {
  it.each([-1, 1, 2, 3, 4, 5])('qmtopen-fail-%i: +QMTOPEN: 0,<code> without touching the broker', async (code) => {
    t = await faulty(`qmtopen-fail-${code}`);
    expect((await openAndConnect(t.modem, { port: portOf(mqttServer) })).open).toBe(`+QMTOPEN: 0,${code}`);
  });

  it.each([1, 2, 3, 4, 5])('qmtconn-refused-%i: +QMTCONN: 0,0,<rc> then +QMTSTAT: 0,1', async (code) => {
    t = await faulty(`qmtconn-refused-${code}`);
    const { open, conn } = await openAndConnect(t.modem, { port: portOf(mqttServer) });
    expect([open, conn]).toEqual(['+QMTOPEN: 0,0', `+QMTCONN: 0,0,${code}`]);
    await t.modem.expect('\r\n+QMTSTAT: 0,1\r\n');
  });

  it('broker-drop-after-connect (M2): +QMTSTAT: 0,1 about a second after the session is up', async () => {
    t = await faulty('broker-drop-after-connect');
    expect((await openAndConnect(t.modem, { port: portOf(mqttServer) })).conn).toBe('+QMTCONN: 0,0,0');
    await t.modem.expect('\r\n+QMTSTAT: 0,1\r\n', 10_000);
  });

  it('broker-silent (M4): after the first publish nothing more arrives; +QMTSTAT: 0,2 once the keepalive watchdog gives up', async () => {
    t = await faulty('broker-silent');
    expect((await openAndConnect(t.modem, { port: portOf(mqttServer), keepalive: 1 })).conn).toBe('+QMTCONN: 0,0,0');
    expect(await publish(t.modem, 1, 1, `DDTM/UP/${DEVICE_ID}`, 'hello')).toContain('+QMTPUB: 0,1,0');
    await t.modem.expect('\r\n+QMTSTAT: 0,2\r\n', 10_000);
  });

  it('pdp-drop-after-connect (M6): after the first publish +QIURC: "pdpdeact",1, the context is inactive, no +QMTSTAT', async () => {
    t = await faulty('pdp-drop-after-connect');
    await openAndConnect(t.modem, { port: portOf(mqttServer) });
    const answer = await publish(t.modem, 1, 1, `DDTM/UP/${DEVICE_ID}`, 'hello');
    expect(answer).toContain('+QMTPUB: 0,1,0');
    await t.modem.expect('\r\n+QIURC: "pdpdeact",1\r\n', 10_000);
    await t.modem.send('AT+QIACT?\r');
    expect(await t.modem.readUntil('\r\nOK\r\n')).not.toContain('+QIACT: 1,');
    await t.modem.send('AT+QMTCONN?\r');
    expect(await t.modem.readUntil('\r\nOK\r\n')).not.toContain('+QMTSTAT');
  });

  it('mqtt-retransmit (M7): result 1 (retransmission) before the final result 0', async () => {
    t = await faulty('mqtt-retransmit');
    await openAndConnect(t.modem, { port: portOf(mqttServer) });
    await t.modem.send(`AT+QMTSUB=0,1,"DDTM/RPC/${DEVICE_ID}",1\r`);
    await t.modem.expect('\r\nOK\r\n\r\n+QMTSUB: 0,1,1,1\r\n\r\n+QMTSUB: 0,1,0,1\r\n');
  });

  it('cable-pull-at-mqtt (M5): OK to QMTSUB, the port is lost, the broker publishes the will', async () => {
    t = await faulty('cable-pull-at-mqtt');
    await openAndConnect(t.modem, { port: portOf(mqttServer) });
    const lost = new Promise((resolve) => t?.device.host.onClose(resolve));
    expect(await deferred(t.modem, `AT+QMTSUB=0,1,"DDTM/RPC/${DEVICE_ID}",1`, '+QMTSUB').catch((error: Error) => error.message)).toMatch(/link closed/);
    await expect(lost).resolves.toMatchObject({ kind: 'lost' });
    const start = Date.now();
    while (!observed.some((m) => m.topic === LWT_TOPIC) && Date.now() - start < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(observed.find((m) => m.topic === LWT_TOPIC)).toEqual({ topic: LWT_TOPIC, payload: LWT });
  });

  it('keeps QMTPUB working with ok() helpers after a QMTCFG query (sanity of the healthy path)', async () => {
    t = await faulty();
    await openAndConnect(t.modem, { port: portOf(mqttServer) });
    await ok(t.modem, 'AT+QMTCFG="timeout",0,5,3,0');
    await t.modem.send('AT+QMTCFG="will",0\r');
    await t.modem.expect(`\r\n+QMTCFG: "will",1,1,0,"${LWT_TOPIC}","${LWT}"\r\n\r\nOK\r\n`);
  });
});
