/**
 * HTTP(S) through the virtual module to real servers on 127.0.0.1 (docs/at-behaviour.md#tls, #http): the
 * module verifies the server against the CA uploaded into its UFS and presents the uploaded client
 * certificate; failures carry the reference's codes.
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, issue, type TestPki } from '../helpers/sim/certs.ts';
import { startDevice, type TestDevice } from '../helpers/sim/device.ts';
import { configureTls, echoOff, httpGet, ok, setUrl } from '../helpers/sim/module-steps.ts';

const SERVER_INFO = JSON.stringify({ serverInfo: { mqtt: { host: '127.0.0.1', port: 8883, ssl: true, password: 'x', keepalive: 90 } }, rollInfo: { roll: 3.5, pitch: -1.2 } });

let pki: TestPki;
let mutual: HttpsServer;
let plainTls: HttpsServer;
let expiredTls: HttpsServer;
let http: HttpServer;
const seenClientCerts: string[] = [];
let t: TestDevice | undefined;

const portOf = (server: HttpServer | HttpsServer) => (server.address() as AddressInfo).port;

function handler(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  const peer = (req.socket as TLSSocket).getPeerCertificate?.();
  if (peer?.subject) seenClientCerts.push(String(peer.subject.CN));
  if (req.url === '/chunked') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('part one,');
    res.end('part two');
    return;
  }
  if (req.url === '/missing') {
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': '9' });
    res.end('not found');
    return;
  }
  if (req.url === '/never') return; // no answer at all
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(SERVER_INFO) });
  res.end(SERVER_INFO);
}

async function listen<T extends HttpServer | HttpsServer>(server: T): Promise<T> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

beforeAll(async () => {
  pki = createTestPki();
  mutual = await listen(createHttpsServer({ ...pki.server, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, handler));
  plainTls = await listen(createHttpsServer({ ...pki.server }, handler));
  const expired = issue(pki.ca, { commonName: '127.0.0.1', usage: 'server', notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
  expiredTls = await listen(createHttpsServer({ ...expired }, handler));
  http = await listen(createHttpServer(handler));
});

afterAll(async () => {
  for (const server of [mutual, plainTls, expiredTls, http]) {
    server.closeAllConnections();
    server.close();
  }
});

afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function device(): Promise<TestDevice> {
  const d = await startDevice({ hosts: { 'api.demo.test': '127.0.0.1' } });
  await echoOff(d.modem);
  await ok(d.modem, 'AT+QHTTPCFG="contextid",1');
  await ok(d.modem, 'AT+QHTTPCFG="sslctxid",1');
  return d;
}

describe('HTTPS through the virtual module', () => {
  it('GETs over mutual TLS with the uploaded CA, client certificate and key, then reads the body', async () => {
    t = await device();
    await configureTls(t.modem, { caPem: pki.ca.cert, client: pki.client, seclevel: 2 });
    await setUrl(t.modem, `https://127.0.0.1:${portOf(mutual)}/tms2/devices/TMS2_867969066452788/info`);
    expect(await httpGet(t.modem)).toBe(`+QHTTPGET: 0,200,${Buffer.byteLength(SERVER_INFO)}`);
    expect(seenClientCerts).toContain('TMS2_867969066452788');
    await t.modem.send('AT+QHTTPREAD=80\r');
    await t.modem.expect(`\r\nCONNECT\r\n${SERVER_INFO}\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n`);
  });

  it('answers +QHTTPGET: 716 when the server is not signed by the uploaded CA (M3)', async () => {
    t = await device();
    await configureTls(t.modem, { caPem: pki.otherCa.cert, client: pki.client, seclevel: 2 });
    await setUrl(t.modem, `https://127.0.0.1:${portOf(plainTls)}/info`);
    expect(await httpGet(t.modem)).toBe('+QHTTPGET: 716');
  });

  it('does not verify at seclevel 0, so the wrong CA does not matter', async () => {
    t = await device();
    await configureTls(t.modem, { caPem: pki.otherCa.cert, seclevel: 0 });
    await setUrl(t.modem, `https://127.0.0.1:${portOf(plainTls)}/info`);
    expect(await httpGet(t.modem)).toBe(`+QHTTPGET: 0,200,${Buffer.byteLength(SERVER_INFO)}`);
  });

  it('fails a mutual-TLS server at seclevel 1 (no client certificate presented)', async () => {
    t = await device();
    await configureTls(t.modem, { caPem: pki.ca.cert, client: pki.client, seclevel: 1 });
    await setUrl(t.modem, `https://127.0.0.1:${portOf(mutual)}/info`);
    expect(await httpGet(t.modem)).toMatch(/^\+QHTTPGET: (716|717|719)$/);
  });

  it('rejects an expired server certificate unless ignorelocaltime is 1', async () => {
    t = await device();
    await configureTls(t.modem, { caPem: pki.ca.cert, seclevel: 1 });
    await setUrl(t.modem, `https://127.0.0.1:${portOf(expiredTls)}/info`);
    expect(await httpGet(t.modem)).toBe('+QHTTPGET: 716');
    await ok(t.modem, 'AT+QSSLCFG="ignorelocaltime",1,1');
    expect(await httpGet(t.modem)).toBe(`+QHTTPGET: 0,200,${Buffer.byteLength(SERVER_INFO)}`);
  });

  it('resolves names from the device hosts table (SNI sent)', async () => {
    t = await device();
    await configureTls(t.modem, { caPem: pki.ca.cert, seclevel: 1 });
    await setUrl(t.modem, `https://api.demo.test:${portOf(plainTls)}/info`);
    expect(await httpGet(t.modem)).toBe(`+QHTTPGET: 0,200,${Buffer.byteLength(SERVER_INFO)}`);
  });

  it('stores the body in UFS with QHTTPREADFILE', async () => {
    t = await device();
    await configureTls(t.modem, { caPem: pki.ca.cert, seclevel: 1 });
    await setUrl(t.modem, `https://127.0.0.1:${portOf(plainTls)}/info`);
    await httpGet(t.modem);
    await t.modem.send('AT+QHTTPREADFILE="UFS:info.json",80\r');
    await t.modem.expect('\r\nOK\r\n\r\n+QHTTPREADFILE: 0\r\n');
    await t.modem.send('AT+QFLST="UFS:info.json"\r');
    await t.modem.expect(`\r\n+QFLST: "info.json",${Buffer.byteLength(SERVER_INFO)}\r\n\r\nOK\r\n`);
    await t.modem.send('AT+QHTTPREAD=80\r');
    await t.modem.expect('\r\n+CME ERROR: 705\r\n');
  });
});

describe('plain HTTP and failures', () => {
  it('passes the server status through and omits the length of a chunked answer (WIO-14)', async () => {
    t = await device();
    await setUrl(t.modem, `http://127.0.0.1:${portOf(http)}/missing`);
    expect(await httpGet(t.modem)).toBe('+QHTTPGET: 0,404,9');
    await setUrl(t.modem, `http://127.0.0.1:${portOf(http)}/chunked`);
    expect(await httpGet(t.modem)).toBe('+QHTTPGET: 0,200');
    await t.modem.send('AT+QHTTPREAD=80\r');
    await t.modem.expect('\r\nCONNECT\r\npart one,part two\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n');
  });

  it('reports 716 for a refused connection and 702 when the server does not answer within <rsptime>', async () => {
    t = await device();
    const closed = await listen(createHttpServer());
    const port = portOf(closed);
    closed.close();
    await setUrl(t.modem, `http://127.0.0.1:${port}/`);
    expect(await httpGet(t.modem)).toBe('+QHTTPGET: 716');
    await setUrl(t.modem, `http://127.0.0.1:${portOf(http)}/never`);
    expect(await httpGet(t.modem, 1)).toBe('+QHTTPGET: 702');
  });

  it('refuses URL lengths outside 1–700 (730), a non-http URL (711) and GET without a URL (712)', async () => {
    t = await device();
    await t.modem.send('AT+QHTTPGET=80\r');
    await t.modem.expect('\r\n+CME ERROR: 712\r\n');
    await t.modem.send('AT+QHTTPURL=701,80\r');
    await t.modem.expect('\r\n+CME ERROR: 730\r\n');
    await t.modem.send('AT+QHTTPURL=14,80\r');
    await t.modem.expect('\r\nCONNECT\r\n');
    await t.modem.send('ftp://example/');
    await t.modem.expect('\r\n+CME ERROR: 711\r\n');
  });

  it('answers 726 when the URL does not arrive within the input time', async () => {
    t = await device();
    await t.modem.send('AT+QHTTPURL=30,1\r');
    await t.modem.expect('\r\nCONNECT\r\n');
    await t.modem.send('http://');
    await t.modem.expect('\r\n+CME ERROR: 726\r\n', 15_000);
  });
});
