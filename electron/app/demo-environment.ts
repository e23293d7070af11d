/**
 * The embedded demo: the demo cloud (server info, firmware, TLS MQTT broker) and the virtual
 * devices behind `sim:` ports, started together the first time a `sim:` port or the `demo`
 * profile is used, and stopped with the back end.
 */
import path from 'node:path';
import type { DemoCloud, DemoCloudOptions } from '../cloud/cloud.ts';
import { devicesDir } from '../cloud/device-store.ts';
import type { DemoProfileInputs } from '../engine/sequence/profile-loader.ts';

export interface DemoOptions {
  /** Options of the embedded demo cloud (data dir, broker, ports). */
  cloud?: DemoCloudOptions;
  /** Starts the cloud (default: startDemoCloud). */
  startCloud?: (options: DemoCloudOptions) => Promise<DemoCloud>;
  /** Makes `sim:` ports open virtual devices talking to `cloud`; returns the undo. */
  attachSimulator?: (cloud: DemoCloud) => Promise<() => void | Promise<void>>;
}

export interface DemoContext {
  cloud: DemoCloud;
  profileInputs: DemoProfileInputs;
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
    await this.#detach?.();
    await context.cloud.stop();
  }

  #detach: (() => void | Promise<void>) | undefined;

  async #start(): Promise<DemoContext> {
    const startCloud = this.options.startCloud ?? (async (o: DemoCloudOptions) => (await import('../cloud/cloud.ts')).startDemoCloud(o));
    const cloud = await startCloud(this.options.cloud ?? {});
    try {
      this.#detach = await (this.options.attachSimulator ?? attachDefaultSimulator)(cloud);
    } catch (error) {
      await cloud.stop();
      throw error;
    }
    return { cloud, profileInputs: demoProfileInputs(cloud) };
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

async function attachDefaultSimulator(cloud: DemoCloud): Promise<() => void | Promise<void>> {
  void cloud;
  throw new Error('the virtual device is not available yet');
}
