/**
 * The lifecycle of one run as an explicit state machine. The transition table is data; every
 * transition passes its guard or throws a RunTransitionError, and each one is reported as a
 * `run-state` event (session.jsonl, the app back end and the renderer follow it).
 *
 *   idle ──start──► opening ──port open──► running(step) ⇄ waiting-for-decision (FOTA ask)
 *   running ──passed──► finished ──close──► closed
 *   running ──failed──► failed-holding-port ──resume──► resuming ──► running(step)
 *   idle ──resume (restored context)──► resuming
 *   opening | running | waiting | failed-holding-port | resuming ──cancel──► cancelling ──► finished
 *   idle | failed-holding-port | finished ──close──► closed
 */
import { KindError } from '../../../shared/errors.ts';
import type { RunLifecycleState, RunOutcome, RunnerEventBody } from '../../../shared/events.ts';
import type { StepId } from '../../../shared/steps.ts';

/** What a transition carries; the guard of the target state decides what is required. */
export interface TransitionInput {
  step?: StepId;
  reason?: string;
  outcome?: RunOutcome;
}

type Guard = (input: TransitionInput) => string | undefined;

const needsStep: Guard = (input) => (input.step === undefined ? 'needs the step' : undefined);
const endsAs =
  (...allowed: RunOutcome[]): Guard =>
  (input) =>
    input.outcome !== undefined && allowed.includes(input.outcome) ? undefined : `needs the outcome ${allowed.join(' or ')}`;
const always: Guard = () => undefined;
/** A failure that holds the port names the failed step and the outcome `failed`. */
const failedAt: Guard = (input) => needsStep(input) ?? endsAs('failed')(input);

/** Every legal transition, with its guard. Anything else is a bug in the caller (RunTransitionError). */
export const RUN_TRANSITIONS: Readonly<Record<RunLifecycleState, Partial<Record<RunLifecycleState, Guard>>>> = {
  idle: { opening: always, resuming: needsStep, closed: always },
  opening: { running: needsStep, 'failed-holding-port': failedAt, cancelling: always },
  running: {
    running: needsStep,
    'waiting-for-decision': needsStep,
    'failed-holding-port': failedAt,
    cancelling: always,
    finished: endsAs('passed'),
  },
  'waiting-for-decision': { running: needsStep, cancelling: always, 'failed-holding-port': failedAt },
  'failed-holding-port': { resuming: needsStep, cancelling: always, closed: always },
  resuming: { running: needsStep, 'failed-holding-port': failedAt, cancelling: always },
  cancelling: { finished: endsAs('cancelled') },
  finished: { closed: always },
  closed: {},
};

/** States in which the engine is working; shared with the back end and the renderer. */
export { RUN_ACTIVE_STATES as ACTIVE_STATES, isRunActive as isActive, runHoldsPort as holdsPort } from '../../../shared/events.ts';

/** A transition the table does not allow, or one whose guard refused it. */
export class RunTransitionError extends KindError<'illegal-transition'> {
  override readonly name = 'RunTransitionError';
  constructor(
    readonly from: RunLifecycleState,
    readonly to: RunLifecycleState,
    why: string,
  ) {
    super('illegal-transition', `run lifecycle: ${from} → ${to} is not allowed (${why})`);
  }
}

/** Checks one transition against the table; returns the refusal, or undefined when it is legal. */
export function checkTransition(from: RunLifecycleState, to: RunLifecycleState, input: TransitionInput = {}): string | undefined {
  const guard = RUN_TRANSITIONS[from][to];
  if (!guard) return 'no such transition';
  return guard(input);
}

export class RunLifecycle {
  #state: RunLifecycleState = 'idle';
  #step: StepId | undefined;
  #outcome: RunOutcome | undefined;

  constructor(private readonly emit: (body: RunnerEventBody) => void) {}

  get state(): RunLifecycleState {
    return this.#state;
  }

  /** The step running, failed or resumed from (per the last transition that named one). */
  get step(): StepId | undefined {
    return this.#step;
  }

  /** How the run ended last (failed while holding the port, passed or cancelled once finished). */
  get outcome(): RunOutcome | undefined {
    return this.#outcome;
  }

  is(...states: RunLifecycleState[]): boolean {
    return states.includes(this.#state);
  }

  can(to: RunLifecycleState, input: TransitionInput = {}): boolean {
    return checkTransition(this.#state, to, input) === undefined;
  }

  /** Moves to `to` or throws RunTransitionError; emits the run-state event. */
  to(to: RunLifecycleState, input: TransitionInput = {}): void {
    const from = this.#state;
    const refused = checkTransition(from, to, input);
    if (refused !== undefined) throw new RunTransitionError(from, to, refused);
    this.#state = to;
    if (input.step !== undefined) this.#step = input.step;
    if (input.outcome !== undefined) this.#outcome = input.outcome;
    this.emit({
      type: 'run-state',
      from,
      to,
      ...(input.step === undefined ? {} : { step: input.step }),
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      ...(input.outcome === undefined ? {} : { outcome: input.outcome }),
    });
  }

  /** Moves to cancelling unless already there (or past it). */
  toCancelling(reason: string): void {
    if (this.can('cancelling')) this.to('cancelling', { reason });
  }
}
