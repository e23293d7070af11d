/** Step 6 (mqtt-connect) over the scripted modem: PDP and MQTT config with the exact will, open/conn/sub/INIT publish, M1 and M7. */
import { afterEach, describe, expect, it } from 'vitest';
import { mqttConnectStep } from '../../../../../electron/engine/sequence/steps/mqtt-connect.ts';
import { QuectelError } from '../../../../../electron/engine/quectel/errors.ts';
import { createFakeStepEnv, disposeFakeStepEnvs } from '../../../../helpers/fake-step-env.ts';
import { framed } from '../../../../helpers/at-rig.ts';
import { CONFIG, CONN, DEVICE_ID, IDENTITY, OPEN, PASSWORD, PUB, SERVER_INFO, SESSION, SUB, WILL } from './shared.ts';
import { english } from '../../../../helpers/step-result.ts';

afterEach(disposeFakeStepEnvs);

const env = () => createFakeStepEnv('mqtt-connect', { ctx: { identity: IDENTITY, serverInfo: SERVER_INFO } });
describe('mqtt-connect step (fake StepEnv)', () => {
  it('configures PDP and MQTT (exact LWT will), opens, connects, subscribes and publishes INIT; context gets the topics', async () => {
    const e = await env();
    e.modem.script(...CONFIG, { expect: OPEN, reply: [framed('OK'), framed('+QMTOPEN: 0,0')] }, ...SESSION);
    const result = await mqttConnectStep.run(e);
    expect(e.modem.lines).toEqual(['AT+QICSGP=1', 'AT+QICSGP=1,3,"","","",0', 'AT+QMTCFG="pdpcid",0,1', 'AT+QMTCFG="ssl",0,1,1', 'AT+QMTCFG="version",0,4', 'AT+QMTCFG="keepalive",0,60', WILL, OPEN, CONN, SUB, PUB]);
    expect(e.modem.unexpected).toEqual([]);
    const init = JSON.parse(e.modem.rawBlocks[0]!.subarray(0, -1).toString()) as { pt: string; body: Record<string, unknown> };
    expect(init).toMatchObject({ v: '1.1', pt: 'INIT', body: { mf_v: '1.3.0', sf_v: '1.1.1' } });
    expect(e.ctx.topics).toEqual({ up: `DDTM/UP/${DEVICE_ID}`, rpc: `DDTM/RPC/${DEVICE_ID}`, lwt: `DDTM/LWT/${DEVICE_ID}` });
    expect(e.mqtt.state).toBe('published');
    expect(english(result)).toEqual({ status: 'passed', summary: `connected as ${DEVICE_ID}, subscribed DDTM/RPC/${DEVICE_ID}, INIT published on DDTM/UP/${DEVICE_ID}` });
    expect(JSON.stringify(e.traffic)).not.toContain(PASSWORD);
  });

  it('M1: QMTOPEN result 2 (identifier busy) → QMTDISC + QMTCLOSE, then one more QMTOPEN', async () => {
    const e = await env();
    e.modem.script(
      ...CONFIG,
      { expect: OPEN, reply: [framed('OK'), framed('+QMTOPEN: 0,2')] },
      { expect: 'AT+QMTDISC=0', reply: [framed('OK'), framed('+QMTDISC: 0,0')] },
      { expect: 'AT+QMTCLOSE=0', reply: [framed('OK'), framed('+QMTCLOSE: 0,0')] },
      { expect: OPEN, reply: [framed('OK'), framed('+QMTOPEN: 0,0')] },
      ...SESSION,
    );
    await mqttConnectStep.run(e);
    expect(e.modem.lines.slice(7, 11)).toEqual([OPEN, 'AT+QMTDISC=0', 'AT+QMTCLOSE=0', OPEN]);
    expect(e.progressed).toContain('MQTT client index busy: AT+QMTDISC + AT+QMTCLOSE, then open again (M1)');
    expect(e.mqtt.state).toBe('published');
  });

  it('M7: a refused CONNACK fails the step, resets the client and leaves the session closed', async () => {
    const e = await env();
    e.modem.script(
      ...CONFIG,
      { expect: OPEN, reply: [framed('OK'), framed('+QMTOPEN: 0,0')] },
      { expect: CONN, reply: [framed('OK'), framed('+QMTCONN: 0,0,5')] },
      { expect: 'AT+QMTDISC=0', reply: [framed('OK'), framed('+QMTDISC: 0,0')] },
      { expect: 'AT+QMTCLOSE=0', reply: [framed('OK'), framed('+QMTCLOSE: 0,0')] },
    );
    const error = await mqttConnectStep.run(e).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(QuectelError);
    expect(e.modem.lines.slice(-3)).toEqual([CONN, 'AT+QMTDISC=0', 'AT+QMTCLOSE=0']);
    expect(e.modem.lines).not.toContain(SUB);
    expect(e.mqtt.state).toBe('closed');
  });
});
