import { afterEach, describe, expect, it } from 'vitest';
import {
  buildMqttConfigCommands,
  configureMqtt,
  mqttClose,
  mqttConnect,
  mqttDisconnect,
  mqttOpen,
  mqttPublish,
  mqttSubscribe,
  packetWaitMs,
  readMqttStates,
  resetMqttClient,
} from '../../../../electron/engine/quectel/mqtt.ts';
import { createRig, disposeRigs, framed, sent } from '../../../helpers/at-rig.ts';

afterEach(disposeRigs);

const DEVICE = 'TMS2_867969066452788';
const PASSWORD = '8824qi6rq8bgpi4z5jqomu8wnhnwipdk';
const LWT = '{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}';
const INIT = '{"v":"1.1","pt":"INIT","body":{"ts":1732540000000,"mf_v":"1.3.0","sf_v":"1.1.0"}}';

describe('AT+QMTCFG (connect-sequence step 6)', () => {
  it('the spec lines, in order; the will message JSON is the last parameter, quotes unescaped', () => {
    expect(
      buildMqttConfigCommands(0, {
        pdpcid: 1,
        ssl: { ctx: 1 },
        version: 4,
        keepaliveS: 90,
        will: { qos: 1, retain: false, topic: `DDTM/LWT/${DEVICE}`, message: LWT },
      }),
    ).toEqual([
      'AT+QMTCFG="pdpcid",0,1',
      'AT+QMTCFG="ssl",0,1,1',
      'AT+QMTCFG="version",0,4',
      'AT+QMTCFG="keepalive",0,90',
      `AT+QMTCFG="will",0,1,1,0,"DDTM/LWT/${DEVICE}","${LWT}"`,
    ]);
  });

  it('other items: plain TCP, session, timeout, will off, recv/mode', () => {
    expect(
      buildMqttConfigCommands(2, {
        ssl: false,
        cleanSession: true,
        timeout: { packetTimeoutS: 5, retries: 3, notice: false },
        will: false,
        recvMode: { buffered: false, lengthEnabled: true },
      }),
    ).toEqual([
      'AT+QMTCFG="ssl",2,0',
      'AT+QMTCFG="session",2,1',
      'AT+QMTCFG="timeout",2,5,3,0',
      'AT+QMTCFG="will",2,0',
      'AT+QMTCFG="recv/mode",2,0,1',
    ]);
  });

  it.each([
    { config: { will: { qos: 1, retain: false, topic: 'DDTM/"LWT"', message: 'x' } }, param: 'will.topic' },
    { config: { will: { qos: 1, retain: false, topic: 'DDTM/LWT', message: 'a\r\nb' } }, param: 'will.message' },
    { config: { keepaliveS: 3601 }, param: 'keepaliveS' },
    { config: { pdpcid: 0 }, param: 'pdpcid' },
    { config: { ssl: { ctx: 6 } }, param: 'ssl.ctx' },
    { config: { timeout: { packetTimeoutS: 61, retries: 3, notice: false } }, param: 'timeout.packetTimeoutS' },
  ] as const)('rejects $param', ({ config, param }) => {
    expect(() => buildMqttConfigCommands(0, config)).toThrow(expect.objectContaining({ kind: 'invalid-parameter', param }));
  });

  it('sends exactly those bytes over the AtClient', async () => {
    const rig = await createRig({ echo: true });
    const config = { pdpcid: 1, version: 4 as const, will: { qos: 1 as const, retain: false, topic: `DDTM/LWT/${DEVICE}`, message: LWT } };
    const lines = buildMqttConfigCommands(0, config);
    rig.modem.script(...lines.map((line) => ({ expect: line, reply: framed('OK') })));
    await configureMqtt(rig.at, 0, config);
    expect(sent(rig)).toBe(`${lines.join('\r')}\r`);
  });
});

describe('QMTOPEN (M1)', () => {
  it('waits for its own client index (another client’s URC first) and accepts result 0', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QMTOPEN=0,"127.0.0.1",8883', reply: [framed('OK'), framed('+QMTOPEN: 1,0'), framed('+QMTOPEN: 0,0')] });
    await mqttOpen(rig.at, 0, '127.0.0.1', 8883);
    expect(sent(rig)).toBe('AT+QMTOPEN=0,"127.0.0.1",8883\r');
  });

  it.each([
    { result: -1, words: 'failed to open network' },
    { result: 1, words: 'wrong parameter' },
    { result: 2, words: 'identifier busy → QMTDISC+QMTCLOSE then retry' },
    { result: 3, words: 'failed to activate PDP' },
    { result: 4, words: 'failed to parse domain name' },
    { result: 5, words: 'network disconnection error' },
  ])('+QMTOPEN: 0,$result → mqtt-open-failed "$words"', async ({ result, words }) => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QMTOPEN=0,"broker",4001', reply: [framed('OK'), framed(`+QMTOPEN: 0,${result}`)] });
    const error = await mqttOpen(rig.at, 0, 'broker', 4001).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'mqtt-open-failed', code: result });
    expect(String(error)).toContain(words);
  });

  it('host over 100 bytes and port 0 are refused before sending', async () => {
    const rig = await createRig();
    await expect(mqttOpen(rig.at, 0, 'h'.repeat(101), 1)).rejects.toMatchObject({ param: 'host' });
    await expect(mqttOpen(rig.at, 0, 'h', 0)).rejects.toMatchObject({ param: 'port' });
    expect(sent(rig)).toBe('');
  });
});

