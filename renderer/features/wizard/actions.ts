/** Starting, cancelling, retrying and ending a run (startRun, cancelRun, retryRun, disconnect). */
import type { StepId } from '../../../shared/steps.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import { runScopedReset } from '../../store/app-state.ts';
import type { RunBusy, RunState } from './slice.ts';
import { resetFrom } from './slice.ts';

export function createRunActions(ctx: ActionContext) {
  const run = (recipe: (r: RunState) => Partial<RunState>) => ctx.update((s) => ({ run: { ...s.run, ...recipe(s.run) } }));

  async function call(busy: RunBusy, work: (runId: string) => Promise<unknown>): Promise<void> {
    const runId = ctx.get().run.runId;
    if (runId === null) return;
    run(() => ({ busy, error: null }));
    try {
      await work(runId);
      run((r) => ({ busy: r.busy === busy ? null : r.busy }));
    } catch (error) {
      run(() => ({ busy: null, error: errorMessage(error) }));
    }
  }

  return {
    async startRun(): Promise<void> {
      const port = ctx.get().ports.selected;
      const profile = ctx.get().profiles.selected;
      if (port === null || profile === null) return;
      ctx.log.buffer.clear();
      ctx.log.view.sync();
      ctx.update((s) => {
        const reset = runScopedReset(s);
        // A run brings its own screen back (a diagnosis shown stays in memory until the next one).
        return { ...reset, run: { ...reset.run, source: 'live', port, profileName: profile, busy: 'starting' }, log: { ...s.log, revision: s.log.revision + 1 }, diagnose: { ...s.diagnose, open: false } };
      });
      try {
        const { runId } = await ctx.api.startRun({ port, profile, fotaPolicy: 'ask' });
        run((r) => ({ runId: r.runId ?? runId, busy: r.busy === 'starting' ? null : r.busy }));
      } catch (error) {
        run(() => ({ busy: null, error: errorMessage(error) }));
      }
    },
    cancelRun: () => call('cancelling', (runId) => ctx.api.cancelRun({ runId })),
    disconnect: () => call('disconnecting', (runId) => ctx.api.disconnect({ runId })),
    /** Resumes from `fromStep` (the failed step): earlier steps keep their results. */
    async retryRun(fromStep: StepId): Promise<void> {
      const runId = ctx.get().run.runId;
      if (runId === null) return;
      ctx.update((s) => ({ run: { ...resetFrom(s.run, fromStep), retryFrom: fromStep, busy: 'retrying', error: null } }));
      try {
        const resumed = await ctx.api.retryRun({ runId, fromStep });
        run((r) => ({ runId: r.retryFrom !== null ? resumed.runId : r.runId, busy: r.busy === 'retrying' ? null : r.busy }));
      } catch (error) {
        run(() => ({ busy: null, retryFrom: null, error: errorMessage(error) }));
      }
    },
  };
}
export type RunActions = ReturnType<typeof createRunActions>;
