/**
 * AT+QHTTPPOST over real HTTPS (docs/at-behaviour.md#qhttppost, #tls): the module verifies the server
 * with the CA uploaded into its UFS, presents the uploaded client certificate, and posts the body.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../helpers/sim/certs.ts';
import { startQuietDevice, type TestDevice } from '../helpers/sim/device.ts';
import { configureTls } from '../helpers/sim/module-steps.ts';
import { runSteps } from '../helpers/sim/wire-steps.ts';

let pki: TestPki;
let server: Server;
const seen: Array<{ cn: string; body: string; type: string | undefined }> = [];
let t: TestDevice | undefined;

beforeAll(async () => {
  pki = createTestPki();
  server = createServer({ ...pki.server, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('latin1');
      seen.push({ cn: String((req.socket as TLSSocket).getPeerCertificate().subject?.CN), body, type: req.headers['content-type'] });
      res.writeHead(202, { 'Content-Length': 2 });
      res.end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe('AT+QHTTPPOST over HTTPS', () => {
  it('posts through mutual TLS with the UFS certificates: +QHTTPPOST: 0,202,2', async () => {
    t = await startQuietDevice();
    await configureTls(t.modem, { caPem: pki.ca.cert, client: pki.client, seclevel: 2 });
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/telemetry`;
    await runSteps(
      t.modem,
      [
        { send: 'AT+QHTTPCFG="sslctxid",1\r', expect: '\r\nOK\r\n' },
        { send: 'AT+QHTTPCFG="contenttype",2\r', expect: '\r\nOK\r\n' },
        { send: `AT+QHTTPURL=${url.length},80\r`, expect: '\r\nCONNECT\r\n' },
        { send: url, expect: '\r\nOK\r\n' },
        { send: 'AT+QHTTPPOST=4,30,30\r', expect: '\r\nCONNECT\r\n' },
        { send: '\x00\x01\x02\x03', expect: '\r\nOK\r\n\r\n+QHTTPPOST: 0,202,2\r\n' },
      ],
      {},
    );
    expect(seen).toEqual([{ cn: 'TMS2_867969066452788', body: '\x00\x01\x02\x03', type: 'application/octet-stream' }]);
  });
});
