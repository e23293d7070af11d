import { afterEach, describe, expect, it } from 'vitest';
import { onMqttMessage, onMqttStatus, parseQmtrecv, parseQmtstat, type MqttMessageEvent, type MqttStatusEvent } from '../../../../electron/engine/quectel/mqtt-urcs.ts';
import { createRig, disposeRigs, framed } from './rig.ts';

afterEach(disposeRigs);

const AWS_JSON = '{"state":{"reported":{"led":"on","list":"a,b"}},"metadata":{"x":1}}';
const RPC = '{"cmd":"reboot","args":["now","\\"q\\""]}';

describe('+QMTRECV (docs/at-behaviour.md#mqtt-urcs)', () => {
  it.each([
    {
      line: '+QMTRECV: 0,0,"topic/example","This is the payload related to topic"',
      event: { kind: 'message', clientIdx: 0, msgId: 0, topic: 'topic/example', payload: 'This is the payload related to topic', length: undefined },
    },
    {
      line: `+QMTRECV: 0,1,"$aws/things/dev/shadow/update/accepted","${AWS_JSON}"`,
      event: { kind: 'message', clientIdx: 0, msgId: 1, topic: '$aws/things/dev/shadow/update/accepted', payload: AWS_JSON, length: undefined },
    },
    {
      line: `+QMTRECV: 0,7,"DDTM/RPC/TMS2_867969066452788",${RPC.length},"${RPC}"`,
      event: { kind: 'message', clientIdx: 0, msgId: 7, topic: 'DDTM/RPC/TMS2_867969066452788', payload: RPC, length: RPC.length },
    },
    {
      line: '+QMTRECV: 1,0,"t",0,""',
      event: { kind: 'message', clientIdx: 1, msgId: 0, topic: 't', payload: '', length: 0 },
    },
    {
      line: '+QMTRECV: 0,0,"t","3,"quoted",end"',
      event: { kind: 'message', clientIdx: 0, msgId: 0, topic: 't', payload: '3,"quoted",end', length: undefined },
    },
    {
      line: '+QMTRECV: 0,0,"topic/example",unquoted payload, as printed by the BG96 manual',
      event: { kind: 'message', clientIdx: 0, msgId: 0, topic: 'topic/example', payload: 'unquoted payload, as printed by the BG96 manual', length: undefined },
    },
    { line: '+QMTRECV: 0,2', event: { kind: 'buffered', clientIdx: 0, recvId: 2 } },
  ] satisfies Array<{ line: string; event: MqttMessageEvent }>)('$line', ({ line, event }) => {
    expect(parseQmtrecv(line)).toEqual(event);
  });

  it('multi-byte payload: the announced length counts bytes', () => {
    expect(parseQmtrecv('+QMTRECV: 0,1,"t",6,"온도"')).toMatchObject({ payload: '온도', length: 6 });
  });

  it('a payload shorter than its announced length (a CR/LF split the line) is reported, not truncated silently', () => {
    expect(() => parseQmtrecv('+QMTRECV: 0,1,"t",20,"{"a":')).toThrow(/no closing quote/);
    expect(() => parseQmtrecv('+QMTRECV: 0,1,"t",20,"{"a":1}"')).toThrow(/announced 20 bytes/);
  });

  it('garbage is an unexpected response', () => {
    expect(() => parseQmtrecv('+QMTRECV: x')).toThrow(/QMTRECV/);
  });
});

describe('+QMTSTAT', () => {
  it.each([
    { line: '+QMTSTAT: 0,1', event: { clientIdx: 0, code: 1, normal: false } },
    { line: '+QMTSTAT: 2,5', event: { clientIdx: 2, code: 5, normal: true } },
  ] satisfies Array<{ line: string; event: Partial<MqttStatusEvent> }>)('$line', ({ line, event }) => {
    expect(parseQmtstat(line)).toMatchObject(event);
  });
});

describe('URC subscriptions over the real AtClient', () => {
  it('+QMTSTAT and +QMTRECV reach their handlers, also in the middle of a command (S5)', async () => {
    const rig = await createRig();
    const statuses: MqttStatusEvent[] = [];
    const messages: MqttMessageEvent[] = [];
    const errors: unknown[] = [];
    onMqttStatus(rig.at, (event) => statuses.push(event));
    onMqttMessage(rig.at, (event) => messages.push(event), (error) => errors.push(error));
    rig.modem.script({ expect: 'AT+CSQ', reply: framed('+QMTRECV: 0,3,"DDTM/RPC/x","{"a":1}"', '+CSQ: 20,99', '+QMTSTAT: 0,1', 'OK') });
    await rig.at.run('AT+CSQ');
    await rig.modem.push(framed('+QMTRECV: bad'));
    await rig.at.waitForUrc('+QMTRECV:', { timeoutMs: 10_000, match: (line) => line.includes('bad') });
    expect(statuses).toMatchObject([{ clientIdx: 0, code: 1 }]);
    expect(messages).toEqual([{ kind: 'message', clientIdx: 0, msgId: 3, topic: 'DDTM/RPC/x', payload: '{"a":1}', length: undefined }]);
    expect(errors).toHaveLength(1);
  });
});
