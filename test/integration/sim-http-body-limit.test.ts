/**
 * The module's RAM is not the host's: a response body over the simulator's limit ends the request
 * with `<err>` 729 (memory allocation failed, docs/at-behaviour.md#http-error-codes) for GET and
 * POST alike, instead of being buffered whole.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../electron/sim/services/http-get.ts';
import { startQuietDevice, type TestDevice } from '../helpers/sim/device.ts';
import { runSteps } from '../helpers/sim/wire-steps.ts';

let server: Server;
let t: TestDevice | undefined;
const CHUNK = Buffer.alloc(1024 * 1024, 0x61);

beforeAll(async () => {
  // Sends one chunk more than the limit, announced with its length, then ends.
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const chunks = Math.ceil(MAX_BODY_BYTES / CHUNK.length) + 1;
      res.writeHead(200, { 'Content-Length': chunks * CHUNK.length, 'Content-Type': 'application/octet-stream' });
      for (let i = 0; i < chunks; i += 1) res.write(CHUNK);
      res.end();
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

const urlSteps = (url: string) => [
  { send: `AT+QHTTPURL=${url.length},80\r`, expect: '\r\nCONNECT\r\n' },
  { send: url, expect: '\r\nOK\r\n' },
];

describe('a response body larger than the module can hold', () => {
  it('AT+QHTTPGET ends with +QHTTPGET: 729', async () => {
    t = await startQuietDevice();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.bin`;
    await runSteps(t.modem, [...urlSteps(url), { send: 'AT+QHTTPGET=60\r', expect: '\r\nOK\r\n\r\n+QHTTPGET: 729\r\n' }], {});
  });

  it('AT+QHTTPPOST ends with +QHTTPPOST: 729', async () => {
    t = await startQuietDevice();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
    await runSteps(
      t.modem,
      [...urlSteps(url), { send: 'AT+QHTTPPOST=4,30,60\r', expect: '\r\nCONNECT\r\n' }, { send: 'ping', expect: '\r\nOK\r\n\r\n+QHTTPPOST: 729\r\n' }],
      {},
    );
  });
});
