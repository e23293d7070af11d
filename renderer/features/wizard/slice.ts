/**
 * The run as the wizard shows it: each step's state, duration, progress and last command; the
 * failure with its explanation; the identified device; the outcome. Reduced from runner events.
 */
import type { DeviceIdentified, DeviceStatus, RunLifecycleState, RunOutcome, RunWarning, RunnerEvent, StepFailure } from '../../../shared/events.ts';
import { STEP_IDS } from '../../../shared/steps.ts';
import type { StepId } from '../../../shared/steps.ts';
import type { MessageKey, MessageRef, MessageValues } from '../../../shared/messages/index.ts';

export type StepStatus = 'waiting' | 'running' | 'passed' | 'failed' | 'skipped' | 'cancelled';

export interface StepProgressView {
  /** What is happening, as a catalogue key and values (shown in the UI language). */
  code: MessageKey;
  values?: MessageValues;
  percent?: number;
  bytesDone?: number;
  bytesTotal?: number;
  etaMs?: number;
}

export interface StepView {
  status: StepStatus;
  startedAt?: number;
  durationMs?: number;
  summary?: string;
  reason?: string;
  /** Catalogue words for summary / reason (shown in the chosen language when present). */
  summaryRef?: MessageRef;
  reasonRef?: MessageRef;
  progress?: StepProgressView;
  failure?: StepFailure;
  /** The last command the host sent during this step (already redacted by the engine). */
  lastCommand?: string;
}

export type RunSource = 'none' | 'live' | 'replay';
export type RunBusy = 'starting' | 'cancelling' | 'retrying' | 'disconnecting' | null;

export interface RunState {
  runId: string | null;
  source: RunSource;
  /** File name of the replayed session log. */
  replayName: string | null;
  port: string | null;
  profileName: string | null;
  startedAt: number | null;
  steps: Record<StepId, StepView>;
  current: StepId | null;
  outcome: RunOutcome | null;
  /** Where the run is in its lifecycle: the engine's last run-state event (null before the first). */
  lifecycle: RunLifecycleState | null;
  device: DeviceIdentified | null;
  /** Set between retryRun and the resumed run's first event: earlier steps are kept. */
  retryFrom: StepId | null;
  busy: RunBusy;
  error: string | null;
  /** Warnings of the run (plain http allowed by the profile, certificate dates), each once. */
  warnings: Array<Pick<RunWarning, 'code' | 'message' | 'words'>>;
}

export function freshSteps(): Record<StepId, StepView> {
  return Object.fromEntries(STEP_IDS.map((id) => [id, { status: 'waiting' }])) as Record<StepId, StepView>;
}

export const initialRun: RunState = {
  runId: null,
  source: 'none',
  replayName: null,
  port: null,
  profileName: null,
  startedAt: null,
  steps: freshSteps(),
  current: null,
  outcome: null,
  lifecycle: null,
  device: null,
  retryFrom: null,
  busy: null,
  error: null,
  warnings: [],
};

const withStep = (state: RunState, step: StepId, view: StepView): RunState => ({ ...state, steps: { ...state.steps, [step]: view } });

export function reduceRun(state: RunState, event: RunnerEvent): RunState {
  switch (event.type) {
    case 'run-started':
      // The run id on the event channel is authoritative (a replay gets its own id).
      return { ...state, port: event.port, profileName: event.profileName, startedAt: event.startedAt, outcome: null };
    case 'step-started':
      return { ...withStep(state, event.step, { status: 'running', startedAt: event.t }), current: event.step, outcome: null, retryFrom: null };
    case 'step-progress': {
      const { code, values, percent, bytesDone, bytesTotal, etaMs } = event;
      return withStep(state, event.step, { ...state.steps[event.step], progress: { code, values, percent, bytesDone, bytesTotal, etaMs } });
    }
    case 'step-passed':
      return finishStep(state, event.step, { status: 'passed', durationMs: event.durationMs, summary: event.summary, ...(event.summaryRef ? { summaryRef: event.summaryRef } : {}) });
    case 'step-failed':
      return finishStep(state, event.step, { status: 'failed', durationMs: event.durationMs, failure: event.error });
    case 'step-skipped':
      return finishStep(state, event.step, { status: 'skipped', reason: event.reason, ...(event.reasonRef ? { reasonRef: event.reasonRef } : {}) });
    case 'at-traffic':
      return event.event.kind === 'command' && state.current ? noteCommand(state, state.current, event.event.text) : state;
    case 'device-identified':
      return { ...state, device: event };
    case 'device-status':
      // The live dashboard's refresh: the newer readings over the identified device (SIM fields kept).
      return state.device ? { ...state, device: { ...state.device, ...withoutMeta(event), t: event.t } } : state;
    case 'warning':
      if (state.warnings.some((w) => w.code === event.code && w.message === event.message)) return state;
      return { ...state, warnings: [...state.warnings, { code: event.code, message: event.message, ...(event.words ? { words: event.words } : {}) }] };
    case 'run-state':
      return { ...state, lifecycle: event.to };
    case 'run-finished':
      return { ...markInterrupted(state, event.outcome), outcome: event.outcome, current: null, busy: null };
    default:
      return state;
  }
}

function finishStep(state: RunState, step: StepId, patch: StepView): RunState {
  const before = state.steps[step];
  const view: StepView = { ...patch, lastCommand: before.lastCommand, startedAt: before.startedAt };
  return { ...withStep(state, step, view), current: state.current === step ? null : state.current };
}

function noteCommand(state: RunState, step: StepId, command: string): RunState {
  return withStep(state, step, { ...state.steps[step], lastCommand: command });
}

/** A step still running when the run ends was cut off (cancel, or the live session ended). */
function markInterrupted(state: RunState, outcome: RunOutcome): RunState {
  let steps = state.steps;
  for (const id of STEP_IDS) {
    if (steps[id].status !== 'running') continue;
    const status: StepStatus = outcome === 'passed' ? 'passed' : 'cancelled';
    steps = { ...steps, [id]: { ...steps[id], status, progress: undefined } };
  }
  return { ...state, steps };
}

/** Before a resumed run: the retried step and everything after it go back to waiting. */
export function resetFrom(state: RunState, from: StepId): RunState {
  const start = STEP_IDS.indexOf(from);
  const steps = { ...state.steps };
  for (const id of STEP_IDS.slice(start)) steps[id] = { status: 'waiting' };
  return { ...state, steps, outcome: null, current: null };
}

/** A device-status event's readings (its `type` is not the device's). */
function withoutMeta(event: DeviceStatus): Omit<DeviceStatus, 'type' | 't'> {
  const { type: _type, t: _t, ...readings } = event;
  return readings;
}
