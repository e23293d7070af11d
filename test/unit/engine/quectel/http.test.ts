import { afterEach, describe, expect, it } from 'vitest';
import { CME_CODES } from '../../../../electron/engine/at/cme-codes.ts';
import {
  HTTP_CONTENT_TYPES,
  buildHttpConfigCommands,
  configureHttp,
  httpDownloadToFile,
  httpGet,
  parseHttpReadResult,
  parseQhttpget,
  validateUrl,
  type HttpGetResult,
} from '../../../../electron/engine/quectel/http.ts';
import { createRig, disposeRigs, framed, sent, type Rig } from '../../../helpers/at-rig.ts';

afterEach(disposeRigs);

const URL = 'https://127.0.0.1:8443/tms2/devices/TMS2_867969066452788/info';
const BODY = '{"serverInfo":{"mqtt":{"host":"127.0.0.1","port":8883}},\r\n"note":"OK"}\r\nOK\r\n';

function urlSteps(url: string, inputS = 60) {
  return [
    { expect: `AT+QHTTPURL=${Buffer.byteLength(url)},${inputS}`, reply: framed('CONNECT') },
    { expectBytes: Buffer.byteLength(url), reply: framed('OK') },
  ];
}

describe('URL rules (spec: http:// or https://, 1–700 bytes)', () => {
  it.each([
    { url: 'http://a', ok: true },
    { url: URL, ok: true },
    { url: `http://h/${'x'.repeat(700 - 9)}`, ok: true },
    { url: `http://h/${'x'.repeat(701 - 9)}`, ok: false },
    { url: '', ok: false },
    { url: 'ftp://host/file', ok: false },
    { url: 'HTTPS://host/', ok: false },
    { url: 'https://host/a b', ok: false },
    { url: 'https://host/\r\n', ok: false },
  ] satisfies Array<{ url: string; ok: boolean }>)('$url.length bytes: $ok', ({ url, ok }) => {
    if (ok) expect(validateUrl(url).length).toBe(Buffer.byteLength(url));
    else expect(() => validateUrl(url)).toThrow(expect.objectContaining({ kind: 'invalid-parameter', param: 'url' }));
  });
});

describe('HTTP parsers (lines quoted in docs/at-behaviour.md#http, #tolerated-behaviour)', () => {
  it.each([
    { line: '+QHTTPGET: 0,200', result: { err: 0, status: 200, contentLength: undefined } },
    { line: '+QHTTPGET: 0,200,1450', result: { err: 0, status: 200, contentLength: 1450 } },
    { line: '+QHTTPGET: 702', result: { err: 702, status: undefined, contentLength: undefined } },
    { line: '+QHTTPGET: 0,404,0', result: { err: 0, status: 404, contentLength: 0 } },
  ] satisfies Array<{ line: string; result: HttpGetResult }>)('$line', ({ line, result }) => {
    expect(parseQhttpget(line)).toEqual(result);
  });

  it('+QHTTPREAD / +QHTTPREADFILE results, including the non-numeric text seen on one firmware', () => {
    expect(parseHttpReadResult('+QHTTPREAD: 0', '+QHTTPREAD')).toEqual({ err: 0, text: '0' });
    expect(parseHttpReadResult('+QHTTPREADFILE: 717', '+QHTTPREADFILE')).toEqual({ err: 717, text: '717' });
    expect(parseHttpReadResult('+QHTTPREADFILE: Http socket close', '+QHTTPREADFILE')).toEqual({ err: 701, text: 'Http socket close' });
  });

  it('7xx meanings come from the AT engine table, complete 701–730', () => {
    for (let code = 701; code <= 730; code += 1) expect(CME_CODES[code]).toBeTruthy();
  });

  it('AT+QHTTPCFG lines; content types numbered as in the manual', () => {
    expect(buildHttpConfigCommands({ contextId: 1, contentType: 1, sslCtx: 1, responseHeader: 0 })).toEqual([
      'AT+QHTTPCFG="contextid",1',
      'AT+QHTTPCFG="contenttype",1',
      'AT+QHTTPCFG="sslctxid",1',
      'AT+QHTTPCFG="responseheader",0',
    ]);
    expect(HTTP_CONTENT_TYPES).toEqual({ 0: 'application/x-www-form-urlencoded', 1: 'text/plain', 2: 'application/octet-stream', 3: 'multipart/form-data' });
    expect(() => buildHttpConfigCommands({ contextId: 17 })).toThrow(expect.objectContaining({ param: 'contextid' }));
  });
});

