/**
 * Test rig for the sequence: the demo kit (demo cloud + in-process virtual devices behind `sim:`
 * ports), a fresh device state per test, and a run helper that collects every event.
 * `SimRig.perFile()` registers the usual hooks of a test file that uses one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { RunnerEvent, TrafficEventShape } from '../../shared/events.ts';
import type { ProfileInput } from '../../shared/profile.ts';
import { parseProfile } from '../../shared/profile.ts';
import { startDemoKit, type DemoKit, type DemoKitOptions } from '../../electron/demo/demo-kit.ts';
import { SequenceRunner, type RunResult, type SequenceRunnerOptions } from '../../electron/engine/sequence/runner.ts';
import { closeSimDevices, configureSimDevices, simDeviceFor } from '../../electron/sim/register.ts';
import type { VirtualDevice } from '../../electron/sim/device.ts';
import type { VirtualDeviceOptions } from '../../electron/sim/options.ts';

export interface RunOutput {
  result: RunResult;
  events: RunnerEvent[];
  runner: SequenceRunner;
}

export interface RunRequest extends Partial<Omit<SequenceRunnerOptions, 'profile'>> {
  /** Merged over the demo profile (e.g. `{ steps: { 'server-info': { retries: 0 } } }`). */
  profile?: Partial<ProfileInput>;
  /** Keep the runner open (resume, live session); the caller closes it. */
  keepOpen?: boolean;
}

export class SimRig {
  private dirs: string[] = [];
  /** Run folders (session.jsonl, reports) of this rig's runs; removed by stop(). */
  private runsDir = '';
  #kit: DemoKit | undefined;

  private constructor() {}

  get kit(): DemoKit {
    if (!this.#kit) throw new Error('SimRig is not started');
    return this.#kit;
  }

  static async start(): Promise<SimRig> {
    const rig = new SimRig();
    await rig.#start();
    return rig;
  }

  /**
   * The rig of one test file: started before its tests (demo cloud, `sim:` ports), fresh virtual
   * devices before each test, stopped after them all.
   */
  static perFile(kitOptions: Pick<DemoKitOptions, 'cloud'> = {}): SimRig {
    const rig = new SimRig();
    beforeAll(() => rig.#start(kitOptions), 60_000);
    afterAll(async () => rig.stop());
    beforeEach(async () => rig.freshDevices());
    return rig;
  }

  async #start(kitOptions: Pick<DemoKitOptions, 'cloud'> = {}): Promise<void> {
    this.#kit = await startDemoKit({ ...kitOptions, simulator: { fast: true } });
    this.runsDir = await this.tempDir('fl-seq-runs-');
  }

  async tempDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  /** Forgets every virtual device; the next `sim:` open powers on a new one with fresh files and firmware. */
  async freshDevices(options: VirtualDeviceOptions = {}): Promise<void> {
    await closeSimDevices();
    configureSimDevices({ fast: true, ...options, stateDir: await this.tempDir('fl-seq-state-') });
  }

  device(port: string): Promise<VirtualDevice> {
    return simDeviceFor(port);
  }

  profile(overrides: Partial<ProfileInput> = {}) {
    const base = this.kit.profile;
    return parseProfile({ ...base, ...overrides, tls: { ...base.tls }, steps: { ...(overrides.steps ?? {}) } });
  }

  runner(request: RunRequest = {}): SequenceRunner {
    const port = request.port ?? 'sim:';
    const { profile, keepOpen: _keep, ...rest } = request;
    return new SequenceRunner({
      retryBackoffMs: 100,
      provision: (ids) => this.kit.provision(ids, port),
      ...rest,
      port,
      profile: this.profile(profile),
      outDir: rest.outDir ?? this.runsDir,
    });
  }

  /** Runs the sequence and collects every event. */
  async run(request: RunRequest = {}): Promise<RunOutput> {
    const runner = this.runner(request);
    const events: RunnerEvent[] = [];
    runner.onEvent((event) => events.push(event));
    const result = await runner.start();
    if (!request.keepOpen) await runner.close();
    return { result, events, runner };
  }

  async stop(): Promise<void> {
    await this.kit.stop();
    await Promise.all(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** The AT commands the host sent, in order. */
export function commandsSent(events: readonly RunnerEvent[]): string[] {
  return traffic(events)
    .filter((event) => event.kind === 'command')
    .map((event) => event.text);
}

export function traffic(events: readonly RunnerEvent[]): TrafficEventShape[] {
  return events.flatMap((event) => (event.type === 'at-traffic' ? [event.event] : []));
}

export function eventsOf<T extends RunnerEvent['type']>(events: readonly RunnerEvent[], type: T): Array<Extract<RunnerEvent, { type: T }>> {
  return events.filter((event): event is Extract<RunnerEvent, { type: T }> => event.type === type);
}
