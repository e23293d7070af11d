/**
 * Firmware updates: the server's offer per target (main, sub), the user's answer, progress per
 * phase (download, apply, reboot) and the confirmed result after the device came back.
 */
import type { FotaOffer, FotaProgress, FotaResult, RunnerEvent } from '../../../shared/events.ts';

export type FirmwareTarget = FotaOffer['target'];
export type FotaPhase = FotaProgress['phase'];
export const FOTA_PHASES: readonly FotaPhase[] = ['download', 'apply', 'reboot'];

export interface FotaTargetState {
  offer: FotaOffer | null;
  /** true = Update, false = Skip, null = not answered (yet). */
  answer: boolean | null;
  progress: Partial<Record<FotaPhase, FotaProgress>>;
  result: FotaResult | null;
}

export interface FotaState {
  main: FotaTargetState;
  sub: FotaTargetState;
  /** The target the dialog is about; null = dialog closed. */
  dialog: FirmwareTarget | null;
  answering: boolean;
  error: string | null;
}

const emptyTarget: FotaTargetState = { offer: null, answer: null, progress: {}, result: null };
export const initialFota: FotaState = { main: emptyTarget, sub: emptyTarget, dialog: null, answering: false, error: null };

export function reduceFota(state: FotaState, event: RunnerEvent): FotaState {
  switch (event.type) {
    case 'fota-offer':
      return { ...state, [event.target]: { ...emptyTarget, offer: event }, dialog: event.target, error: null };
    case 'fota-progress': {
      const target = state[event.target];
      const progress = { ...target.progress, [event.phase]: event };
      return { ...state, [event.target]: { ...target, progress }, dialog: state.dialog ?? event.target };
    }
    case 'fota-result':
      return { ...state, [event.target]: { ...state[event.target], result: event } };
    default:
      return state;
  }
}
