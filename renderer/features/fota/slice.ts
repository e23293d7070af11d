/**
 * Firmware updates: the server's offer per target (main, sub), the user's answer, progress per
 * phase (download, apply, reboot) and the confirmed result after the device came back.
 */
import type { FotaOffer, FotaProgress, FotaResult, RunnerEvent } from '../../../shared/events.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';

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

export function createFotaActions(ctx: ActionContext) {
  const fota = (recipe: (f: FotaState) => Partial<FotaState>) => ctx.update((s) => ({ fota: { ...s.fota, ...recipe(s.fota) } }));
  return {
    async answerFota(target: FirmwareTarget, accept: boolean): Promise<void> {
      const runId = ctx.get().run.runId;
      if (runId === null) return;
      fota((f) => ({ answering: true, error: null, [target]: { ...f[target], answer: accept } }));
      try {
        await ctx.api.answerFota({ runId, target, accept });
        fota((f) => ({ answering: false, dialog: accept ? f.dialog : null }));
      } catch (error) {
        fota((f) => ({ answering: false, error: errorMessage(error), [target]: { ...f[target], answer: null } }));
      }
    },
    closeFotaDialog(): void {
      fota(() => ({ dialog: null }));
    },
  };
}
export type FotaActions = ReturnType<typeof createFotaActions>;
