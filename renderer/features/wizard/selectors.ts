import { STEP_IDS } from '../../../shared/steps.ts';
import type { StepId } from '../../../shared/steps.ts';
import type { AppState } from '../../store/app-state.ts';
import type { RunState } from './slice.ts';

export const selectRun = (s: AppState) => s.run;
export const selectSteps = (s: AppState) => s.run.steps;
export const selectDevice = (s: AppState) => s.run.device;

/** The step that failed (the one Retry resumes from), if any. */
export function failedStep(run: RunState): StepId | null {
  return STEP_IDS.find((id) => run.steps[id].status === 'failed') ?? null;
}

/** A live run that has not ended: Start is disabled and Cancel enabled. */
export function isRunActive(run: RunState): boolean {
  return run.source === 'live' && run.runId !== null && run.outcome === null;
}

export function isLiveSession(run: RunState): boolean {
  return run.source === 'live' && run.outcome === null && run.steps['live-session'].status === 'running';
}

/** Whole-run progress: finished steps / all steps (0–100). */
export function runPercent(run: RunState): number {
  const done = STEP_IDS.filter((id) => ['passed', 'skipped', 'failed'].includes(run.steps[id].status)).length;
  return Math.round((done / STEP_IDS.length) * 100);
}

export const durationSeconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
