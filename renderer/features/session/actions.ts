/**
 * Opening a saved session log (support staff): the file's text goes to openSession, which
 * answers with the run's events; they are replayed through the same reducers as a live run.
 * Catching up (listRuns): a run the back end already holds when the page loads is shown the
 * same way, as live.
 */
import type { RunnerEvent } from '../../../shared/events.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import { runScopedReset } from '../../store/app-state.ts';
import { caughtUpFota, mayShowHeldRun, pickHeldRun } from './held-run.ts';

/** Shows a run's events as a replay in every view (wizard, AT log, MQTT, report), replacing what was shown. */
export function showReplay(ctx: ActionContext, name: string, runId: string, events: readonly RunnerEvent[]): void {
  ctx.log.buffer.clear();
  ctx.update((s) => {
    const reset = runScopedReset(s);
    return { ...reset, run: { ...reset.run, runId, source: 'replay', replayName: name } };
  });
  ctx.ingest(events.map((event) => ({ channel: 'runner' as const, runId, event })));
}

export function createSessionActions(ctx: ActionContext) {
  return {
    async openSessionFile(file: File): Promise<void> {
      const name = file.name;
      ctx.update(() => ({ notice: { key: 'session.opening', values: { name }, tone: 'info' } }));
      try {
        const content = await file.text();
        const { runId, events } = await ctx.api.openSession({ name, content });
        showReplay(ctx, name, runId, events);
        ctx.update(() => ({ notice: { key: 'session.opened', values: { name, count: events.length }, tone: 'info' } }));
      } catch (error) {
        ctx.update(() => ({ notice: { key: 'session.failed', values: { name, message: errorMessage(error) }, tone: 'error' } }));
      }
    },
    /**
     * Shows the run the back end holds, if any, as if its events had arrived live. Events that
     * came in before listRuns answered are part of its answer, so they are applied first and
     * then replaced by the answer's full list.
     */
    async catchUpHeldRun(): Promise<void> {
      const held = pickHeldRun(await ctx.api.listRuns({}));
      ctx.flush();
      if (!held || !mayShowHeldRun(ctx.get(), held.runId)) return;
      const { runId, port, events } = held;
      ctx.log.buffer.clear();
      ctx.log.view.sync();
      ctx.update((s) => {
        const reset = runScopedReset(s);
        const ports = { ...s.ports, selected: port }; // the terminal and the port list follow the run
        return { ...reset, ports, run: { ...reset.run, runId, source: 'live' }, log: { ...s.log, revision: s.log.revision + 1 } };
      });
      ctx.ingest(events.map((event) => ({ channel: 'runner' as const, runId, event })));
      ctx.update((s) => ({ fota: caughtUpFota(s.fota, s.run) }));
    },
    leaveReplay(): void {
      ctx.log.buffer.clear();
      ctx.log.view.sync();
      ctx.update((s) => ({ ...runScopedReset(s), log: { ...s.log, revision: s.log.revision + 1 }, notice: null }));
    },
  };
}
export type SessionActions = ReturnType<typeof createSessionActions>;