describe('httpGet over the real AtClient (connect-sequence step 3)', () => {
  it('sslctxid, URL upload of exactly the URL bytes, GET, READ of exactly Content-Length bytes', async () => {
    const rig = await createRig({ echo: true, chunkSize: 9 });
    const body = Buffer.from(BODY, 'latin1');
    rig.modem.script(
      { expect: 'AT+QHTTPCFG="sslctxid",1', reply: framed('OK') },
      ...urlSteps(URL),
      { expect: 'AT+QHTTPGET=80', reply: [framed('OK'), framed(`+QHTTPGET: 0,200,${body.length}`)] },
      { expect: 'AT+QHTTPREAD=80', reply: [framed('CONNECT'), body, framed('OK'), framed('+QHTTPREAD: 0')] },
    );
    const response = await httpGet(rig.at, URL, { sslCtx: 1 });
    expect(response.status).toBe(200);
    expect(response.body.equals(body)).toBe(true);
    expect(sent(rig)).toBe(`AT+QHTTPCFG="sslctxid",1\rAT+QHTTPURL=${URL.length},60\r${URL}AT+QHTTPGET=80\rAT+QHTTPREAD=80\r`);
  });

  it('no Content-Length (+QHTTPGET: 0,200): the body ends at the OK that closes data mode', async () => {
    const rig = await createRig();
    rig.modem.script(
      ...urlSteps('http://127.0.0.1/info'),
      { expect: 'AT+QHTTPGET=80', reply: [framed('OK'), framed('+QHTTPGET: 0,200')] },
      { expect: 'AT+QHTTPREAD=80', reply: [framed('CONNECT'), '{"a":1}', framed('OK'), framed('+QHTTPREAD: 0')] },
    );
    const response = await httpGet(rig.at, 'http://127.0.0.1/info', { sslCtx: 1 });
    expect(response).toMatchObject({ status: 200, contentLength: undefined });
    expect(response.body.toString()).toBe('{"a":1}');
    expect(rig.modem.lines.some((line) => line.includes('sslctxid'))).toBe(false);
  });

  it('an HTTP error status is returned, not thrown', async () => {
    const rig = await createRig();
    rig.modem.script(
      ...urlSteps('http://127.0.0.1/x'),
      { expect: 'AT+QHTTPGET=80', reply: [framed('OK'), framed('+QHTTPGET: 0,404,9')] },
      { expect: 'AT+QHTTPREAD=80', reply: [framed('CONNECT'), 'not found', framed('OK'), framed('+QHTTPREAD: 0')] },
    );
    await expect(httpGet(rig.at, 'http://127.0.0.1/x')).resolves.toMatchObject({ status: 404, contentLength: 9 });
  });

  it('F6 +QHTTPGET: 702 (one field) → http-failed with the meaning from the CME table', async () => {
    const rig = await createRig();
    rig.modem.script(...urlSteps('http://127.0.0.1/x'), { expect: 'AT+QHTTPGET=80', reply: [framed('OK'), framed('+QHTTPGET: 702')] });
    const error = await httpGet(rig.at, 'http://127.0.0.1/x').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http-failed', code: 702, command: 'AT+QHTTPGET' });
    expect(String(error)).toContain('HTTP timeout');
  });

  it('+QHTTPREAD: 717 after the body → http-failed', async () => {
    const rig = await createRig();
    rig.modem.script(
      ...urlSteps('http://127.0.0.1/x'),
      { expect: 'AT+QHTTPGET=80', reply: [framed('OK'), framed('+QHTTPGET: 0,200')] },
      { expect: 'AT+QHTTPREAD=80', reply: [framed('CONNECT'), 'part', framed('OK'), framed('+QHTTPREAD: 717')] },
    );
    await expect(httpGet(rig.at, 'http://127.0.0.1/x')).rejects.toMatchObject({ kind: 'http-failed', code: 717 });
  });

  it('an invalid URL is refused before anything is sent', async () => {
    const rig = await createRig();
    await expect(httpGet(rig.at, 'ftp://x/')).rejects.toMatchObject({ param: 'url' });
    expect(sent(rig)).toBe('');
  });

  it('configureHttp sends the spec lines', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QHTTPCFG="contextid",1', reply: framed('OK') }, { expect: 'AT+QHTTPCFG="contenttype",1', reply: framed('OK') });
    await configureHttp(rig.at, { contextId: 1, contentType: 1 });
    expect(sent(rig)).toBe('AT+QHTTPCFG="contextid",1\rAT+QHTTPCFG="contenttype",1\r');
  });
});

