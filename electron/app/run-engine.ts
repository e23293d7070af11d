/**
 * What the back end needs from one connect-sequence run. The real implementation wraps the
 * SequenceRunner (sequence-engine.ts); tests of the IPC and web layers can hand in their own.
 */
import type { FotaOffer, RunnerEvent } from '../../shared/events.ts';
import type { FotaPolicy, Profile } from '../../shared/profile.ts';
import type { StepId } from '../../shared/steps.ts';
import type { AtResponse } from '../engine/at/types.ts';

export interface RunEngineOptions {
  runId: string;
  port: string;
  profile: Profile;
  /** Session logs and reports go to `<outDir>/<runId>/`. */
  outDir: string;
  fotaPolicy: FotaPolicy;
  /** Asked for each FOTA offer under the `ask` policy; resolves true to update. */
  decide: (offer: FotaOffer) => Promise<boolean>;
}

export interface RunEngine {
  onEvent(listener: (event: RunnerEvent) => void): () => void;
  /** Runs the sequence; resolves when the run stops (passed and disconnected, failed or cancelled). */
  start(): Promise<void>;
  /** Runs again from `fromStep` (default: the failed step) without redoing earlier steps. */
  resume(fromStep?: StepId): Promise<void>;
  cancel(): Promise<void>;
  publishTest(payload: string): Promise<void>;
  disconnect(): Promise<void>;
  /** One AT command on the run's own connection (the terminal while the run holds the port). */
  sendAt(command: string): Promise<AtResponse>;
}

export type RunEngineFactory = (options: RunEngineOptions) => RunEngine | Promise<RunEngine>;