describe('QMTCONN (M7: success only on 0,0,0)', () => {
  const command = `AT+QMTCONN=0,"${DEVICE}","${DEVICE}","${PASSWORD}"`;
  const credentials = { clientId: DEVICE, username: DEVICE, password: PASSWORD };

  it('+QMTCONN: 0,0,0 → connected; the password goes to the module exactly once', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: command, reply: [framed('OK'), framed('+QMTCONN: 0,0,0')] });
    await mqttConnect(rig.at, 0, credentials);
    expect(sent(rig)).toBe(`${command}\r`);
  });

  it('K1 +QMTCONN: 0,0,5 → "broker refused: not authorised — check the device password", password nowhere in the error or log', async () => {
    const rig = await createRig({ echo: true });
    rig.at.redactor.add(PASSWORD);
    rig.modem.script({ expect: command, reply: [framed('OK'), framed('+QMTCONN: 0,0,5')] });
    const error = await mqttConnect(rig.at, 0, credentials).then(
      () => new Error('expected a rejection'),
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ kind: 'mqtt-connect-failed', code: 5 });
    expect(error.message).toBe('AT+QMTCONN: broker refused: not authorised (5) — check the device password');
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
    expect(JSON.stringify(rig.traffic)).not.toContain(PASSWORD);
  });

  it('+QMTCONN: 0,2 (no ret_code) → failed to send', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: command, reply: [framed('OK'), framed('+QMTCONN: 0,2')] });
    await expect(mqttConnect(rig.at, 0, credentials)).rejects.toMatchObject({ kind: 'mqtt-connect-failed', code: 2, message: expect.stringContaining('failed to send packet') });
  });

  it('result 1 (retransmission) then 0,0,0 → connected', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: command, reply: [framed('OK'), framed('+QMTCONN: 0,1'), framed('+QMTCONN: 0,0,0')] });
    await mqttConnect(rig.at, 0, credentials);
  });

  it('only result 1 until the wait ends → mqtt-connect-failed "retransmission", never success', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: command, reply: [framed('OK'), framed('+QMTCONN: 0,1')] });
    await expect(mqttConnect(rig.at, 0, credentials, { timeoutMs: 300 })).rejects.toMatchObject({ kind: 'mqtt-connect-failed', code: 1, message: expect.stringContaining('retransmission') });
  });

  it('OK alone is not success: no URC → the engine’s deferred timeout', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: command, reply: framed('OK') });
    await expect(mqttConnect(rig.at, 0, credentials, { timeoutMs: 300 })).rejects.toMatchObject({ name: 'AtTimeoutError', phase: 'deferred' });
  });

  it('a password with a double quote is refused naming the parameter, not the value', async () => {
    const rig = await createRig();
    const error = await mqttConnect(rig.at, 0, { clientId: DEVICE, username: DEVICE, password: 'ab"cd' }).then(
      () => new Error('expected a rejection'),
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ kind: 'invalid-parameter', param: 'password' });
    expect(error.message).not.toContain('ab"cd');
    expect(sent(rig)).toBe('');
  });

  it('default wait = pkt_timeout × (retries + 1) + 1 s', () => {
    expect(packetWaitMs()).toBe(21_000);
    expect(packetWaitMs(10, 0)).toBe(11_000);
  });
});

describe('QMTSUB', () => {
  const command = `AT+QMTSUB=0,1,"DDTM/RPC/${DEVICE}",1`;

  it('granted QoS list from +QMTSUB: 0,1,0,1', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: command, reply: [framed('OK'), framed('+QMTSUB: 0,1,0,1')] });
    await expect(mqttSubscribe(rig.at, 0, 1, [{ topic: `DDTM/RPC/${DEVICE}`, qos: 1 }])).resolves.toEqual([1]);
  });

  it('two topics in one command', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QMTSUB=0,9,"a",0,"b,c",2', reply: [framed('OK'), framed('+QMTSUB: 0,9,0,0,2')] });
    await expect(mqttSubscribe(rig.at, 0, 9, [{ topic: 'a', qos: 0 }, { topic: 'b,c', qos: 2 }])).resolves.toEqual([0, 2]);
  });

  it('granted 128 → refused', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: command, reply: [framed('OK'), framed('+QMTSUB: 0,1,0,128')] });
    await expect(mqttSubscribe(rig.at, 0, 1, [{ topic: `DDTM/RPC/${DEVICE}`, qos: 1 }])).rejects.toMatchObject({
      kind: 'mqtt-subscribe-failed',
      code: 128,
      message: expect.stringContaining(`refused the subscription to DDTM/RPC/${DEVICE}`),
    });
  });

  it('result 2 → failed; msgId 0 is refused', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: command, reply: [framed('OK'), framed('+QMTSUB: 0,1,2')] });
    await expect(mqttSubscribe(rig.at, 0, 1, [{ topic: `DDTM/RPC/${DEVICE}`, qos: 1 }])).rejects.toMatchObject({ kind: 'mqtt-subscribe-failed', code: 2 });
    await expect(mqttSubscribe(rig.at, 0, 0, [{ topic: 'x', qos: 1 }])).rejects.toMatchObject({ param: 'msgId' });
  });
});

