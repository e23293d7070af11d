/**
 * The embedded demo: the demo cloud (server info, firmware, TLS MQTT broker) and the virtual
 * devices behind `sim:` ports, started together the first time a `sim:` port or the `demo`
 * profile is used, and stopped with the back end.
 */
import path from 'node:path';
import type { DemoCloud, DemoCloudOptions } from '../cloud/cloud.ts';
import { devicesDir } from '../cloud/device-store.ts';
import type { DeviceIds } from '../../shared/profile.ts';
import type { DemoProfileInputs } from '../engine/sequence/profile-loader.ts';
import type { VirtualDeviceOptions } from '../sim/options.ts';

export interface DemoOptions {
  /** Options of the embedded demo cloud (data dir, broker, ports). */
  cloud?: DemoCloudOptions;
  /** Starts the cloud (default: startDemoCloud). */
  startCloud?: (options: DemoCloudOptions) => Promise<DemoCloud>;
  /** Options of the virtual devices behind `sim:` ports (state folder, `fast` timings). */
  simulator?: VirtualDeviceOptions;
  /** Makes `sim:` ports open virtual devices (default: electron/sim/register.ts). */
  attachSimulator?: (options: VirtualDeviceOptions) => Promise<SimulatorHandle>;
}

export interface SimulatorHandle {
  /** How the virtual device behind a `sim:` URI is mounted (its real tilt). */
  mountingOf(uri: string): Promise<{ roll: number; pitch: number }>;
  detach(): Promise<void>;
}

export interface DemoContext {
  cloud: DemoCloud;
  profileInputs: DemoProfileInputs;
  /**
   * Registers the device with the cloud before the run reads its certificate files: certificate,
   * key and password, and for a virtual device its real mounting as the server's RollInfo (as
   * an installer would), so the demo's calibration checks against the truth.
   */
  provisionFor(port: string): (ids: DeviceIds) => Promise<void>;
}

export class DemoEnvironment {
  #starting: Promise<DemoContext> | undefined;

  constructor(private readonly options: DemoOptions) {}

  get isRunning(): boolean {
    return this.#starting !== undefined;
  }

  /** Starts the cloud and the simulator once; later calls share the same start. */
  ensure(): Promise<DemoContext> {
    if (!this.#starting) {
      this.#starting = this.#start();
      this.#starting.catch(() => (this.#starting = undefined)); // a failed start may be retried
    }
    return this.#starting;
  }

  async stop(): Promise<void> {
    const starting = this.#starting;
    this.#starting = undefined;
    const context = await starting?.catch(() => undefined);
    if (!context) return;
    await this.#simulator?.detach();
    await context.cloud.stop();
  }

  #simulator: SimulatorHandle | undefined;

  async #start(): Promise<DemoContext> {
    const startCloud = this.options.startCloud ?? (async (o: DemoCloudOptions) => (await import('../cloud/cloud.ts')).startDemoCloud(o));
    const cloud = await startCloud(this.options.cloud ?? {});
    try {
      this.#simulator = await (this.options.attachSimulator ?? attachDefaultSimulator)(this.options.simulator ?? {});
    } catch (error) {
      await cloud.stop();
      throw error;
    }
    const simulator = this.#simulator;
    return {
      cloud,
      profileInputs: demoProfileInputs(cloud),
      provisionFor: (port) => async ({ deviceId }) => {
        await cloud.deviceCredentials(deviceId);
        if (/^sim:/i.test(port)) await cloud.setRollInfo(deviceId, await simulator.mountingOf(port));
      },
    };
  }
}

/** The demo profile's inputs: per-device certificate paths inside the cloud's device folders. */
export function demoProfileInputs(cloud: Pick<DemoCloud, 'dataDir' | 'serverInfoUrlTemplate' | 'caPath'>): DemoProfileInputs {
  const perDevice = path.join(devicesDir(cloud.dataDir), '{deviceId}');
  return {
    serverInfoUrlTemplate: cloud.serverInfoUrlTemplate,
    caCertPath: cloud.caPath,
    clientCertPath: path.join(perDevice, 'client.pem'),
    clientKeyPath: path.join(perDevice, 'client.key'),
  };
}

/** Loading electron/sim/register.ts makes `sim:` ports open in-process virtual devices. */
async function attachDefaultSimulator(options: VirtualDeviceOptions): Promise<SimulatorHandle> {
  const sim = await import('../sim/register.ts');
  sim.configureSimDevices(options);
  return {
    mountingOf: async (uri) => {
      const { roll, pitch } = (await sim.simDeviceFor(uri)).state.mounting;
      return { roll, pitch };
    },
    detach: () => sim.closeSimDevices(),
  };
}
