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
import { classify, describe, type DescribedFailure } from './failures.ts';
import { ref, type MessageKey } from '../../../shared/messages/index.ts';
import { StepError } from './step-error.ts';
import type { SequenceStep, StepEnv, StepResult } from './step.ts';

export class RunCancelled extends Error {
  override readonly name = 'RunCancelled';
}

export interface ExecutorDeps {
  port: string;
  /** The run's own abort signal (cancel). */
  runSignal: AbortSignal;
  /** Profile overrides for this step. */
  limits: { timeoutMs: number | undefined; retries: number };
  /** First retry waits this long, then doubles (plus jitter). */
  backoffMs: number;
  emit(body: RunnerEventBody): void;
  makeEnv(step: SequenceStep, signal: AbortSignal): StepEnv;
  /** True when the module rebooted since the runner last re-initialised it. */
  rebootPending(): boolean;
  /** Re-initialise after a reboot (sync, ATE0, CMEE, restore). */
  reinitialise(signal: AbortSignal): Promise<void>;
  /** Reopen a lost port and re-initialise (S2). */
  recoverPort(signal: AbortSignal): Promise<void>;
  portIsOpen(): boolean;
}

export type StepOutcome = { ok: true; result: StepResult } | { ok: false; described: DescribedFailure };

/** Each step may be repeated this many extra times after a reboot or a returned port. */
const FOLLOW_UPS = 2;

class StepTimedOut extends Error {}

async function attempt(step: SequenceStep, deps: ExecutorDeps): Promise<StepResult> {
  const stop = new AbortController();
  const signal = AbortSignal.any([deps.runSignal, stop.signal]);
  const { timeoutMs } = deps.limits;
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop.abort(new StepTimedOut()), timeoutMs);
  const aborted = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason instanceof Error ? signal.reason : new RunCancelled()), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const env = deps.makeEnv(step, signal);
    const missing = step.needs.find((key) => env.ctx[key] === undefined);
    if (missing) throw new StepError('MISSING_EARLIER_STEP', { missing: PRODUCED_BY[missing] });
    return await Promise.race([step.run(env), aborted]);
  } catch (error) {
    if (deps.runSignal.aborted) throw new RunCancelled();
    if (stop.signal.aborted) throw new StepError('STEP_TIMEOUT', { timeoutMs: timeoutMs ?? 0 }, {}, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function isPortLoss(error: unknown, deps: ExecutorDeps): boolean {
  if (error instanceof AtClosedError) return true;
  if (error instanceof TransportError) return error.kind === 'lost' || error.kind === 'closed';
  return !deps.portIsOpen();
}

/** Follows a reboot or a lost port when it explains the failure; true when the step may be repeated. */
async function followUp(step: SequenceStep, error: unknown, deps: ExecutorDeps): Promise<boolean> {
  if (isPortLoss(error, deps)) {
    deps.emit({ type: 'step-progress', step: step.id, code: 'progress.portLostWaiting' });
    await deps.recoverPort(deps.runSignal);
    return true;
  }
  if (deps.rebootPending()) {
    deps.emit({ type: 'step-progress', step: step.id, code: 'progress.moduleRebooted' });
    await deps.reinitialise(deps.runSignal);
    return true;
  }
  return false;
}

export async function executeStep(step: SequenceStep, deps: ExecutorDeps): Promise<StepOutcome> {
  let retriesLeft = deps.limits.retries;
  let followUpsLeft = deps.limits.retries > 0 ? FOLLOW_UPS : 0;
  for (let round = 1; ; round++) {
    deps.emit({ type: 'step-started', step: step.id });
    const started = Date.now();
    try {
      const result = await attempt(step, deps);
      if (deps.rebootPending()) await deps.reinitialise(deps.runSignal);
      const durationMs = Date.now() - started;
      if (result.status === 'passed') deps.emit({ type: 'step-passed', step: step.id, durationMs, summary: result.summary });
      else deps.emit({ type: 'step-skipped', step: step.id, reason: result.reason });
      return { ok: true, result };
    } catch (error) {
      if (error instanceof RunCancelled || deps.runSignal.aborted) throw new RunCancelled();
      let described = describe(classify(error), { step: step.id, port: deps.port });
      const repeat = await decideRepeat(step, error, described, deps, { retriesLeft, followUpsLeft });
      if (typeof repeat === 'object') described = describe(classify(repeat.failure), { step: step.id, port: deps.port });
      if (repeat === 'follow-up') followUpsLeft -= 1;
      else if (repeat === 'retry') retriesLeft -= 1;
      else {
        deps.emit({ type: 'step-failed', step: step.id, durationMs: Date.now() - started, error: described.failure });
        return { ok: false, described };
      }
      const wait = repeat === 'retry' ? deps.backoffMs * 2 ** (deps.limits.retries - retriesLeft - 1) + Math.random() * 250 : 0;
      const meaning = ref(`failure.${described.failure.code}.meaning` as MessageKey, described.failure.values);
      const code = repeat === 'retry' ? 'progress.attemptFailedRetrying' : 'progress.attemptFailedRepeating';
      deps.emit({ type: 'step-progress', step: step.id, code, values: { round, meaning, waitMs: Math.round(wait) } });
      await sleep(wait, deps.runSignal).catch(() => undefined);
      if (deps.runSignal.aborted) throw new RunCancelled();
    }
  }
}

async function decideRepeat(
  step: SequenceStep,
  error: unknown,
  described: DescribedFailure,
  deps: ExecutorDeps,
  budget: { retriesLeft: number; followUpsLeft: number },
): Promise<'follow-up' | 'retry' | 'stop' | { failure: StepError }> {
  if (budget.followUpsLeft > 0) {
    try {
      if (await followUp(step, error, deps)) return 'follow-up';
    } catch (followUpError) {
      if (deps.runSignal.aborted) throw new RunCancelled();
      // The port came back with another device: that, not the lost port, is what the user must know.
      if (followUpError instanceof StepError && followUpError.code === 'DEVICE_CHANGED') return { failure: followUpError };
      return 'stop'; // the port did not come back: report the original failure
    }
  }
  return described.retryable && budget.retriesLeft > 0 && deps.portIsOpen() ? 'retry' : 'stop';
}
