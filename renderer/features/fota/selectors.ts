import type { AppState } from '../../store/app-state.ts';
import type { FotaTargetState } from './slice.ts';

export const selectFota = (s: AppState) => s.fota;

export type FotaStage = 'offer' | 'progress' | 'result';

/** What the dialog shows for a target: the question, the progress, or the outcome. */
export function fotaStage(target: FotaTargetState): FotaStage {
  if (target.result) return 'result';
  if (target.answer === true || Object.keys(target.progress).length > 0) return 'progress';
  return 'offer';
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** 262144 → "256 KB" (binary units, one decimal below 10). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export const formatSeconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));