describe('httpDownloadToFile (FOTA download)', () => {
  const FW = 'http://127.0.0.1/fw/main-1.4.0.bin';
  const getSteps = (line: string) => [...urlSteps(FW), { expect: 'AT+QHTTPGET=80', reply: [framed('OK'), framed(line)] }];
  const storeSteps = (size: number) => [
    { expect: 'AT+QFDEL="UFS:main.bin"', reply: framed('+CME ERROR: 405') },
    { expect: 'AT+QHTTPREADFILE="UFS:main.bin",80', reply: [framed('OK'), framed('+QHTTPREADFILE: 0')] },
    { expect: 'AT+QFLST="UFS:main.bin"', reply: framed(`+QFLST: "main.bin",${size}`, 'OK') },
  ];
  const space = (free: number) => ({ expect: 'AT+QFLDS="UFS"', reply: framed(`+QFLDS: ${free},2097152`, 'OK') });
  const run = (rig: Rig, maxBytes?: number) => httpDownloadToFile(rig.at, FW, 'UFS:main.bin', maxBytes === undefined ? {} : { maxBytes });

  it('GET, free space check, delete old, READFILE, stored size = Content-Length', async () => {
    const rig = await createRig();
    rig.modem.script(...getSteps('+QHTTPGET: 0,200,262144'), space(1_000_000), ...storeSteps(262144));
    await expect(run(rig, 262144)).resolves.toEqual({ status: 200, contentLength: 262144, storedSize: 262144 });
    expect(rig.modem.lines.slice(2)).toEqual(['AT+QFLDS="UFS"', 'AT+QFDEL="UFS:main.bin"', 'AT+QHTTPREADFILE="UFS:main.bin",80', 'AT+QFLST="UFS:main.bin"']);
  });

  it('F7 not enough free space → file-rejected (420) before READFILE', async () => {
    const rig = await createRig();
    rig.modem.script(...getSteps('+QHTTPGET: 0,200,262144'), space(1000));
    await expect(run(rig)).rejects.toMatchObject({ kind: 'file-rejected', code: 420 });
    expect(rig.modem.lines.some((line) => line.startsWith('AT+QHTTPREADFILE'))).toBe(false);
  });

  it('F2 larger than the server-info size → file-rejected before READFILE', async () => {
    const rig = await createRig();
    rig.modem.script(...getSteps('+QHTTPGET: 0,200,999999'));
    await expect(run(rig, 262144)).rejects.toMatchObject({ kind: 'file-rejected', hint: expect.stringContaining('F2') });
  });

  it('HTTP 404 → http-status, nothing stored', async () => {
    const rig = await createRig();
    rig.modem.script(...getSteps('+QHTTPGET: 0,404,9'));
    await expect(run(rig)).rejects.toMatchObject({ kind: 'http-status', code: 404 });
  });

  it('F4 cut download (stored size ≠ Content-Length) → file-integrity and the partial file is deleted', async () => {
    const rig = await createRig();
    rig.modem.script(...getSteps('+QHTTPGET: 0,200,262144'), space(1_000_000), ...storeSteps(100000), { expect: 'AT+QFDEL="UFS:main.bin"', reply: framed('OK') });
    await expect(run(rig)).rejects.toMatchObject({ kind: 'file-integrity' });
    await rig.modem.whenScriptDone();
  });

  it('F6 +QHTTPREADFILE: 717 → http-failed', async () => {
    const rig = await createRig();
    rig.modem.script(
      ...getSteps('+QHTTPGET: 0,200,10'),
      space(1_000_000),
      { expect: 'AT+QFDEL="UFS:main.bin"', reply: framed('OK') },
      { expect: 'AT+QHTTPREADFILE="UFS:main.bin",80', reply: [framed('OK'), framed('+QHTTPREADFILE: 717')] },
    );
    await expect(run(rig)).rejects.toMatchObject({ kind: 'http-failed', code: 717, message: expect.stringContaining('socket read error') });
  });
});
