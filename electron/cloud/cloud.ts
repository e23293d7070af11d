/**
 * The embedded demo cloud: a demo CA and device certificates, an HTTPS server for server-info
 * documents and firmware images, and a TLS MQTT broker (Aedes in-process, or a real Mosquitto)
 * with per-device passwords, own-topic ACLs, wills and a live view of DDTM traffic.
 *
 *   const cloud = await startDemoCloud({ ephemeral: true });
 *   cloud.serverInfoUrlTemplate  // https://127.0.0.1:<port>/tms2/devices/{deviceId}/info
 *   await cloud.stop();
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FirmwareTarget } from '../../shared/firmware-image.ts';
import { makeOwnedTempDir } from '../../shared/owned-temp-dir.ts';
import { mqttServerInfoSchema, rollInfoSchema, SERVER_INFO_LIMITS } from '../../shared/server-info.ts';
import type { RollInfo, ServerInfo } from '../../shared/server-info.ts';
import type { DeviceSummary, FirmwareSummary } from './admin-api.ts';
import { BROKER_HOST } from './broker.ts';
import type { BrokerBackend, BrokerKind, BrokerStartOptions } from './broker.ts';
import { openDemoCa } from './ca.ts';
import type { DemoCa } from './ca.ts';
import { loadOrCreateCredentials } from './credentials.ts';
import type { Credentials } from './credentials.ts';
import { assertDeviceId } from './device-id.ts';
import { DeviceStore } from './device-store.ts';
import type { DeviceRecord } from './device-store.ts';
import { CloudError } from './errors.ts';
import { FirmwareStore } from './firmware-store.ts';
import type { FirmwareRelease, FirmwareSpec, PublishFirmwareRequest } from './firmware-store.ts';
import { startHttpServer } from './http-server.ts';
import type { CloudHttpServer } from './http-server.ts';
import { INFO_PATH_TEMPLATE } from './http-routes.ts';
import type { CloudHttpApi } from './http-routes.ts';
import { mosquittoInstalled } from './mosquitto.ts';
import { buildServerInfoDocument, firmwareUrl } from './server-info-document.ts';
import { DEFAULT_TOPIC_ROOT, deviceTopic } from './topics.ts';
import { TrafficHub } from './traffic.ts';
import type { TrafficListener } from './traffic.ts';

export const DEFAULT_DATA_DIR = join(homedir(), '.fieldlink', 'demo-cloud');
/** The cloud's own MQTT principal (live view, RPC). */
export const ADMIN_USERNAME = 'fieldlink-cloud';
/** The spec's example RollInfo; every new device starts with it. */
export const DEFAULT_ROLL_INFO: RollInfo = { roll: 3.5, pitch: -1.2 };
export const DEFAULT_KEEPALIVE_S = 90;

export interface DemoCloudOptions {
  /** Where the CA, certificates and passwords live (default ~/.fieldlink/demo-cloud). */
  dataDir?: string;
  /** Use a fresh temp data dir, deleted by stop(). Wins over dataDir. */
  ephemeral?: boolean;
  broker?: BrokerKind;
  /** HTTPS port (0 = free port, the default). */
  httpPort?: number;
  /** Also serve plain HTTP on this port (0 = free port); omitted = HTTPS only. */
  plainHttpPort?: number;
  /** MQTT TLS port (0 = free port, the default). */
  mqttPort?: number;
  /** Firmware served at start (default main 1.4.0, sub 1.1.2). */
  firmware?: Partial<Record<FirmwareTarget, FirmwareSpec>>;
  /** RollInfo a new device starts with (default roll 3.5, pitch -1.2). */
  rollInfo?: RollInfo;
  keepalive?: number;
  topicRoot?: string;
}

export interface DeviceCredentials {
  deviceId: string;
  certPem: string;
  keyPem: string;
  password: string;
  certPath: string;
  keyPath: string;
}

export interface DemoCloud {
  broker: BrokerKind;
  dataDir: string;
  urls: { https: string; http?: string; mqtt: string };
  serverInfoUrlTemplate: string;
  mqtt: { host: string; port: number };
  topicRoot: string;
  caPem: string;
  caPath: string;
  /** Random per start; needed for the admin endpoints. */
  adminToken: string;
  /** The device's certificate, key and MQTT password (creating the device on first use). */
  deviceCredentials(deviceId: string): Promise<DeviceCredentials>;
  /** The cloud's own MQTT principal; may subscribe to `<root>/#` (e.g. for mosquitto_sub). */
  adminCredentials(): Credentials;
  serverInfo(deviceId: string): Promise<ServerInfo>;
  setRollInfo(deviceId: string, rollInfo: RollInfo): Promise<void>;
  publishFirmware(target: FirmwareTarget, version: string, options?: Omit<PublishFirmwareRequest, 'target' | 'version'>): FirmwareSummary;
  /** Publishes on `<root>/RPC/<deviceId>`; objects are sent as compact JSON. */
  sendRpc(deviceId: string, payload: string | object): Promise<void>;
  /** The firmware currently offered (main, sub). */
  firmware(): FirmwareSummary[];
  devices(): DeviceSummary[];
  /** Live view of UP/LWT/RPC traffic; returns the unsubscribe function. */
  onTraffic(listener: TrafficListener): () => void;
  stop(): Promise<void>;
}

