/** The at-log feature's actions (beside its slice, like wizard/ and mqtt/): they talk to the back end and update the store. */
import type { ActionContext } from '../../store/action-context.ts';
import type { LogFilter } from './log-view.ts';
import type { LineGroup } from './line-kinds.ts';

export function createLogActions(ctx: ActionContext) {
  const setFilter = (filter: LogFilter) => {
    ctx.log.view.setFilter(filter);
    ctx.update((s) => ({ log: { ...s.log, filter, revision: s.log.revision + 1 } }));
  };
  return {
    setFilterText(text: string): void {
      setFilter({ ...ctx.get().log.filter, text });
    },
    toggleGroup(group: LineGroup): void {
      const filter = ctx.get().log.filter;
      setFilter({ ...filter, groups: { ...filter.groups, [group]: !filter.groups[group] } });
    },
    setAutoscroll(autoscroll: boolean): void {
      if (ctx.get().log.autoscroll !== autoscroll) ctx.update((s) => ({ log: { ...s.log, autoscroll } }));
    },
    clearLog(): void {
      ctx.log.buffer.clear();
      ctx.log.view.sync();
      ctx.update((s) => ({ log: { ...s.log, revision: s.log.revision + 1 } }));
    },
  };
}
export type LogActions = ReturnType<typeof createLogActions>;
