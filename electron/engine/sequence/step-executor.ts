/**
 * Runs one step the way the runner promises: context prerequisites, the step's time limit, retries
 * with backoff for retryable failures, and following a module reboot (S17) or a port that went away
 * and came back (S2) by re-initialising and repeating the step. Emits step-started/progress/
 * passed/skipped/failed. A cancelled run is not a step failure: it rejects with RunCancelled.
 */
import type { RunnerEventBody } from '../../../shared/events.ts';
import { sleep } from '../at/queue.ts';
import { AtClosedError } from '../at/errors.ts';
import { TransportError } from '../transport/errors.ts';
import { PRODUCED_BY } from './context.ts';
import { describePortReturn, type PortReturn } from './device-link.ts';
import { classify, describe, type DescribedFailure } from './failures.ts';
import { formatMessage, ref, type MessageKey } from '../../../shared/messages/index.ts';
import { StepError } from './step-error.ts';
import type { SequenceStep, StepEnv, StepResult } from './step.ts';
import type { Measurement } from '../../../shared/measurement.ts';
import { outOfLimits } from './measurements.ts';

export class RunCancelled extends Error {
  override readonly name = 'RunCancelled';
}

export interface ExecutorDeps {
  port: string;
  /** The run's own abort signal (cancel). */
  runSignal: AbortSignal;
  /** Profile overrides for this step. */
  limits: { timeoutMs: number | undefined; retries: number };
  /** An out-of-limits measurement fails the step once it is done (false in a diagnosis: recorded only). */
  measurementsFail?: boolean;
  /** First retry waits this long, then doubles (plus jitter). */
  backoffMs: number;
  emit(body: RunnerEventBody): void;
  makeEnv(step: SequenceStep, signal: AbortSignal): StepEnv;
  /** True when the module rebooted since the runner last re-initialised it. */
  rebootPending(): boolean;
  /** Re-initialise after a reboot (sync, ATE0, CMEE, restore). */
  reinitialise(signal: AbortSignal): Promise<void>;
  /** Reopen a lost port (`onReturn` hears where it was found, before the IMEI check) and re-initialise (S2). */
  recoverPort(signal: AbortSignal, onReturn?: (back: PortReturn) => void): Promise<void>;
  portIsOpen(): boolean;
}

export type StepOutcome = { ok: true; result: StepResult } | { ok: false; described: DescribedFailure };

/** Each step may be repeated this many extra times after a reboot or a returned port. */
const FOLLOW_UPS = 2;

/** The step's time limit ran out (the whole step: every attempt, backoff and follow-up). */
class StepCeiling extends Error {}

/**
 * The step's hard time limit: one deadline for the whole step, retries, backoff waits and port
 * recovery included, so `steps.<id>.timeoutMs: 120000` really means two minutes, not two minutes
 * per attempt (a server that never answers used to cost 3 × 80 s against 120 s).
 */
class Ceiling {
  readonly started = Date.now();
  private readonly stop = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  /** Aborts on cancel or when the limit is reached. */
  readonly signal: AbortSignal;

  constructor(
    readonly timeoutMs: number | undefined,
    runSignal: AbortSignal,
  ) {
    this.signal = AbortSignal.any([runSignal, this.stop.signal]);
    this.timer = timeoutMs === undefined ? undefined : setTimeout(() => this.stop.abort(new StepCeiling()), timeoutMs);
  }

  get reached(): boolean {
    return this.stop.signal.aborted;
  }

  /** Milliseconds left (Infinity without a limit). */
  get remainingMs(): number {
    return this.timeoutMs === undefined ? Infinity : this.started + this.timeoutMs - Date.now();
  }

  private frozenMs: number | undefined;

  get elapsedMs(): number {
    return this.frozenMs ?? Date.now() - this.started;
  }

