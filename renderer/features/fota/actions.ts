/** The fota feature's actions (beside its slice, like wizard/ and mqtt/): they talk to the back end and update the store. */
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import type { FirmwareTarget, FotaState } from './slice.ts';

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
