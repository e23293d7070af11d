/** What the cloud needs from an MQTT broker backend (Aedes in-process, or a Mosquitto process). */
import type { Credentials } from './credentials.ts';
import type { DeviceRecord, DeviceStore } from './device-store.ts';
import type { TrafficHub } from './traffic.ts';

export type BrokerKind = 'aedes' | 'mosquitto';
export const BROKER_KINDS: readonly BrokerKind[] = ['aedes', 'mosquitto'];

export const BROKER_HOST = '127.0.0.1';

export interface BrokerStartOptions {
  /** 0 = pick a free port. */
  port: number;
  /** File paths of the CA and the server certificate (Mosquitto reads files). */
  tlsFiles: { caPath: string; certPath: string; keyPath: string };
  tls: { caPem: string; certPem: string; keyPem: string };
  topicRoot: string;
  devices: DeviceStore;
  /** The cloud's own MQTT principal: may publish and subscribe anywhere under the topic root. */
  admin: Credentials;
  traffic: TrafficHub;
  /** A private folder the backend may write into (Mosquitto's config, password and ACL files). */
  workDir: string;
}

export interface BrokerBackend {
  readonly kind: BrokerKind;
  readonly port: number;
  /** Makes a newly created device known; resolves once it can connect. */
  registerDevice(record: DeviceRecord): Promise<void>;
  /** Publishes as the cloud (QoS 1, not retained). */
  publish(topic: string, payload: string): Promise<void>;
  stop(): Promise<void>;
}