  /** The step ends now: the duration in the message and in the step-failed event are the same number. */
  freeze(): void {
    this.frozenMs ??= Math.round(Date.now() - this.started);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

async function attempt(step: SequenceStep, deps: ExecutorDeps, ceiling: Ceiling): Promise<StepResult> {
  const signal = ceiling.signal;
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new RunCancelled());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const made = deps.makeEnv(step, signal);
    // The measurements this attempt takes; judged when the step is done (OpenHTF: at the phase's end).
    const taken: Measurement[] = [];
    const env: StepEnv = { ...made, measure: (name, value) => remember(taken, made.measure(name, value)) };
    const missing = step.needs.find((key) => env.ctx[key] === undefined);
    if (missing) throw new StepError('MISSING_EARLIER_STEP', { missing: PRODUCED_BY[missing] });
    const result = await Promise.race([step.run(env), aborted]);
    const outside = taken.find((m) => !m.passed);
    if (outside && deps.measurementsFail !== false) throw outOfLimits(outside);
    return result;
  } catch (error) {
    if (deps.runSignal.aborted) throw new RunCancelled();
    if (ceiling.reached) throw new StepCeiling('step time limit', { cause: error });
    throw error;
  } finally {
    // The step's signal is a composite (AbortSignal.any): while it has an abort listener Node keeps
    // it, and everything the listener reaches (the run's env, events), alive for the whole process.
    signal.removeEventListener('abort', onAbort);
  }
}

function remember(taken: Measurement[], measurement: Measurement): Measurement {
  taken.push(measurement);
  return measurement;
}

function isPortLoss(error: unknown, deps: ExecutorDeps): boolean {
  if (error instanceof AtClosedError) return true;
  if (error instanceof TransportError) return error.kind === 'lost' || error.kind === 'closed';
  return !deps.portIsOpen();
}

/** What a repeat was caused by, as catalogue words for the progress line (never the failure's own meaning: it did not stay failed). */
const FOLLOWED = { port: 'progress.followed.port', reboot: 'progress.followed.reboot' } as const satisfies Record<string, MessageKey>;

/** Follows a reboot or a lost port when it explains the failure; what it followed, or false. */
async function followUp(step: SequenceStep, error: unknown, deps: ExecutorDeps, signal: AbortSignal): Promise<keyof typeof FOLLOWED | false> {
  if (isPortLoss(error, deps)) {
    deps.emit({ type: 'step-progress', step: step.id, code: 'progress.portLostWaiting' });
    let moved: PortReturn | undefined;
    await deps.recoverPort(signal, (back) => {
      if (!back.moved) return;
      moved = back;
      deps.emit({ type: 'step-progress', step: step.id, ...describePortReturn(back) });
    });
    if (moved) deps.emit({ type: 'step-progress', step: step.id, code: 'progress.portMovedCarryingOn', values: { uri: moved.uri } });
    return 'port';
  }
  if (deps.rebootPending()) {
    deps.emit({ type: 'step-progress', step: step.id, code: 'progress.moduleRebooted' });
    await deps.reinitialise(signal);
    return 'reboot';
  }
  return false;
}

/**
 * The step ran out of its time limit: STEP_TIMEOUT saying how long was waited and how many
 * attempts were made, with the last attempt's own failure (what the module said) carried along.
 */
function ceilingFailure(step: SequenceStep, deps: ExecutorDeps, ceiling: Ceiling, attempts: number, last: DescribedFailure | undefined): DescribedFailure {
  ceiling.freeze();
  const timeoutMs = ceiling.timeoutMs ?? 0;
  const waitedMs = Math.round(ceiling.elapsedMs);
  const lastFailure = last?.failure;
  const details = { ...(lastFailure?.command ? { command: lastFailure.command } : {}), ...(lastFailure?.moduleSaid ? { moduleSaid: lastFailure.moduleSaid } : {}) };
  // The last attempt's own words ride along as a catalogue reference, rendered in the reader's language.
  const lastWords = lastFailure ? ref('failure.lastFailure', { meaning: ref(`failure.${lastFailure.code}.meaning` as MessageKey, lastFailure.values) }) : '';
  const described = describe(classify(new StepError('STEP_TIMEOUT', { timeoutMs, waitedMs, attempts, lastFailure: lastWords }, details)), { step: step.id, port: deps.port });
  return { ...described, retryable: false };
}

export async function executeStep(step: SequenceStep, deps: ExecutorDeps): Promise<StepOutcome> {
  const ceiling = new Ceiling(deps.limits.timeoutMs, deps.runSignal);
  try {
    return await executeWithin(step, deps, ceiling);
  } finally {
    ceiling.dispose();
  }
}

