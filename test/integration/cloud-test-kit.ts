/** Shared pieces of the demo-cloud integration tests (not a test file itself). */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { DemoCloud } from '../../electron/cloud/cloud.ts';
import type { CloudTrafficEvent } from '../../electron/cloud/traffic.ts';
import { waitUntil } from '../helpers/mosquitto.ts';

/** The exact LWT payload of docs/sequence.md#payloads. */
export const LWT_PAYLOAD = '{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}';

export function initPayload(ts: number, main: string, sub: string): string {
  return `{"v":"1.1","pt":"INIT","body":{"ts":${ts},"mf_v":"${main}","sf_v":"${sub}"}}`;
}

/** Distinct device ids per test file run (15-digit IMEIs). */
export function deviceIdFactory(prefix11: string): () => string {
  let counter = Math.floor(Math.random() * 5000);
  return () => `TMS2_${prefix11}${String(++counter).padStart(4, '0')}`;
}

/** PIDs whose command line mentions `text` (e.g. a Mosquitto left running with the cloud's config). */
export function processesMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

export const topicsOf = (deviceId: string) => ({ up: `DDTM/UP/${deviceId}`, lwt: `DDTM/LWT/${deviceId}`, rpc: `DDTM/RPC/${deviceId}` });

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function request(url: string, options: { ca?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpReply> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: options.method ?? 'GET', headers: options.headers, ...(options.ca ? { ca: options.ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function adminRequest(cloud: DemoCloud, path: string, body?: unknown): Promise<HttpReply> {
  return request(`${cloud.urls.https}${path}`, {
    ca: cloud.caPem,
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${cloud.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A device session the way the module opens it: TLS client cert, user = client id = deviceId, LWT will. */
export async function connectDevice(cloud: DemoCloud, deviceId: string, overrides: IClientOptions = {}): Promise<MqttClient> {
  const credentials = await cloud.deviceCredentials(deviceId);
  const options: IClientOptions = {
    ca: cloud.caPem,
    cert: credentials.certPem,
    key: credentials.keyPem,
    username: deviceId,
    password: credentials.password,
    clientId: deviceId,
    protocolVersion: 4,
    keepalive: 90,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    will: { topic: topicsOf(deviceId).lwt, payload: Buffer.from(LWT_PAYLOAD), qos: 1, retain: false },
    ...overrides,
  };
  return mqtt.connectAsync(cloud.urls.mqtt, options, false);
}

/** Records the cloud's live view. */
export function recordTraffic(cloud: DemoCloud) {
  const events: CloudTrafficEvent[] = [];
  const unsubscribe = cloud.onTraffic((event) => events.push(event));
  return {
    events,
    unsubscribe,
    waitFor: async (predicate: (event: CloudTrafficEvent) => boolean, timeoutMs = 20_000) => {
      await waitUntil(() => events.some(predicate), timeoutMs, () => `live view: no matching event; saw ${JSON.stringify(events.map((e) => [e.topic, e.payload]))}`);
      return events.find(predicate) as CloudTrafficEvent;
    },
  };
}
