/**
 * AT+QMTCFG settings of one MQTT client index (docs/at-behaviour.md#qmtcfg). Defaults from
 * docs/uncertain-behaviour.md#qmtcfg-defaults: version 4, pdpcid 1, ssl off, keepalive 120, session 1 (clean), timeout 5,3,0;
 * recv/mode 0,0. Settings are forgotten on reboot.
 */
export const MQTT_CLIENT_COUNT = 6;
/** BG96 V1.0: bytes after the prompt beyond this are dropped (docs/at-behaviour.md#qmtpub). */
export const MAX_PUBLISH_PAYLOAD = 1548;

export interface MqttWill {
  flag: 0 | 1;
  qos: 0 | 1 | 2;
  retain: 0 | 1;
  topic: string;
  message: string;
}

export interface MqttConfig {
  version: 3 | 4;
  pdpcid: number;
  ssl: { enable: 0 | 1; ctx: number };
  keepalive: number;
  session: 0 | 1;
  timeout: { pktSeconds: number; retries: number; notice: 0 | 1 };
  will: MqttWill;
  recv: { mode: 0 | 1; lengthEnabled: 0 | 1 };
  /** AT+QMTCFG="aliauth" (Alibaba Cloud); undefined until set. */
  aliauth?: { productKey: string; deviceName: string; deviceSecret: string };
}

export function defaultMqttConfig(): MqttConfig {
  return {
    version: 4,
    pdpcid: 1,
    ssl: { enable: 0, ctx: 0 },
    keepalive: 120,
    session: 1,
    timeout: { pktSeconds: 5, retries: 3, notice: 0 },
    will: { flag: 0, qos: 0, retain: 0, topic: '', message: '' },
    recv: { mode: 0, lengthEnabled: 0 },
  };
}

/** The longest the module waits for an acknowledgement: pkt_timeout × retry_times (docs/at-behaviour.md#mqtt-timeouts). */
export function ackWaitMs(config: MqttConfig): number {
  return config.timeout.pktSeconds * Math.max(1, config.timeout.retries) * 1000;
}