async function executeWithin(step: SequenceStep, deps: ExecutorDeps, ceiling: Ceiling): Promise<StepOutcome> {
  let retriesLeft = deps.limits.retries;
  let followUpsLeft = deps.limits.retries > 0 ? FOLLOW_UPS : 0;
  let last: DescribedFailure | undefined;
  const fail = (described: DescribedFailure): StepOutcome => {
    deps.emit({ type: 'step-failed', step: step.id, durationMs: Math.round(ceiling.elapsedMs), error: described.failure });
    return { ok: false, described };
  };
  for (let round = 1; ; round++) {
    deps.emit({ type: 'step-started', step: step.id });
    const started = Date.now();
    try {
      const result = await attempt(step, deps, ceiling);
      if (deps.rebootPending()) await deps.reinitialise(ceiling.signal);
      const durationMs = Date.now() - started;
      if (result.status === 'passed') {
        const { key, values } = result.summary;
        deps.emit({ type: 'step-passed', step: step.id, durationMs, summary: formatMessage('en', key, values), summaryRef: result.summary });
      } else {
        const { key, values } = result.reason;
        deps.emit({ type: 'step-skipped', step: step.id, reason: formatMessage('en', key, values), reasonRef: result.reason });
      }
      return { ok: true, result };
    } catch (error) {
      if (error instanceof RunCancelled || deps.runSignal.aborted) throw new RunCancelled();
      if (error instanceof StepCeiling || ceiling.reached) return fail(ceilingFailure(step, deps, ceiling, round, last));
      let described = describe(classify(error), { step: step.id, port: deps.port });
      const repeat = await decideRepeat(step, error, described, deps, ceiling, { retriesLeft, followUpsLeft });
      if (ceiling.reached) return fail(ceilingFailure(step, deps, ceiling, round, described));
      if (typeof repeat === 'object' && 'failure' in repeat) described = describe(classify(repeat.failure), { step: step.id, port: deps.port });
      if (typeof repeat === 'object' && 'followed' in repeat) followUpsLeft -= 1;
      else if (repeat === 'retry') retriesLeft -= 1;
      else return fail(described);
      last = described;
      const wait = repeat === 'retry' ? deps.backoffMs * 2 ** (deps.limits.retries - retriesLeft - 1) + Math.random() * 250 : 0;
      // No attempt that could not finish anyway: the limit is reached before the backoff is over.
      if (wait >= ceiling.remainingMs) return fail(ceilingFailure(step, deps, ceiling, round, described));
      const meaning = ref(`failure.${described.failure.code}.meaning` as MessageKey, described.failure.values);
      if (repeat === 'retry') deps.emit({ type: 'step-progress', step: step.id, code: 'progress.attemptFailedRetrying', values: { round, meaning, waitMs: Math.round(wait) } });
      else deps.emit({ type: 'step-progress', step: step.id, code: 'progress.attemptInterrupted', values: { round, cause: ref(FOLLOWED[repeat.followed]) } });
      await sleep(wait, ceiling.signal).catch(() => undefined);
      if (deps.runSignal.aborted) throw new RunCancelled();
      if (ceiling.reached) return fail(ceilingFailure(step, deps, ceiling, round, described));
    }
  }
}

async function decideRepeat(
  step: SequenceStep,
  error: unknown,
  described: DescribedFailure,
  deps: ExecutorDeps,
  ceiling: Ceiling,
  budget: { retriesLeft: number; followUpsLeft: number },
): Promise<{ followed: keyof typeof FOLLOWED } | 'retry' | 'stop' | { failure: StepError }> {
  if (budget.followUpsLeft > 0) {
    try {
      const followed = await followUp(step, error, deps, ceiling.signal);
      if (followed) return { followed };
    } catch (followUpError) {
      if (deps.runSignal.aborted) throw new RunCancelled();
      if (ceiling.reached) return 'stop';
      // The port came back with another device: that, not the lost port, is what the user must know.
      if (followUpError instanceof StepError && followUpError.code === 'DEVICE_CHANGED') return { failure: followUpError };
      return 'stop'; // the port did not come back: report the original failure
    }
  }
  return described.retryable && budget.retriesLeft > 0 && deps.portIsOpen() ? 'retry' : 'stop';
}
