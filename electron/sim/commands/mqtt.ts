/**
 * MQTT commands (docs/at-behaviour.md#mqtt): AT+QMTOPEN/QMTCLOSE/QMTCONN/QMTDISC/QMTSUB/QMTUNS/QMTPUB/
 * QMTRECV. Each answers OK (or ERROR when the client is in the wrong state) and reports the real
 * outcome later as a URC from the client's MqttSlot. QMTPUB: `> ` prompt, payload, Ctrl-Z sends,
 * ESC cancels; the fixed-length and inline-message forms are accepted too (docs/uncertain-behaviour.md#qmtpub-form).
 */
import { ParamError, type ParamReader } from '../at/args.ts';
import { MAX_PUBLISH_PAYLOAD, MQTT_CLIENT_COUNT } from '../services/mqtt-config.ts';
import { CONN_STATE_CODE, type MqttSlot } from '../services/mqtt-slot.ts';
import { PowerLost } from '../services/power-cycle.ts';
import { qmtcfg, qmtcfgTest } from './mqtt-cfg.ts';
import { ERROR, ok, OK, type CommandEntry, type DeviceContext, type Handler } from './types.ts';

function slotOf(params: ParamReader, ctx: DeviceContext): MqttSlot {
  const slot = ctx.mqtt[params.int(0, { min: 0, max: MQTT_CLIENT_COUNT - 1 })];
  if (!slot) throw new ParamError('no such client');
  return slot;
}

const qmtopen: Handler = (command, ctx) => {
  command.params.expectCount(3, 3);
  const slot = slotOf(command.params, ctx);
  const host = command.params.str(1, 100);
  const port = command.params.int(2, { min: 1, max: 65535 });
  return { after: () => slot.open(host, port) };
};

const qmtopenRead: Handler = (_command, ctx) =>
  ok(...ctx.mqtt.flatMap((slot) => (slot.target && slot.state !== 'opening' ? [`+QMTOPEN: ${slot.index},"${slot.target.host}",${slot.target.port}`] : [])));

const qmtclose: Handler = (command, ctx) => {
  const slot = slotOf(command.params, ctx);
  return slot.state === 'closed' ? ERROR : { after: () => slot.close() };
};

const qmtconn: Handler = (command, ctx) => {
  const p = command.params;
  p.expectCount(2, 4);
  const slot = slotOf(p, ctx);
  const clientId = p.text(1, 256);
  const username = p.count > 2 ? p.text(2, 256) : undefined;
  const password = p.count > 3 ? p.text(3, 256) : undefined;
  if (slot.state !== 'open') return ERROR;
  return { after: () => slot.connect(clientId, username, password) };
};

const qmtconnRead: Handler = (_command, ctx) =>
  ok(...ctx.mqtt.filter((slot) => slot.state !== 'closed').map((slot) => `+QMTCONN: ${slot.index},${CONN_STATE_CODE[slot.state]}`));

const qmtdisc: Handler = (command, ctx) => {
  const slot = slotOf(command.params, ctx);
  return slot.state === 'closed' ? ERROR : { after: () => slot.disconnect() };
};

function topicList(p: ParamReader, withQos: boolean): Array<{ topic: string; qos: 0 | 1 | 2 }> {
  const step = withQos ? 2 : 1;
  if (p.count < 2 + step || (p.count - 2) % step !== 0) throw new ParamError('wrong number of parameters');
  const topics: Array<{ topic: string; qos: 0 | 1 | 2 }> = [];
  for (let i = 2; i < p.count; i += step) topics.push({ topic: p.text(i, 256), qos: withQos ? (p.int(i + 1, { min: 0, max: 2 }) as 0 | 1 | 2) : 0 });
  return topics;
}

const qmtsub: Handler = (command, ctx) => {
  const slot = slotOf(command.params, ctx);
  const msgId = command.params.int(1, { min: 1, max: 65535 });
  const topics = topicList(command.params, true);
  if (slot.state !== 'connected') return ERROR;
  return { after: () => (ctx.cablePull('mqtt') ? undefined : slot.subscribe(msgId, topics)) };
};

const qmtuns: Handler = (command, ctx) => {
  const slot = slotOf(command.params, ctx);
  const msgId = command.params.int(1, { min: 1, max: 65535 });
  const topics = topicList(command.params, false).map((t) => t.topic);
  if (slot.state !== 'connected') return ERROR;
  return { after: () => slot.unsubscribe(msgId, topics) };
};

const qmtpub: Handler = async (command, ctx) => {
  const p = command.params;
  p.expectCount(5, 6);
  const slot = slotOf(p, ctx);
  const qos = p.int(2, { min: 0, max: 2 }) as 0 | 1 | 2;
  const msgId = p.int(1, qos === 0 ? { min: 0, max: 0 } : { min: 1, max: 65535 });
  const retain = p.int(3, { min: 0, max: 1 }) === 1;
  const topic = p.text(4, 256);
  const inline = p.args[5]?.quoted ? p.str(5, MAX_PUBLISH_PAYLOAD) : undefined;
  const length = p.has(5) && inline === undefined ? p.int(5, { min: 1, max: MAX_PUBLISH_PAYLOAD }) : undefined;
  if (slot.state !== 'connected') return ERROR;
  const publish = (payload: Buffer) => ({ after: () => slot.publish(msgId, qos, retain, topic, payload) });
  if (inline !== undefined) return publish(Buffer.from(inline, 'latin1'));
  const entered = await ctx.io.prompt({ ...(length !== undefined ? { length } : {}), maxLength: MAX_PUBLISH_PAYLOAD });
  if (entered.outcome === 'aborted') throw new PowerLost();
  return entered.outcome === 'cancel' ? OK : publish(entered.bytes);
};

const qmtrecvRead: Handler = (_command, ctx) =>
  ok(...ctx.mqtt.filter((slot) => slot.state === 'connected').map((slot) => `+QMTRECV: ${slot.index},${slot.recvBuffer.occupancy().join(',')}`));

const qmtrecvWrite: Handler = (command, ctx) => {
  const slot = slotOf(command.params, ctx);
  const line = slot.readStored(command.params.int(1, { min: 0, max: 4 }));
  return line ? ok(line) : OK;
};

export const MQTT_COMMANDS: readonly CommandEntry[] = [
  { name: '+QMTCFG', write: qmtcfg, test: qmtcfgTest },
  { name: '+QMTOPEN', write: qmtopen, read: qmtopenRead, test: () => ok('+QMTOPEN: (0-5),"<hostname>",(1-65535)') },
  { name: '+QMTCLOSE', write: qmtclose, test: () => ok('+QMTCLOSE: (0-5)') },
  { name: '+QMTCONN', write: qmtconn, read: qmtconnRead, test: () => ok('+QMTCONN: (0-5),"clientid","username","password"') },
  { name: '+QMTDISC', write: qmtdisc, test: () => ok('+QMTDISC: (0-5)') },
  { name: '+QMTSUB', write: qmtsub, test: () => ok('+QMTSUB: (0-5),(1-65535),"topic",(0-2)') },
  { name: '+QMTUNS', write: qmtuns, test: () => ok('+QMTUNS: (0-5),(1-65535),"topic"') },
  { name: '+QMTPUB', write: qmtpub, test: () => ok(`+QMTPUB: (0-5),(0-65535),(0-2),(0,1),"topic",(1-${MAX_PUBLISH_PAYLOAD})`) },
  { name: '+QMTRECV', read: qmtrecvRead, write: qmtrecvWrite, test: () => ok('+QMTRECV: (0-5),(0-4)') },
];