interface Parts {
  dataDir: string;
  ca: DemoCa;
  admin: Credentials;
  devices: DeviceStore;
  firmware: FirmwareStore;
  traffic: TrafficHub;
  lastTraffic: Map<string, number>;
  topicRoot: string;
  keepalive: number;
}

export async function startDemoCloud(options: DemoCloudOptions = {}): Promise<DemoCloud> {
  checkOptions(options);
  const brokerKind = options.broker ?? 'aedes';
  if (brokerKind === 'mosquitto' && !mosquittoInstalled()) throw new CloudError('mosquitto-missing', 'mosquitto is not installed (apt install mosquitto mosquitto-clients)');
  // An ephemeral folder holds a CA key: one left by a killed process is swept now (owned-temp-dir.ts).
  const dataDir = options.ephemeral ? makeOwnedTempDir('fieldlink-cloud-') : (options.dataDir ?? DEFAULT_DATA_DIR);
  const cleanups: Array<() => Promise<void>> = options.ephemeral ? [removeOnExit(dataDir)] : [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const parts = await openParts(dataDir, options);
    const broker = await startBroker(brokerKind, parts, options.mqttPort ?? 0);
    cleanups.push(() => broker.stop());
    parts.devices.onCreated((record) => broker.registerDevice(record));
    const adminToken = randomBytes(24).toString('hex');
    const api = httpApi(parts, broker);
    const http = await startHttpServer({ httpsPort: options.httpPort ?? 0, plainHttpPort: options.plainHttpPort, tls: parts.ca.server, adminToken, api });
    cleanups.push(() => http.stop());
    return facade(parts, broker, http, api, adminToken, stopAll);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Values that end up in ACL files, topics and the served document are checked before anything starts. */
function checkOptions(options: DemoCloudOptions): void {
  if (options.topicRoot !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(options.topicRoot)) throw new CloudError('bad-request', 'topicRoot: 1–64 characters of A-Z a-z 0-9 _ -');
  const keepalive = mqttServerInfoSchema.shape.keepalive.safeParse(options.keepalive);
  if (!keepalive.success) throw new CloudError('bad-request', `keepalive: 0 to ${SERVER_INFO_LIMITS.keepaliveMaxSeconds} seconds`);
  if (options.rollInfo !== undefined && !rollInfoSchema.safeParse(options.rollInfo).success) throw new CloudError('bad-request', 'rollInfo: roll -180..180, pitch -90..90 degrees');
}

/** Deletes an ephemeral data dir on stop(), or at process exit when stop() was never called. */
function removeOnExit(dataDir: string): () => Promise<void> {
  const atExit = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', atExit);
  return async () => {
    process.off('exit', atExit);
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function openParts(dataDir: string, options: DemoCloudOptions): Promise<Parts> {
  const ca = await openDemoCa(dataDir);
  const admin = await loadOrCreateCredentials(ca, join(dataDir, 'admin'), ADMIN_USERNAME);
  const devices = await DeviceStore.open(ca, dataDir, options.rollInfo ?? DEFAULT_ROLL_INFO);
  const topicRoot = options.topicRoot ?? DEFAULT_TOPIC_ROOT;
  const traffic = new TrafficHub(topicRoot);
  const lastTraffic = new Map<string, number>();
  traffic.on((event) => lastTraffic.set(event.deviceId, event.time));
  const firmware = new FirmwareStore(options.firmware);
  return { dataDir, ca, admin, devices, firmware, traffic, lastTraffic, topicRoot, keepalive: options.keepalive ?? DEFAULT_KEEPALIVE_S };
}

async function startBroker(kind: BrokerKind, parts: Parts, port: number): Promise<BrokerBackend> {
  const options: BrokerStartOptions = {
    port,
    tlsFiles: { caPath: parts.ca.layout.caCert, certPath: parts.ca.layout.serverCert, keyPath: parts.ca.layout.serverKey },
    tls: { caPem: parts.ca.caPem, ...parts.ca.server },
    topicRoot: parts.topicRoot,
    devices: parts.devices,
    admin: parts.admin,
    traffic: parts.traffic,
    workDir: join(parts.dataDir, 'mosquitto'),
  };
  if (kind === 'mosquitto') return (await import('./mosquitto-broker.ts')).startMosquittoBroker(options);
  return (await import('./mqtt-broker.ts')).startAedesBroker(options);
}

function httpApi(parts: Parts, broker: BrokerBackend): CloudHttpApi {
  const device = (record: DeviceRecord) => deviceSummary(parts, record);
  return {
    serverInfo: async (deviceId, origin) => {
      const record = await parts.devices.ensure(deviceId);
      return buildServerInfoDocument({
        mqtt: { host: BROKER_HOST, port: broker.port, keepalive: parts.keepalive },
        password: record.credentials.password,
        firmware: { main: parts.firmware.latest('main'), sub: parts.firmware.latest('sub') },
        firmwareOrigin: origin,
        rollInfo: record.rollInfo,
      });
    },
    firmwareFile: (fileName) => parts.firmware.byFileName(fileName),
    publishFirmware: (body, origin) => {
      const bytes = body.bytes === undefined ? undefined : Buffer.from(body.bytes, 'base64');
      return firmwareSummary(parts.firmware.publish({ ...body, bytes }), origin);
    },
    listFirmware: (origin) => (['main', 'sub'] as const).map((target) => firmwareSummary(parts.firmware.latest(target), origin)),
    sendRpc: async (deviceId, payload) => {
      const topic = deviceTopic(parts.topicRoot, 'RPC', assertDeviceId(deviceId));
      await broker.publish(topic, payload);
      return { topic };
    },
    listDevices: () => parts.devices.list().map(device),
    createDevice: async (deviceId) => device(await parts.devices.ensure(deviceId)),
    setRollInfo: async (deviceId, rollInfo) => device(await parts.devices.setRollInfo(deviceId, rollInfo)),
  };
}

function firmwareSummary(release: FirmwareRelease, origin: string): FirmwareSummary {
  return { target: release.target, version: release.version, url: firmwareUrl(origin, release), size: release.image.length, sha256: release.sha256 };
}

function deviceSummary(parts: Parts, record: DeviceRecord): DeviceSummary {
  return {
    deviceId: record.deviceId,
    imei: record.imei,
    rollInfo: { ...record.rollInfo },
    lastTrafficAt: parts.lastTraffic.get(record.deviceId) ?? null,
    files: { caCert: parts.ca.layout.caCert, clientCert: record.credentials.certPath, clientKey: record.credentials.keyPath },
  };
}

function facade(parts: Parts, broker: BrokerBackend, http: CloudHttpServer, api: CloudHttpApi, adminToken: string, stopAll: () => Promise<void>): DemoCloud {
  const httpsOrigin = `https://127.0.0.1:${http.httpsPort}`;
  let stopping: Promise<void> | undefined;
  return {
    broker: broker.kind,
    dataDir: parts.dataDir,
    urls: {
      https: httpsOrigin,
      ...(http.plainHttpPort === undefined ? {} : { http: `http://127.0.0.1:${http.plainHttpPort}` }),
      mqtt: `mqtts://${BROKER_HOST}:${broker.port}`,
    },
    serverInfoUrlTemplate: `${httpsOrigin}${INFO_PATH_TEMPLATE}`,
    mqtt: { host: BROKER_HOST, port: broker.port },
    topicRoot: parts.topicRoot,
    caPem: parts.ca.caPem,
    caPath: parts.ca.layout.caCert,
    adminToken,
    deviceCredentials: async (deviceId) => {
      const { credentials } = await parts.devices.ensure(deviceId);
      const { certPem, keyPem, password, certPath, keyPath } = credentials;
      return { deviceId, certPem, keyPem, password, certPath, keyPath };
    },
    adminCredentials: () => ({ ...parts.admin }),
    serverInfo: (deviceId) => api.serverInfo(deviceId, httpsOrigin),
    setRollInfo: async (deviceId, rollInfo) => {
      await api.setRollInfo(deviceId, rollInfo);
    },
    publishFirmware: (target, version, extra = {}) => firmwareSummary(parts.firmware.publish({ ...extra, target, version }), httpsOrigin),
    sendRpc: async (deviceId, payload) => {
      await api.sendRpc(deviceId, typeof payload === 'string' ? payload : JSON.stringify(payload));
    },
    firmware: () => api.listFirmware(httpsOrigin),
    devices: () => api.listDevices(),
    onTraffic: (listener) => parts.traffic.on(listener),
    stop: () => (stopping ??= stopAll()),
  };
}
