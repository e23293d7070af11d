import type { AppState } from '../../store/app-state.ts';

export const selectCalibration = (s: AppState) => s.calibration.result;

/** Degrees with one decimal, a real minus sign, and no "-0.0". */
export function formatDegrees(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const text = Math.abs(rounded).toFixed(1);
  return rounded < 0 ? `−${text}°` : `${text}°`;
}
