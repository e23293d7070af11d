/**
 * The MQTT topics and payloads of the TMS2 session, exactly as docs/sequence.md#payloads
 * gives them (compact JSON, fixed key order).
 */
import type { MqttTopics } from './context.ts';

export const PAYLOAD_VERSION = '1.1';

/** The will: `{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}`. */
export const LWT_PAYLOAD = JSON.stringify({ v: PAYLOAD_VERSION, pt: 'LWT', body: { connection: 'closed' } });

export function deviceIdOf(imei: string): string {
  return `TMS2_${imei}`;
}

export function topicsFor(root: string, deviceId: string): MqttTopics {
  return { up: `${root}/UP/${deviceId}`, rpc: `${root}/RPC/${deviceId}`, lwt: `${root}/LWT/${deviceId}` };
}

/** `{"v":"1.1","pt":"INIT","body":{"ts":<unix ms>,"mf_v":"<main>","sf_v":"<sub>"}}`. */
export function initPayload(ts: number, mainFw: string, subFw: string): string {
  return JSON.stringify({ v: PAYLOAD_VERSION, pt: 'INIT', body: { ts, mf_v: mainFw, sf_v: subFw } });
}

/** RPC payloads are shown pretty-printed when they are JSON, as received otherwise. */
export function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload) as unknown, null, 2);
  } catch {
    return payload;
  }
}
