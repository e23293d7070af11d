/**
 * Catching up with a run the back end already holds (listRuns) after a page reload or in a
 * second tab: which held run to show, and when the store may take it over.
 */
import type { RunnerEvent } from '../../../shared/events.ts';
import { isRunActive } from '../../../shared/events.ts';
import type { HeldRun } from '../../../shared/ipc.ts';
import type { AppState } from '../../store/app-state.ts';
import type { FotaState } from '../fota/slice.ts';
import type { RunState } from '../wizard/slice.ts';

/** True while the run's engine works, as its last run-state event says. */
export function isHeldRunRunning(events: readonly RunnerEvent[]): boolean {
  const last = events.findLast((e) => e.type === 'run-state');
  return last?.type === 'run-state' && isRunActive(last.to);
}

/** The run to show: the newest running one, else the newest failed one waiting for retry. */
export function pickHeldRun(runs: readonly HeldRun[]): HeldRun | undefined {
  return runs.findLast((run) => isHeldRunRunning(run.events)) ?? runs.at(-1);
}

/** The screen may take `runId` over: nothing shown or started yet, or already that run. */
export function mayShowHeldRun(state: AppState, runId: string): boolean {
  const run = state.run;
  if (run.runId !== null) return run.runId === runId && run.source === 'live';
  return run.source === 'none' && run.busy === null;
}

/**
 * The FOTA dialog after catching up: kept while its step still runs (an offer waiting for an
 * answer, an update in progress); an offer whose step is already over was answered long ago.
 */
export function caughtUpFota(fota: FotaState, run: RunState): FotaState {
  const target = fota.dialog;
  if (target === null || (run.outcome === null && run.steps[`fota-${target}`].status === 'running')) return fota;
  return { ...fota, dialog: null };
}
