/**
 * Everything a run against the embedded demo needs, in one start: the demo cloud (server info,
 * firmware, TLS MQTT broker), `sim:` ports wired to virtual devices, the built-in demo profile, and
 * the provisioning hook that makes the cloud know the device (certificate, key, password) and its
 * mounting (RollInfo) before the run reads them. Used by `fieldlink demo`, `fieldlink run` with a
 * `sim:` port or `--profile demo`, the bench and the tests.
 */
import path from 'node:path';
import type { BrokerKind } from '../../cloud/broker.ts';
import type { DemoCloud, DemoCloudOptions } from '../../cloud/cloud.ts';
import type { DeviceIds, Profile } from '../../../shared/profile.ts';
import type { VirtualDeviceOptions } from '../../sim/options.ts';
import { demoProfile } from './profile-loader.ts';

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
  /** Creates the device in the cloud and registers its mounting as RollInfo. */
  provision(ids: DeviceIds, port: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startDemoKit(options: DemoKitOptions = {}): Promise<DemoKit> {
  const { startDemoCloud } = await import('../../cloud/cloud.ts');
  const { devicesDir } = await import('../../cloud/device-store.ts');
  const sim = await import('../../sim/register.ts');
  const { defaultMountingTilt } = await import('../../sim/services/gsensor.ts');
  const cloud = await startDemoCloud({
    ...options.cloud,
    ...(options.dataDir ? { dataDir: options.dataDir } : { ephemeral: true }),
    broker: options.broker ?? 'aedes',
  });
  sim.configureSimDevices(options.simulator ?? {});
  const perDevice = path.join(devicesDir(cloud.dataDir), '{deviceId}');
  const profile = demoProfile({
    serverInfoUrlTemplate: cloud.serverInfoUrlTemplate,
    caCertPath: cloud.caPath,
    clientCertPath: path.join(perDevice, 'client.pem'),
    clientKeyPath: path.join(perDevice, 'client.key'),
  });
  const mountingOf = async (ids: DeviceIds, port: string) => {
    if (!/^sim:/i.test(port)) return defaultMountingTilt(ids.imei);
    const { mounting } = (await sim.simDeviceFor(port)).state;
    return { roll: mounting.roll, pitch: mounting.pitch };
  };
  return {
    cloud,
    profile,
    provision: async (ids, port) => {
      await cloud.deviceCredentials(ids.deviceId);
      await cloud.setRollInfo(ids.deviceId, await mountingOf(ids, port));
    },
    stop: async () => {
      await sim.closeSimDevices();
      await cloud.stop();
    },
  };
}
