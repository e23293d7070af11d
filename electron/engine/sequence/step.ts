/**
 * What a step is (data + one run function) and what it gets from the runner (StepEnv).
 * Steps talk to the device only through `env.at` (bound to the step's abort signal) and the MCU
 * interface, report through `env.emit`/`env.progress`, and leave their findings in `env.ctx`.
 */
import type { FotaOffer, RunnerEventBody, StepProgress } from '../../../shared/events.ts';
import type { Measurement, MeasurementName } from '../../../shared/measurement.ts';
import type { DeviceIds, FotaPolicy, Profile } from '../../../shared/profile.ts';
import type { StepId } from '../../../shared/steps.ts';
import { ref, type MessageKey, type MessageRef, type MessageValues } from '../../../shared/messages/index.ts';
import type { AtRunner } from '../quectel/at-runner.ts';
import type { Redactor } from '../session/redaction.ts';
import type { DeviceMcu } from '../tms2/types.ts';
import type { ContextKey, RunContext } from './context.ts';
import type { DeviceLink } from './device-link.ts';
import type { MqttSession } from './mqtt-session.ts';

/** A step's outcome as a catalogue reference; the executor also renders it in English for the log. */
export type StepResult = { status: 'passed'; summary: MessageRef } | { status: 'skipped'; reason: MessageRef };

/** The FOTA question: resolve true to install. */
export type FotaDecision = (offer: FotaOffer) => Promise<boolean>;

/** The catalogue keys a step may report progress with. */
export type ProgressKey = Extract<MessageKey, `progress.${string}`>;
export type ProgressExtra = Partial<Pick<StepProgress, 'percent' | 'bytesDone' | 'bytesTotal' | 'etaMs'>>;

export interface StepEnv {
  readonly id: StepId;
  readonly at: AtRunner;
  readonly mcu: DeviceMcu;
  readonly link: DeviceLink;
  readonly ctx: RunContext;
  readonly profile: Profile;
  readonly fotaPolicy: FotaPolicy;
  readonly decide: FotaDecision | undefined;
  readonly stayConnected: boolean;
  /** The live session's device-status refresh interval (ms); 0 = off. */
  readonly statusPollMs: number;
  readonly signal: AbortSignal;
  /** This step's time limit (profile override or default); steps size module-side waits to fit in it. */
  readonly timeoutMs: number | undefined;
  readonly redactor: Redactor;
  readonly mqtt: MqttSession;
  /** Called once the device is known, before its certificate files are read (e.g. the demo cloud creates them). */
  readonly provision: ((ids: DeviceIds) => Promise<void>) | undefined;
  /**
   * Called by identify once the unit is known, before anything changes on it: may refuse the unit
   * by throwing a StepError (DUPLICATE_IMEI, DUPLICATES_UNCHECKABLE), e.g. the results store's
   * duplicates policy (docs/results-store.md#duplicates).
   */
  readonly checkUnit: ((ids: DeviceIds) => Promise<void>) | undefined;
  /**
   * Takes a measurement (docs/sequence.md#measurements): its limits come from the profile, the
   * `measurement` event goes out at once, and an out-of-limits one fails the step when it is done.
   */
  measure(name: MeasurementName, value: number): Measurement;
  emit(body: RunnerEventBody): void;
  /** What the step is doing, as a `progress.*` catalogue key and its values (shown in the user's language). */
  progress(code: ProgressKey, values?: MessageValues, extra?: ProgressExtra): void;
  /**
   * Holds back AT traffic events until the returned release is called, so bytes that carry a
   * secret not yet known (the server-info body holds the MQTT password) are redacted once it is.
   */
  holdTraffic(): () => void;
  /** After a reboot: AT sync, ATE0, CMEE=2 and the volatile settings of the steps already done (S17). */
  reinitialise(): Promise<void>;
}

export interface SequenceStep {
  id: StepId;
  /** Context fields this step reads (checked before it runs). */
  needs: readonly ContextKey[];
  /** Default time limit (profile `steps.<id>.timeoutMs` overrides); undefined = none. */
  timeoutMs: number | undefined;
  /** Default retries (profile `steps.<id>.retries` overrides); 0 where the spec forbids a blind repeat. */
  retries: number;
  run(env: StepEnv): Promise<StepResult>;
  /** Re-applies what this step set in the module and a reboot wipes (S17). Files survive; settings may not. */
  restore?(env: StepEnv): Promise<void>;
}

export const passed = (key: MessageKey, values?: MessageValues): StepResult => ({ status: 'passed', summary: ref(key, values) });
export const skipped = (key: MessageKey, values?: MessageValues): StepResult => ({ status: 'skipped', reason: ref(key, values) });