describe('QMTPUB (S14)', () => {
  const command = `AT+QMTPUB=0,2,1,0,"DDTM/UP/${DEVICE}"`;
  const publication = { msgId: 2, qos: 1 as const, retain: false, topic: `DDTM/UP/${DEVICE}`, payload: INIT };

  it('prompt, exactly the payload then 0x1A; OK and +QMTPUB in the same read', async () => {
    const rig = await createRig({ echo: true });
    rig.modem.script({ expect: command, reply: '\r\n> ' }, { expectUntilByte: 0x1a, reply: `${framed('OK')}${framed('+QMTPUB: 0,2,0')}` });
    await mqttPublish(rig.at, 0, publication);
    expect(rig.modem.received.equals(Buffer.concat([Buffer.from(`${command}\r`), Buffer.from(INIT), Buffer.of(0x1a)]))).toBe(true);
    expect(rig.modem.received.at(-1)).toBe(0x1a);
  });

  it('+QMTPUB: 0,2,2 → mqtt-publish-failed', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: command, reply: '\r\n> ' }, { expectUntilByte: 0x1a, reply: `${framed('OK')}${framed('+QMTPUB: 0,2,2')}` });
    await expect(mqttPublish(rig.at, 0, publication)).rejects.toMatchObject({ kind: 'mqtt-publish-failed', code: 2 });
  });

  it('QoS 0 uses msgId 0; URC for another msgId is not taken', async () => {
    const rig = await createRig();
    rig.modem.script(
      { expect: 'AT+QMTPUB=0,0,0,0,"t"', reply: '\r\n>' },
      { expectUntilByte: 0x1a, reply: `${framed('OK')}${framed('+QMTPUB: 0,5,2')}${framed('+QMTPUB: 0,0,0')}` },
    );
    await mqttPublish(rig.at, 0, { msgId: 0, qos: 0, retain: false, topic: 't', payload: Buffer.from('hi') });
    await expect(mqttPublish(rig.at, 0, { msgId: 3, qos: 0, retain: false, topic: 't', payload: 'x' })).rejects.toMatchObject({ param: 'msgId' });
  });

  it.each([
    { payload: 'a\x1ab', why: 'Ctrl-Z' },
    { payload: 'a\x1bb', why: 'ESC' },
    { payload: 'x'.repeat(1549), why: 'over 1548 bytes' },
  ])('payload with $why is refused before sending', async ({ payload }) => {
    const rig = await createRig();
    await expect(mqttPublish(rig.at, 0, { ...publication, payload })).rejects.toMatchObject({ kind: 'invalid-parameter', param: 'payload' });
    expect(sent(rig)).toBe('');
  });
});

describe('QMTDISC / QMTCLOSE / state', () => {
  it('disconnect and close succeed on result 0; -1 fails', async () => {
    const rig = await createRig();
    rig.modem.script(
      { expect: 'AT+QMTDISC=0', reply: [framed('OK'), framed('+QMTDISC: 0,0')] },
      { expect: 'AT+QMTCLOSE=0', reply: [framed('OK'), framed('+QMTCLOSE: 0,-1')] },
    );
    await mqttDisconnect(rig.at, 0);
    await expect(mqttClose(rig.at, 0)).rejects.toMatchObject({ kind: 'mqtt-close-failed', code: -1 });
  });

  it('resetMqttClient sends QMTDISC then QMTCLOSE and ignores ERROR from both', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QMTDISC=1', reply: framed('ERROR') }, { expect: 'AT+QMTCLOSE=1', reply: framed('ERROR') });
    await resetMqttClient(rig.at, 1);
    expect(sent(rig)).toBe('AT+QMTDISC=1\rAT+QMTCLOSE=1\r');
  });

  it('AT+QMTCONN? → states by client', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QMTCONN?', reply: framed('+QMTCONN: 0,3', 'OK') });
    expect(await readMqttStates(rig.at)).toEqual(new Map([[0, 3]]));
  });
});
