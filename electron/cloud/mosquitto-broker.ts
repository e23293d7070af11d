/**
 * The Mosquitto backend: a real Mosquitto process (mosquitto.ts) plus the cloud's own admin
 * client (mqtt.js, admin certificate and password) that feeds the live view and publishes RPCs.
 * A new device is added to the password file, Mosquitto reloads (SIGHUP), and registration
 * resolves only once the device's credentials are actually accepted.
 */
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { BROKER_HOST } from './broker.ts';
import type { BrokerBackend, BrokerStartOptions } from './broker.ts';
import type { Credentials } from './credentials.ts';
import { CloudError } from './errors.ts';
import { startMosquitto } from './mosquitto.ts';
import type { PasswordEntry } from './mosquitto-config.ts';
import { liveViewFilters } from './topics.ts';

const REGISTRATION = { timeoutMs: 15_000, retryMs: 100, connectTimeoutMs: 5_000 } as const;

export async function startMosquittoBroker(options: BrokerStartOptions): Promise<BrokerBackend> {
  const users = new Map<string, string>([
    [options.admin.username, options.admin.password],
    ...options.devices.list().map((record): [string, string] => [record.deviceId, record.credentials.password]),
  ]);
  const entries = (): PasswordEntry[] => [...users].map(([username, password]) => ({ username, password }));
  const processHandle = await startMosquitto({
    workDir: options.workDir,
    port: options.port,
    tlsFiles: options.tlsFiles,
    topicRoot: options.topicRoot,
    adminUsername: options.admin.username,
    users: entries(),
    probeTls: { caPem: options.tls.caPem, certPem: options.admin.certPem, keyPem: options.admin.keyPem },
  });
  const port = processHandle.port;
  let admin: MqttClient;
  try {
    admin = await mqtt.connectAsync(brokerUrl(port), clientOptions(options, options.admin, `fieldlink-cloud-${randomBytes(4).toString('hex')}`));
    admin.on('message', (topic, payload) => options.traffic.record(topic, payload));
    await admin.subscribeAsync(liveViewFilters(options.topicRoot), { qos: 1 });
  } catch (error) {
    await processHandle.stop();
    throw new CloudError('broker', 'the cloud could not connect its admin client to mosquitto', { cause: error });
  }

  return {
    kind: 'mosquitto',
    port,
    registerDevice: async (record) => {
      users.set(record.deviceId, record.credentials.password);
      await processHandle.reload(entries());
      await waitUntilAccepted(port, options, record.credentials);
    },
    publish: async (topic, payload) => {
      await admin.publishAsync(topic, payload, { qos: 1, retain: false });
    },
    stop: async () => {
      await admin.endAsync(true).catch(() => undefined);
      await processHandle.stop();
    },
  };
}

function brokerUrl(port: number): string {
  return `mqtts://${BROKER_HOST}:${port}`;
}

function clientOptions(options: BrokerStartOptions, who: Credentials, clientId: string): IClientOptions {
  return {
    ca: options.tls.caPem,
    cert: who.certPem,
    key: who.keyPem,
    username: who.username,
    password: who.password,
    clientId,
    protocolVersion: 4,
    rejectUnauthorized: true,
    connectTimeout: REGISTRATION.connectTimeoutMs,
    reconnectPeriod: 1_000,
  };
}

/** Connects with the device's own credentials (another client id) until Mosquitto says CONNACK 0. */
async function waitUntilAccepted(port: number, options: BrokerStartOptions, device: Credentials): Promise<void> {
  const deadline = Date.now() + REGISTRATION.timeoutMs;
  const probeId = `fieldlink-probe-${randomBytes(4).toString('hex')}`;
  for (;;) {
    try {
      const client = await mqtt.connectAsync(brokerUrl(port), { ...clientOptions(options, device, probeId), reconnectPeriod: 0 }, false);
      await client.endAsync();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new CloudError('broker', `mosquitto did not accept ${device.username} after reloading its password file`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, REGISTRATION.retryMs));
    }
  }
}
