/**
 * Opening a saved session log (support staff): the file's text goes to openSession, which
 * answers with the run's events; they are replayed through the same reducers as a live run.
 */
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import { runScopedReset } from '../../store/app-state.ts';

export function createSessionActions(ctx: ActionContext) {
  return {
    async openSessionFile(file: File): Promise<void> {
      const name = file.name;
      ctx.update(() => ({ notice: { key: 'session.opening', values: { name }, tone: 'info' } }));
      try {
        const content = await file.text();
        const { runId, events } = await ctx.api.openSession({ name, content });
        ctx.log.buffer.clear();
        ctx.update((s) => {
          const reset = runScopedReset(s);
          return { ...reset, run: { ...reset.run, runId, source: 'replay', replayName: name } };
        });
        ctx.ingest(events.map((event) => ({ channel: 'runner' as const, runId, event })));
        ctx.update(() => ({ notice: { key: 'session.opened', values: { name, count: events.length }, tone: 'info' } }));
      } catch (error) {
        ctx.update(() => ({ notice: { key: 'session.failed', values: { name, message: errorMessage(error) }, tone: 'error' } }));
      }
    },
    leaveReplay(): void {
      ctx.log.buffer.clear();
      ctx.log.view.sync();
      ctx.update((s) => ({ ...runScopedReset(s), log: { ...s.log, revision: s.log.revision + 1 }, notice: null }));
    },
  };
}
export type SessionActions = ReturnType<typeof createSessionActions>;
