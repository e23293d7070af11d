/**
 * What the back end needs from one connect-sequence run. The real implementation wraps the
 * SequenceRunner (sequence-engine.ts); tests of the IPC and web layers can hand in their own.
 */
import type { FotaOffer, RunnerEvent } from '../../shared/events.ts';
import type { DeviceIds, FotaPolicy, Profile } from '../../shared/profile.ts';
import type { Language, StepId } from '../../shared/steps.ts';
import type { AtResponse } from '../engine/at/types.ts';
import type { Redactor } from '../engine/session/redaction.ts';

export interface RunEngineOptions {
  runId: string;
  port: string;
  profile: Profile;
  /** Session logs and reports go to `<outDir>/<runId>/`. */
  outDir: string;
  fotaPolicy: FotaPolicy;
  /** Asked for each FOTA offer under the `ask` policy; resolves true to update. */
  decide: (offer: FotaOffer) => Promise<boolean>;
  /** Called once the device is identified, before its certificate files are read (demo cloud). */
  provision?: (ids: DeviceIds) => Promise<void>;
  /** Language of the report the run writes. */
  lang: Language;
  /** Asked right after identify, before anything changes on the unit: the results store's duplicates policy. */
  checkUnit?: (ids: DeviceIds) => Promise<void>;
}

export interface RunEngine {
  /** Events arrive redacted (the run's own Redactor knows its secrets). */
  onEvent(listener: (event: RunnerEvent) => void): () => void;
  /** Runs the sequence; resolves when the run stops (passed and disconnected, failed or cancelled). */
  start(): Promise<void>;
  /** Runs again from `fromStep` (default: the failed step) without redoing earlier steps. */
  resume(fromStep?: StepId): Promise<void>;
  /** Stops a running run cleanly, or releases the port a failed run still holds. */
  cancel(): Promise<void>;
  publishTest(payload: string): Promise<void>;
  disconnect(): Promise<void>;
  /** One AT command on the run's own connection (the terminal while the run holds the port). */
  sendAt(command: string): Promise<AtResponse>;
  /** Closes the port and flushes the session log; the run cannot be resumed afterwards. */
  close(): Promise<void>;
  /** The run's own Redactor (it knows the run's secrets): a support bundle made while the run is in memory is scanned with it. */
  readonly redactor?: Redactor;
}

export type RunEngineFactory = (options: RunEngineOptions) => RunEngine | Promise<RunEngine>;
