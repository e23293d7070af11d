/**
 * One slot's state machine (docs/station.md#slot-states), a transition table with the cause each
 * transition may have. Every transition is a `slot-state` event (station log, the slot's log, the
 * faces); a transition the table does not allow throws SlotTransitionError — a bug, never a unit's
 * fault.
 *
 *   empty ──device-appeared──► present ──run-started──► running(step) ──step──► running(step')
 *     ▲                           │                        │
 *     │                         pulled                 run-finished ─► passed | failed | refused
 *     └────────────── pulled ─────┴──────────────────────────────────────────────┘
 *   failed ──retry──► running (from the failed step)        passed ──rework──► running
 *
 * `empty` keeps the last result until the next unit arrives.
 */
import { KindError } from '../../shared/errors.ts';
import type { SlotResult, SlotState, SlotStateEvent } from '../../shared/station.ts';
import type { StepId } from '../../shared/steps.ts';

export const SLOT_CAUSES = ['device-appeared', 'run-started', 'step', 'run-finished', 'pulled', 'retry', 'rework'] as const;
export type SlotCause = (typeof SLOT_CAUSES)[number];

/** from → (cause → allowed targets). */
export const SLOT_TRANSITIONS: Readonly<Record<SlotState, Partial<Record<SlotCause, readonly SlotState[]>>>> = {
  empty: { 'device-appeared': ['present'] },
  present: { 'run-started': ['running'], pulled: ['empty'] },
  running: { step: ['running'], 'run-finished': ['passed', 'failed', 'refused'] },
  passed: { pulled: ['empty'], rework: ['running'] },
  failed: { pulled: ['empty'], retry: ['running'] },
  refused: { pulled: ['empty'] },
};

export class SlotTransitionError extends KindError<'not-allowed'> {
  override readonly name = 'SlotTransitionError';
}

export interface SlotTransition {
  port?: string;
  step?: StepId;
  imei?: string;
  runId?: string;
  result?: SlotResult;
}

export type SlotEventBody = Omit<SlotStateEvent, 't'>;

export class SlotMachine {
  #state: SlotState = 'empty';
  #step: StepId | undefined;
  #imei: string | undefined;
  #runId: string | undefined;
  #port: string | undefined;
  #last: SlotResult | undefined;
  #since = Date.now();

  constructor(
    readonly label: string,
    private readonly emit: (body: SlotEventBody) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): SlotState {
    return this.#state;
  }
  get step(): StepId | undefined {
    return this.#step;
  }
  get imei(): string | undefined {
    return this.#imei;
  }
  get runId(): string | undefined {
    return this.#runId;
  }
  get port(): string | undefined {
    return this.#port;
  }
  /** The last finished unit's result (kept through `empty` until the next unit arrives). */
  get last(): SlotResult | undefined {
    return this.#last;
  }
  /** When the current state began (epoch ms); `running` counts from run-started. */
  get since(): number {
    return this.#since;
  }

  can(cause: SlotCause, to: SlotState): boolean {
    return SLOT_TRANSITIONS[this.#state][cause]?.includes(to) ?? false;
  }

  to(to: SlotState, cause: SlotCause, details: SlotTransition = {}): void {
    const from = this.#state;
    if (!this.can(cause, to)) throw new SlotTransitionError('not-allowed', `slot ${this.label}: ${from} → ${to} on ${cause} is not allowed`);
    this.#state = to;
    if (cause !== 'step') this.#since = this.now();
    if (details.port !== undefined) this.#port = details.port;
    if (to === 'running') this.#step = details.step ?? this.#step;
    else this.#step = undefined;
    if (details.imei !== undefined) this.#imei = details.imei;
    if (details.runId !== undefined) this.#runId = details.runId;
    if (cause === 'device-appeared') {
      // A new unit: forget the previous unit's identity (its result stays in `last` until this one ends).
      this.#imei = undefined;
      this.#runId = undefined;
    }
    if (details.result) this.#last = details.result;
    if (to === 'empty') this.#port = undefined;
    this.emit({
      type: 'slot-state',
      slot: this.label,
      from,
      to,
      cause,
      ...(this.#port !== undefined ? { port: this.#port } : {}),
      ...(this.#step !== undefined ? { step: this.#step } : {}),
      ...(this.#imei !== undefined ? { imei: this.#imei } : {}),
      ...(this.#runId !== undefined ? { runId: this.#runId } : {}),
      ...(details.result ? { result: details.result } : {}),
    });
  }
}
