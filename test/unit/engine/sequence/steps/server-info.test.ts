/** Step 3 (server-info) over the scripted modem: HTTP config, URL upload, GET, READ; K1 and the F2 failures. */
import { afterEach, describe, expect, it } from 'vitest';
import { serverInfoStep } from '../../../../../electron/engine/sequence/steps/server-info.ts';
import { createFakeStepEnv, disposeFakeStepEnvs } from '../../../../helpers/fake-step-env.ts';
import type { ScriptStep } from '../../../../helpers/scripted-modem.ts';
import { framed } from '../../../../helpers/at-rig.ts';
import { DEVICE_ID, IDENTITY, PASSWORD, SERVER_INFO_DOC, stepFailure } from './shared.ts';
import { english } from '../../../../helpers/step-result.ts';

const URL = `https://127.0.0.1:8443/server-info/${DEVICE_ID}`;

afterEach(disposeFakeStepEnvs);

const env = (timeoutMs?: number) => createFakeStepEnv('server-info', { ctx: { identity: IDENTITY }, ...(timeoutMs ? { timeoutMs } : {}) });

function exchange(status: number, body: string, waitS = 80): ScriptStep[] {
  return [
    { expect: 'AT+QHTTPCFG="contextid",1', reply: framed('OK') },
    { expect: 'AT+QHTTPCFG="contenttype",1', reply: framed('OK') },
    { expect: 'AT+QHTTPCFG="sslctxid",1', reply: framed('OK') },
    { expect: `AT+QHTTPURL=${URL.length},60`, reply: framed('CONNECT') },
    { expectBytes: URL.length, reply: framed('OK') },
    { expect: `AT+QHTTPGET=${waitS}`, reply: [framed('OK'), framed(`+QHTTPGET: 0,${status},${Buffer.byteLength(body)}`)] },
    { expect: `AT+QHTTPREAD=${waitS}`, reply: [framed('CONNECT'), body, framed('OK'), framed('+QHTTPREAD: 0')] },
  ];
}

describe('server-info step (fake StepEnv)', () => {
  it('GETs the expanded https URL (SSL context bound) and leaves the parsed document in the context; the password is a secret (K1)', async () => {
    const e = await env();
    e.modem.script(...exchange(200, JSON.stringify(SERVER_INFO_DOC)));
    const result = await serverInfoStep.run(e);
    expect(e.modem.lines).toEqual(['AT+QHTTPCFG="contextid",1', 'AT+QHTTPCFG="contenttype",1', 'AT+QHTTPCFG="sslctxid",1', `AT+QHTTPURL=${URL.length},60`, 'AT+QHTTPGET=80', 'AT+QHTTPREAD=80']);
    expect(e.modem.rawBlocks.map((b) => b.toString())).toEqual([URL]);
    expect(e.ctx.serverInfo?.serverInfo.mqtt).toMatchObject({ host: '127.0.0.1', port: 8883, password: PASSWORD });
    expect(english(result)).toEqual({ status: 'passed', summary: 'broker 127.0.0.1:8883 (TLS), firmware main 1.4.0, sub 1.1.1' });
    expect(JSON.stringify(e.traffic)).not.toContain(PASSWORD);
    expect(e.progressed).toEqual([`GET ${URL}`]);
  });

  it('sizes the module waits to the step time limit (2 × wait fits)', async () => {
    const e = await env(20_000);
    e.modem.script(...exchange(200, JSON.stringify(SERVER_INFO_DOC), 8));
    await serverInfoStep.run(e);
    expect(e.modem.lines.slice(-2)).toEqual(['AT+QHTTPGET=8', 'AT+QHTTPREAD=8']);
  });

  it('HTTP 404 → HTTP_NOT_FOUND quoting +QHTTPGET; no serverInfo in the context', async () => {
    const e = await env();
    e.modem.script(...exchange(404, 'not found'));
    const error = await stepFailure(serverInfoStep.run(e));
    expect(error.code).toBe('HTTP_NOT_FOUND');
    expect(error.details).toEqual({ command: 'AT+QHTTPGET', moduleSaid: '+QHTTPGET: 0,404,9' });
    expect(e.ctx.serverInfo).toBeUndefined();
  });

  it('F2: an HTML page is SERVER_INFO_NOT_JSON quoting its start; a JSON body missing a field is SERVER_INFO_INVALID without quoting it', async () => {
    const html = await env();
    html.modem.script(...exchange(200, '<html><body>Gateway</body></html>'));
    const notJson = await stepFailure(serverInfoStep.run(html));
    expect(notJson.code).toBe('SERVER_INFO_NOT_JSON');
    expect(notJson.details).toEqual({ command: 'AT+QHTTPREAD=80', moduleSaid: '+QHTTPGET: 0,200,33 | +QHTTPREAD: 0 (33 bytes, starting "<html><body>Gateway</body></html…")' });

    const invalid = await env();
    const doc = structuredClone(SERVER_INFO_DOC) as { serverInfo: { mqtt: Partial<typeof SERVER_INFO_DOC.serverInfo.mqtt> } };
    delete doc.serverInfo.mqtt.host;
    invalid.modem.script(...exchange(200, JSON.stringify(doc)));
    const error = await stepFailure(serverInfoStep.run(invalid));
    expect(error.code).toBe('SERVER_INFO_INVALID');
    expect(String(error.vars.detail)).toContain('serverInfo.mqtt.host');
    expect(error.details.moduleSaid).not.toContain(PASSWORD);
  });
});
