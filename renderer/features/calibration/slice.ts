/** The G-sensor calibration result of the run (the last one, after a retry). */
import type { CalibrationResult, RunnerEvent } from '../../../shared/events.ts';

export interface CalibrationState {
  result: CalibrationResult | null;
}

export const initialCalibration: CalibrationState = { result: null };

export function reduceCalibration(state: CalibrationState, event: RunnerEvent): CalibrationState {
  return event.type === 'calibration-result' ? { result: event } : state;
}
