/**
 * What one step gets from its run: the StepEnv (AT runner bound to the step's signal, MCU,
 * context, profile, FOTA decision) and the executor's hooks (limits, retries, recovery). Built
 * from the run's parts so the runner itself only sequences.
 */
import { STATUS_POLL_MS } from './status-poll.ts';
import type { RunnerEventBody } from '../../../shared/events.ts';
import { takeMeasurement } from './measurements.ts';
import type { DeviceIds, FotaPolicy, Profile } from '../../../shared/profile.ts';
import type { Redactor } from '../session/redaction.ts';
import { createTms2Mcu } from '../tms2/at-mcu.ts';
import type { RunContext } from './context.ts';
import type { DeviceLink, PortReturn } from './device-link.ts';
import type { MqttSession } from './mqtt-session.ts';
import type { ExecutorDeps } from './step-executor.ts';
import type { FotaDecision, SequenceStep, StepEnv } from './step.ts';

/** The parts of a run a step works with. */
export interface StepParts {
  /** The runner's options these come from (SequenceRunnerOptions). */
  options: {
    port: string;
    profile: Profile;
    fotaPolicy?: FotaPolicy;
    stayConnected?: boolean;
    statusPollMs?: number;
    provision?: (ids: DeviceIds) => Promise<void>;
    checkUnit?: (ids: DeviceIds) => Promise<void>;
    retryBackoffMs?: number;
    /** Measurements are recorded but never fail a step (a diagnosis). */
    measurementsRecordOnly?: boolean;
  };
  link: DeviceLink;
  mqtt: MqttSession;
  context: RunContext;
  redactor: Redactor;
  /** The FOTA question, already wrapped by the lifecycle (waiting-for-decision). */
  decide: FotaDecision | undefined;
  emit(body: RunnerEventBody): void;
  holdTraffic(): () => void;
  reinitialise(signal: AbortSignal): Promise<void>;
  recoverPort(signal: AbortSignal, onReturn?: (back: PortReturn) => void): Promise<void>;
}

/** The step's time limit and retries: the profile's `steps.<id>` over the step's defaults. */
export function limitsOf(profile: Profile, step: SequenceStep): ExecutorDeps['limits'] {
  const override = profile.steps[step.id];
  return { timeoutMs: override?.timeoutMs ?? step.timeoutMs, retries: override?.retries ?? step.retries };
}

export function fotaPolicyOf(parts: StepParts): FotaPolicy {
  return parts.options.fotaPolicy ?? parts.options.profile.fota.policy;
}

export function makeStepEnv(parts: StepParts, step: SequenceStep, signal: AbortSignal): StepEnv {
  const at = parts.link.runner(signal);
  return {
    id: step.id,
    at,
    mcu: createTms2Mcu(at),
    link: parts.link,
    ctx: parts.context,
    profile: parts.options.profile,
    fotaPolicy: fotaPolicyOf(parts),
    decide: parts.decide,
    stayConnected: parts.options.stayConnected ?? false,
    statusPollMs: parts.options.statusPollMs ?? STATUS_POLL_MS,
    signal,
    timeoutMs: limitsOf(parts.options.profile, step).timeoutMs,
    redactor: parts.redactor,
    mqtt: parts.mqtt,
    provision: parts.options.provision,
    checkUnit: parts.options.checkUnit,
    measure: (name, value) => {
      const measurement = takeMeasurement(parts.options.profile, step.id, name, value);
      parts.emit({ type: 'measurement', ...measurement });
      return measurement;
    },
    emit: (body) => parts.emit(body),
    progress: (code, values, extra = {}) => parts.emit({ type: 'step-progress', step: step.id, code, ...(values ? { values } : {}), ...extra }),
    reinitialise: () => parts.reinitialise(signal),
    holdTraffic: () => parts.holdTraffic(),
  };
}

export function makeExecutorDeps(parts: StepParts, step: SequenceStep, runSignal: AbortSignal): ExecutorDeps {
  return {
    port: parts.options.port,
    runSignal,
    limits: limitsOf(parts.options.profile, step),
    measurementsFail: parts.options.measurementsRecordOnly !== true,
    backoffMs: parts.options.retryBackoffMs ?? 1000,
    emit: (body) => parts.emit(body),
    makeEnv: (s, signal) => makeStepEnv(parts, s, signal),
    rebootPending: () => parts.link.rebootPending,
    reinitialise: (signal) => parts.reinitialise(signal),
    recoverPort: (signal, onReturn) => parts.recoverPort(signal, onReturn),
    portIsOpen: () => parts.link.isOpen,
  };
}
