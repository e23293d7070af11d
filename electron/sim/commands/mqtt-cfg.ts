/**
 * AT+QMTCFG items (docs/at-behaviour.md#qmtcfg) as a table: how each reads its values (from parameter 2 on)
 * and how a query prints them. Omitting the values queries the item. Item names are matched
 * case-insensitively (`"SSL"` works, WZ-AWS).
 */
import { ParamError, type ParamReader } from '../at/args.ts';
import { MQTT_CLIENT_COUNT, type MqttConfig } from '../services/mqtt-config.ts';
import { ok, OK, type Handler } from './types.ts';

interface CfgItem {
  set(params: ParamReader, config: MqttConfig): void;
  show(config: MqttConfig): string;
}

const bit = (params: ParamReader, i: number) => params.int(i, { min: 0, max: 1 }) as 0 | 1;
const qosOf = (params: ParamReader, i: number) => params.int(i, { min: 0, max: 2 }) as 0 | 1 | 2;

const CFG_ITEMS: Readonly<Record<string, CfgItem>> = {
  version: {
    set: (p, c) => {
      const vsn = p.int(2, { min: 3, max: 4 });
      c.version = vsn as 3 | 4;
    },
    show: (c) => `${c.version}`,
  },
  pdpcid: { set: (p, c) => void (c.pdpcid = p.int(2, { min: 1, max: 16 })), show: (c) => `${c.pdpcid}` },
  ssl: {
    set: (p, c) => {
      const enable = bit(p, 2);
      const ctx = enable === 1 ? p.int(3, { min: 0, max: 5 }) : p.int(3, { min: 0, max: 5, default: c.ssl.ctx });
      c.ssl = { enable, ctx };
    },
    show: (c) => `${c.ssl.enable},${c.ssl.ctx}`,
  },
  keepalive: { set: (p, c) => void (c.keepalive = p.int(2, { min: 0, max: 3600 })), show: (c) => `${c.keepalive}` },
  session: { set: (p, c) => void (c.session = bit(p, 2)), show: (c) => `${c.session}` },
  timeout: {
    set: (p, c) => {
      const pktSeconds = p.int(2, { min: 1, max: 60 });
      const retries = p.int(3, { min: 0, max: 10, default: c.timeout.retries });
      const notice = p.has(4) ? bit(p, 4) : c.timeout.notice;
      c.timeout = { pktSeconds, retries, notice };
    },
    show: (c) => `${c.timeout.pktSeconds},${c.timeout.retries},${c.timeout.notice}`,
  },
  will: {
    set: (p, c) => {
      const flag = bit(p, 2);
      if (flag === 0 && p.count === 3) return void (c.will = { ...c.will, flag });
      p.expectCount(7, 7);
      c.will = { flag, qos: qosOf(p, 3), retain: bit(p, 4), topic: p.text(5, 256), message: p.str(6, 256) };
    },
    show: (c) => (c.will.flag === 0 ? '0' : `1,${c.will.qos},${c.will.retain},"${Buffer.from(c.will.topic, 'utf8').toString('latin1')}","${c.will.message}"`),
  },
  // Alibaba Cloud credentials: stored; the secret is never printed back (a query shows the key and name only).
  aliauth: {
    set: (p, c) => {
      p.expectCount(5, 5);
      c.aliauth = { productKey: p.str(2, 64), deviceName: p.str(3, 64), deviceSecret: p.str(4, 128) };
    },
    show: (c) => (c.aliauth ? `"${c.aliauth.productKey}","${c.aliauth.deviceName}"` : '""'),
  },
  'recv/mode': {
    set: (p, c) => {
      const mode = bit(p, 2);
      c.recv = { mode, lengthEnabled: p.has(3) ? bit(p, 3) : c.recv.lengthEnabled };
    },
    show: (c) => `${c.recv.mode},${c.recv.lengthEnabled}`,
  },
};

export const qmtcfg: Handler = (command, ctx) => {
  const params = command.params;
  const name = params.str(0).toLowerCase();
  const item = CFG_ITEMS[name];
  if (!item) throw new ParamError(`unknown QMTCFG item ${name}`);
  const slot = ctx.mqtt[params.int(1, { min: 0, max: MQTT_CLIENT_COUNT - 1 })];
  if (!slot) throw new ParamError('no such client');
  if (params.count === 2) return ok(`+QMTCFG: "${name}",${item.show(slot.config)}`);
  item.set(params, slot.config);
  return OK;
};

export const qmtcfgTest: Handler = () =>
  ok(
    '+QMTCFG: "version",(0-5),(3,4)',
    '+QMTCFG: "pdpcid",(0-5),(1-16)',
    '+QMTCFG: "ssl",(0-5),(0,1),(0-5)',
    '+QMTCFG: "keepalive",(0-5),(0-3600)',
    '+QMTCFG: "session",(0-5),(0,1)',
    '+QMTCFG: "timeout",(0-5),(1-60),(0-10),(0,1)',
    '+QMTCFG: "will",(0-5),(0,1),(0-2),(0,1),<will_topic>,<will_message>',
    '+QMTCFG: "recv/mode",(0-5),(0,1),(0,1)',
    '+QMTCFG: "aliauth",(0-5),<product_key>,<device_name>,<device_secret>',
  );
