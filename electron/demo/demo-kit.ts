/**
 * Everything a run against the embedded demo needs, in one start: the demo cloud (server info,
 * firmware, TLS MQTT broker), `sim:` ports wired to virtual devices, the built-in demo profile, and
 * the provisioning hook that makes the cloud know the device (certificate, key, password) and its
 * mounting (RollInfo) before the run reads them. Used by `fieldlink demo`, `fieldlink run` with a
 * `sim:` port or `--profile demo`, the bench and the tests; the app's DemoEnvironment starts the
 * same parts through startDemoParts.
 */
import path from 'node:path';
import type { BrokerKind } from '../cloud/broker.ts';
import type { DemoCloud, DemoCloudOptions } from '../cloud/cloud.ts';
import type { RollInfo } from '../../shared/server-info.ts';
import type { DeviceIds, Profile } from '../../shared/profile.ts';
import type { VirtualDeviceOptions } from '../sim/options.ts';
import { demoProfile, type DemoProfileInputs } from '../engine/sequence/profile-loader.ts';

/** The demo cloud with the virtual devices behind `sim:` ports. */
export interface DemoParts {
  cloud: DemoCloud;
  /** Per-device certificate paths inside the cloud's device folders, for the demo profile. */
  profileInputs: DemoProfileInputs;
  /**
   * Creates the device in the cloud (certificate, key, password), then sets its RollInfo to the
   * real mounting of the virtual device behind a `sim:` port (as an installer would), or to
   * `otherwise` for any other port; without `otherwise` the cloud's default RollInfo stays.
   */
  provision(deviceId: string, port: string, otherwise?: RollInfo): Promise<void>;
  /** Closes the virtual devices, then stops the cloud. */
  stop(): Promise<void>;
}

/** Starts the demo cloud, then makes `sim:` ports open virtual devices; a failed start leaves nothing running. */
export async function startDemoParts(cloudOptions: DemoCloudOptions, simulator: VirtualDeviceOptions): Promise<DemoParts> {
  const { startDemoCloud } = await import('../cloud/cloud.ts');
  const cloud = await startDemoCloud(cloudOptions);
  let sim: typeof import('../sim/register.ts');
  try {
    sim = await import('../sim/register.ts');
    sim.configureSimDevices(simulator);
  } catch (error) {
    await cloud.stop();
    throw error;
  }
  const { devicesDir } = await import('../cloud/device-store.ts');
  return {
    cloud,
    profileInputs: demoProfileInputs(cloud, devicesDir(cloud.dataDir)),
    provision: async (deviceId, port, otherwise) => {
      await cloud.deviceCredentials(deviceId);
      const rollInfo = /^sim:/i.test(port) ? (await sim.simDeviceFor(port)).state.mounting : otherwise;
      if (rollInfo) await cloud.setRollInfo(deviceId, { roll: rollInfo.roll, pitch: rollInfo.pitch });
    },
    stop: async () => {
      await sim.closeSimDevices();
      await cloud.stop();
    },
  };
}

function demoProfileInputs(cloud: Pick<DemoCloud, 'serverInfoUrlTemplate' | 'caPath'>, devicesFolder: string): DemoProfileInputs {
  const perDevice = path.join(devicesFolder, '{deviceId}');
  return {
    serverInfoUrlTemplate: cloud.serverInfoUrlTemplate,
    caCertPath: cloud.caPath,
    clientCertPath: path.join(perDevice, 'client.pem'),
    clientKeyPath: path.join(perDevice, 'client.key'),
  };
}

export interface DemoKitOptions {
  /** Cloud data folder; omitted = a temporary one, deleted by stop(). */
  dataDir?: string;
  broker?: BrokerKind;
  /** Options of the virtual devices behind `sim:` ports. */
  simulator?: VirtualDeviceOptions;
  cloud?: Omit<DemoCloudOptions, 'dataDir' | 'ephemeral' | 'broker'>;
}

export interface DemoKit {
  cloud: DemoCloud;
  profile: Profile;
  /**
   * Creates the device in the cloud and registers its mounting as RollInfo: the virtual device's
   * behind a `sim:` port, else the tilt a virtual device with that IMEI would have.
   */
  provision(ids: DeviceIds, port: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startDemoKit(options: DemoKitOptions = {}): Promise<DemoKit> {
  const { defaultMountingTilt } = await import('../sim/services/gsensor.ts');
  const parts = await startDemoParts(
    {
      ...options.cloud,
      ...(options.dataDir ? { dataDir: options.dataDir } : { ephemeral: true }),
      broker: options.broker ?? 'aedes',
    },
    options.simulator ?? {},
  );
  return {
    cloud: parts.cloud,
    profile: demoProfile(parts.profileInputs),
    provision: (ids, port) => parts.provision(ids.deviceId, port, defaultMountingTilt(ids.imei)),
    stop: parts.stop,
  };
}
