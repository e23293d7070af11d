/**
 * "What changed since it last worked" for a bundle: in the device's history (RunRecords, oldest
 * first) the bundled run is compared with the last passing run before it, through the one
 * comparison of the project (shared/run-diff.ts).
 */
import { diffRuns, type RunDifference } from '../../shared/run-diff.ts';
import type { RunRecord } from '../../shared/run-record.ts';

export type WhatChanged =
  | { status: 'no-history' }
  /** The history holds no passing run before the bundled one. */
  | { status: 'no-passing-run'; runs: number }
  | { status: 'compared'; lastPass: { runId: string; startedAt: number }; runId: string; differences: RunDifference[] };

/**
 * The differences from the last passing run to the bundled run (`runId`; when the history does not
 * hold it, its newest run that did not pass).
 */
export function whatChanged(records: readonly RunRecord[] | null, runId: string | null): WhatChanged {
  if (records === null || records.length === 0) return { status: 'no-history' };
  const index = records.findIndex((r) => r.runId === runId);
  const at = index >= 0 ? index : records.findLastIndex((r) => r.outcome !== 'passed');
  const run = records[at];
  const lastPass = records.slice(0, Math.max(at, 0)).findLast((r) => r.outcome === 'passed');
  if (!run || !lastPass) return { status: 'no-passing-run', runs: records.length };
  return { status: 'compared', lastPass: { runId: lastPass.runId, startedAt: lastPass.startedAt }, runId: run.runId, differences: diffRuns(lastPass, run) };
}
