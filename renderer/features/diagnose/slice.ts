/**
 * The diagnosis on screen (startDiagnosis): its steps, the identified device and the verdict,
 * reduced from the events of the `diagnosis` channel with the wizard's own run reducer (the steps
 * and device are the same events), plus the verdict, a bounded AT log and the report.
 */
import type { DiagnosisVerdict, RunnerEvent, TrafficEventShape } from '../../../shared/events.ts';
import type { ReportState } from '../report/slice.ts';
import { initialReport } from '../report/slice.ts';
import type { RunState } from '../wizard/slice.ts';
import { initialRun, reduceRun } from '../wizard/slice.ts';

/** The AT log of a diagnosis keeps its last lines only (the full log is session.jsonl on disk). */
export const DIAGNOSIS_LOG_LINES = 2000;

export interface DiagnoseState {
  /** The diagnose screen is shown instead of the device card and panels. */
  open: boolean;
  port: string | null;
  runId: string | null;
  busy: 'starting' | 'cancelling' | null;
  error: string | null;
  /** Steps, device, outcome and lifecycle of the diagnosis (wizard/slice.ts reduceRun). */
  run: RunState;
  verdict: DiagnosisVerdict | null;
  log: string[];
  report: ReportState;
}

export const initialDiagnose: DiagnoseState = {
  open: false,
  port: null,
  runId: null,
  busy: null,
  error: null,
  run: initialRun,
  verdict: null,
  log: [],
  report: initialReport,
};

/** A fresh diagnosis on `port` (the screen opens; the run id comes with its first event or the answer). */
export function startingDiagnosis(port: string): DiagnoseState {
  return { ...initialDiagnose, open: true, port, busy: 'starting', run: { ...initialRun, source: 'live', port } };
}

/** Whether an event of the diagnosis channel belongs to the diagnosis on screen. */
export function isOurs(state: DiagnoseState, runId: string, event: RunnerEvent): boolean {
  if (state.runId !== null) return runId === state.runId;
  return state.busy === 'starting' && event.type === 'run-started' && event.port === state.port;
}

export function reduceDiagnosis(state: DiagnoseState, runId: string, event: RunnerEvent): DiagnoseState {
  if (!isOurs(state, runId, event)) return state;
  let next: DiagnoseState = state.runId === null ? { ...state, runId, run: { ...state.run, runId } } : state;
  const run = reduceRun(next.run, event);
  if (run !== next.run) next = { ...next, run };
  switch (event.type) {
    case 'diagnosis-verdict':
      return { ...next, verdict: event };
    case 'at-traffic': {
      const line = logLine(event.event);
      if (line === null) return next;
      const log = next.log.length >= DIAGNOSIS_LOG_LINES ? [...next.log.slice(1 - DIAGNOSIS_LOG_LINES), line] : [...next.log, line];
      return { ...next, log };
    }
    case 'run-finished':
      // A report fetched before the end is stale once it ends.
      return { ...next, busy: null, report: initialReport };
    default:
      return next;
  }
}

/** The diagnosis is working (started and not finished). */
export function isDiagnosing(state: DiagnoseState): boolean {
  return state.busy === 'starting' || (state.runId !== null && state.run.outcome === null && state.error === null);
}

/** Commands and the module's lines (not echoes, raw bytes or data) as the AT log shows them. */
function logLine(event: TrafficEventShape): string | null {
  if (event.kind === 'command') return `→ ${event.text}`;
  if (event.kind === 'line' && event.role !== 'echo') return `← ${event.text}`;
  return null;
}
