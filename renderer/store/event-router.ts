/**
 * Routes one back-end event to the slices it concerns. Runner events are scoped to the run on
 * screen: another run's events are ignored, a new run replaces the run-scoped slices, and a
 * resumed run (retryRun) continues the current one. AT traffic goes to the LogSink, not state.
 */
import type { RunnerEvent } from '../../shared/events.ts';
import type { IpcEvent } from '../../shared/ipc.ts';
import type { AppState } from './app-state.ts';
import { runScopedReset } from './app-state.ts';
import { reducePorts } from '../features/ports/slice.ts';
import { reduceTerminal } from '../features/terminal/slice.ts';
import { reduceRun } from '../features/wizard/slice.ts';
import { reduceMqtt } from '../features/mqtt/slice.ts';
import { reduceCalibration } from '../features/calibration/slice.ts';
import { reduceFota } from '../features/fota/slice.ts';
import { initialReport } from '../features/report/slice.ts';
import { reduceDiagnosis } from '../features/diagnose/slice.ts';
import { reduceStationBatch } from '../features/station/slice.ts';
import type { TrafficEventShape } from '../../shared/events.ts';

/** Where AT traffic lines go (the LogBuffer), and how a new run empties it. */
export interface LogSink {
  traffic(event: TrafficEventShape): void;
  clear(): void;
}

export type RunMatch = 'same' | 'continue' | 'new-run' | 'ignore';

/** The run on screen no longer works (the engine said so with run-state): a new run may replace it. */
function runIsOver(run: AppState['run']): boolean {
  return run.lifecycle === 'finished' || run.lifecycle === 'closed' || run.lifecycle === 'failed-holding-port';
}

export function matchRun(state: AppState, runId: string, event: RunnerEvent): RunMatch {
  const run = state.run;
  if (runId === run.runId) return 'same';
  if (run.retryFrom !== null) return 'continue';
  if (run.source === 'replay') return 'ignore';
  const idle = run.runId === null || runIsOver(run) || run.busy === 'starting';
  return idle && (event.type === 'run-started' || run.runId === null) ? 'new-run' : 'ignore';
}

export function routeEvent(state: AppState, event: IpcEvent, log: LogSink): AppState {
  switch (event.channel) {
    case 'ports-changed':
      return { ...state, ports: reducePorts(state.ports, event) };
    case 'terminal':
      return { ...state, terminal: reduceTerminal(state.terminal, event) };
    case 'runner':
      return routeRunnerEvent(state, event.runId, event.event, log);
    case 'diagnosis': {
      // A diagnosis has its own screen: its events never touch the run, its AT lines not the run's log.
      const diagnose = reduceDiagnosis(state.diagnose, event.runId, event.event);
      return diagnose === state.diagnose ? state : { ...state, diagnose };
    }
    case 'station': {
      // A station has its own screen: its units never touch the run on screen or its AT log.
      const station = reduceStationBatch(state.station, event);
      return station === state.station ? state : { ...state, station };
    }
  }
}

function routeRunnerEvent(state: AppState, runId: string, event: RunnerEvent, log: LogSink): AppState {
  const match = matchRun(state, runId, event);
  if (match === 'ignore') return state;
  let next = state;
  if (match === 'new-run') {
    log.clear();
    next = runScopedReset(state);
    next = { ...next, run: { ...next.run, runId, source: 'live', busy: state.run.busy === 'starting' ? null : state.run.busy } };
  } else if (match === 'continue') {
    next = { ...state, run: { ...state.run, runId } };
  }
  if (event.type === 'at-traffic') log.traffic(event.event);
  return applyRunnerEvent(next, event);
}

function applyRunnerEvent(state: AppState, event: RunnerEvent): AppState {
  const run = reduceRun(state.run, event);
  const mqtt = reduceMqtt(state.mqtt, event);
  const calibration = reduceCalibration(state.calibration, event);
  const fota = reduceFota(state.fota, event);
  // A report fetched before the run ended is stale once it ends.
  const report = event.type === 'run-finished' ? initialReport : state.report;
  if (run === state.run && mqtt === state.mqtt && calibration === state.calibration && fota === state.fota && report === state.report) {
    return state;
  }
  return { ...state, run, mqtt, calibration, fota, report };
}
