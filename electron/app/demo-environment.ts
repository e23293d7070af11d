/**
 * The embedded demo: the demo cloud (server info, firmware, TLS MQTT broker) and the virtual
 * devices behind `sim:` ports, started together the first time a `sim:` port or the `demo`
 * profile is used, and stopped with the back end.
 */
import type { DemoCloud, DemoCloudOptions } from '../cloud/cloud.ts';
import type { DeviceIds } from '../../shared/profile.ts';
import { startDemoParts, type DemoParts } from '../demo/demo-kit.ts';
import type { DemoProfileInputs } from '../engine/sequence/profile-loader.ts';
import type { VirtualDeviceOptions } from '../sim/options.ts';

export interface DemoOptions {
  /** Options of the embedded demo cloud (data dir, broker, ports). */
  cloud?: DemoCloudOptions;
  /** Options of the virtual devices behind `sim:` ports (state folder, `fast` timings). */
  simulator?: VirtualDeviceOptions;
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
  /** The same for a unit on any port (a station's PTY): its mounting is the one its IMEI gives a virtual device. */
  provisionUnit(ids: DeviceIds, port: string): Promise<void>;
}

export class DemoEnvironment {
  #starting: Promise<DemoParts> | undefined;

  constructor(private readonly options: DemoOptions) {}

  get isRunning(): boolean {
    return this.#starting !== undefined;
  }

  /** Starts the cloud and the simulator once; later calls share the same start. */
  async ensure(): Promise<DemoContext> {
    if (!this.#starting) {
      this.#starting = startDemoParts(this.options.cloud ?? {}, this.options.simulator ?? {});
      this.#starting.catch(() => (this.#starting = undefined)); // a failed start may be retried
    }
    const parts = await this.#starting;
    return {
      cloud: parts.cloud,
      profileInputs: parts.profileInputs,
      provisionFor: (port) => ({ deviceId }) => parts.provision(deviceId, port),
      provisionUnit: async (ids, port) => {
        const { defaultMountingTilt } = await import('../sim/services/gsensor.ts');
        await parts.provision(ids.deviceId, port, /^sim:/i.test(port) ? undefined : defaultMountingTilt(ids.imei));
      },
    };
  }

  async stop(): Promise<void> {
    const starting = this.#starting;
    this.#starting = undefined;
    await (await starting?.catch(() => undefined))?.stop();
  }
}
