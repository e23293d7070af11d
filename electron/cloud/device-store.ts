/**
 * The cloud's devices: `<dataDir>/devices/<deviceId>/{client.pem, client.key, password}`.
 * A device is created on first use (any `TMS2_<15-digit IMEI>`), so a new virtual device just
 * works. Creation runs the registered hooks (e.g. the Mosquitto password file) before it
 * resolves, so a device never learns a password the broker does not know yet.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { rollInfoSchema } from '../../shared/server-info.ts';
import type { RollInfo } from '../../shared/server-info.ts';
import type { DemoCa } from './ca.ts';
import { loadOrCreateCredentials, passwordMatches } from './credentials.ts';
import type { Credentials } from './credentials.ts';
import { assertDeviceId, imeiOf, isDeviceId } from './device-id.ts';
import { CloudError } from './errors.ts';
import { ensurePrivateDir } from './files.ts';

export interface DeviceRecord {
  deviceId: string;
  imei: string;
  credentials: Credentials;
  rollInfo: RollInfo;
}

export type DeviceCreatedHook = (record: DeviceRecord) => Promise<void>;

export function devicesDir(dataDir: string): string {
  return join(dataDir, 'devices');
}

export function deviceDir(dataDir: string, deviceId: string): string {
  return join(devicesDir(dataDir), assertDeviceId(deviceId));
}

export class DeviceStore {
  private readonly records = new Map<string, DeviceRecord>();
  private readonly pending = new Map<string, Promise<DeviceRecord>>();
  private readonly hooks: DeviceCreatedHook[] = [];

  private constructor(
    private readonly ca: DemoCa,
    private readonly dataDir: string,
    private readonly defaultRollInfo: RollInfo,
  ) {}

  /** Opens the store and loads every device already in the data directory. */
  static async open(ca: DemoCa, dataDir: string, defaultRollInfo: RollInfo): Promise<DeviceStore> {
    const store = new DeviceStore(ca, dataDir, defaultRollInfo);
    await ensurePrivateDir(devicesDir(dataDir));
    const names = (await readdir(devicesDir(dataDir))).filter(isDeviceId).sort();
    for (const deviceId of names) store.records.set(deviceId, await store.load(deviceId));
    return store;
  }

  onCreated(hook: DeviceCreatedHook): void {
    this.hooks.push(hook);
  }

  get(deviceId: string): DeviceRecord | undefined {
    return this.records.get(deviceId);
  }

  list(): DeviceRecord[] {
    return [...this.records.values()];
  }

  /** The device's record, creating it (certificate, key, password) on first use. */
  async ensure(deviceId: string): Promise<DeviceRecord> {
    assertDeviceId(deviceId);
    const known = this.records.get(deviceId);
    if (known) return known;
    let pending = this.pending.get(deviceId);
    if (!pending) {
      pending = this.create(deviceId).finally(() => this.pending.delete(deviceId));
      this.pending.set(deviceId, pending);
    }
    return pending;
  }

  passwordMatches(deviceId: string, presented: Uint8Array | string | undefined): boolean {
    const record = this.records.get(deviceId);
    return record !== undefined && passwordMatches(record.credentials.password, presented);
  }

  async setRollInfo(deviceId: string, rollInfo: RollInfo): Promise<DeviceRecord> {
    if (!rollInfoSchema.safeParse(rollInfo).success) throw new CloudError('bad-request', 'rollInfo: roll -180..180, pitch -90..90 degrees');
    const record = await this.ensure(deviceId);
    record.rollInfo = { ...rollInfo };
    return record;
  }

  private async create(deviceId: string): Promise<DeviceRecord> {
    const record = await this.load(deviceId);
    for (const hook of this.hooks) await hook(record);
    this.records.set(deviceId, record);
    return record;
  }

  private async load(deviceId: string): Promise<DeviceRecord> {
    const credentials = await loadOrCreateCredentials(this.ca, deviceDir(this.dataDir, deviceId), deviceId);
    return { deviceId, imei: imeiOf(deviceId), credentials, rollInfo: { ...this.defaultRollInfo } };
  }
}

