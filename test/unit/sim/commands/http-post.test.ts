/**
 * AT+QHTTPPOST / AT+QHTTPPOSTFILE (docs/at-behaviour.md#qhttppost) against a real HTTP server on
 * 127.0.0.1: exact bytes on the module side, the request as the server received it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startQuietDevice, type TestDevice } from '../../../helpers/sim/device.ts';
import { closedPort } from '../../../helpers/sim/echo-servers.ts';
import { uploadFile } from '../../../helpers/sim/module-steps.ts';
import { runSteps, type WireStep } from '../../../helpers/sim/wire-steps.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let port: number;
let refused: number;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('latin1');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const answer = Buffer.from(req.url === '/echo' ? `got:${body}` : 'nope', 'latin1');
      res.writeHead(req.url === '/echo' ? 200 : 404, { 'Content-Type': 'text/plain', 'Content-Length': answer.length });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  refused = await closedPort();
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let t: TestDevice | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
  seen.length = 0;
});

function setUrl(url: string): WireStep[] {
  return [
    { send: `AT+QHTTPURL=${url.length},80\r`, expect: '\r\nCONNECT\r\n' },
    { send: url, expect: '\r\nOK\r\n' },
  ];
}

const echoUrl = () => `http://127.0.0.1:${port}/echo`;

describe('AT+QHTTPPOST', () => {
  it.each([
    { name: 'form body (contenttype 0)', contenttype: 0, mime: 'application/x-www-form-urlencoded' },
    { name: 'text body (contenttype 1)', contenttype: 1, mime: 'text/plain' },
  ])('CONNECT, body, OK, +QHTTPPOST: 0,200,<len>, body readable with QHTTPREAD: $name', async ({ contenttype, mime }) => {
    t = await startQuietDevice();
    await runSteps(
      t.modem,
      [
        { send: `AT+QHTTPCFG="contenttype",${contenttype}\r`, expect: '\r\nOK\r\n' },
        ...setUrl(echoUrl()),
        { send: 'AT+QHTTPPOST=11,60,60\r', expect: '\r\nCONNECT\r\n' },
        { send: 'hello=world', expect: '\r\nOK\r\n\r\n+QHTTPPOST: 0,200,15\r\n' },
        { send: 'AT+QHTTPREAD=80\r', expect: '\r\nCONNECT\r\ngot:hello=world\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n' },
      ],
      {},
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/echo', body: 'hello=world' });
    expect(seen[0]?.headers['content-type']).toBe(mime);
    expect(seen[0]?.headers['content-length']).toBe('11');
  });

  it.each([
    { name: 'no URL set: 712', steps: [{ send: 'AT+QHTTPPOST=5\r', expect: '\r\n+CME ERROR: 712\r\n' }] },
    { name: 'length 0 is out of range', steps: [{ send: 'AT+QHTTPPOST=0\r', expect: '\r\nERROR\r\n' }] },
  ])('refuses before CONNECT: $name', async ({ steps }) => {
    t = await startQuietDevice();
    await runSteps(t.modem, steps, {});
  });

  it('answers +CME ERROR: 726 when the body does not arrive within <input_time> (docs/uncertain-behaviour.md#qhttppost-input-timeout)', async () => {
    t = await startQuietDevice();
    await runSteps(
      t.modem,
      [...setUrl(echoUrl()), { send: 'AT+QHTTPPOST=10,1,60\r', expect: '\r\nCONNECT\r\n' }, { send: 'abc', expect: '\r\n+CME ERROR: 726\r\n' }],
      {},
    );
    expect(seen).toHaveLength(0);
  });

  it('reports the server status (404) and a refused connection (716)', async () => {
    t = await startQuietDevice();
    await runSteps(
      t.modem,
      [
        ...setUrl(`http://127.0.0.1:${port}/missing`),
        { send: 'AT+QHTTPPOST=2\r', expect: '\r\nCONNECT\r\n' },
        { send: 'hi', expect: '\r\nOK\r\n\r\n+QHTTPPOST: 0,404,4\r\n' },
        ...setUrl(`http://127.0.0.1:${refused}/x`),
        { send: 'AT+QHTTPPOST=2\r', expect: '\r\nCONNECT\r\n' },
        { send: 'hi', expect: '\r\nOK\r\n\r\n+QHTTPPOST: 716\r\n' },
      ],
      {},
    );
  });
});

describe('AT+QHTTPPOSTFILE', () => {
  it('posts the bytes of a UFS file: OK, then +QHTTPPOSTFILE: 0,200,<len>', async () => {
    t = await startQuietDevice();
    const body = '{"imei":"867969066452788","ok":true}';
    await uploadFile(t.modem, 'UFS:report.json', body);
    await runSteps(
      t.modem,
      [
        ...setUrl(echoUrl()),
        { send: 'AT+QHTTPPOSTFILE="UFS:report.json",60\r', expect: `\r\nOK\r\n\r\n+QHTTPPOSTFILE: 0,200,${body.length + 4}\r\n` },
        { send: 'AT+QHTTPREAD=80\r', expect: `\r\nCONNECT\r\ngot:${body}\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n` },
      ],
      {},
    );
    expect(seen[0]).toMatchObject({ method: 'POST', body });
  });

  it('refuses a missing file with 405 (docs/uncertain-behaviour.md#qhttppostfile-missing-file)', async () => {
    t = await startQuietDevice();
    await runSteps(t.modem, [...setUrl(echoUrl()), { send: 'AT+QHTTPPOSTFILE="nothere.bin"\r', expect: '\r\n+CME ERROR: 405\r\n' }], {});
    expect(seen).toHaveLength(0);
  });
});
