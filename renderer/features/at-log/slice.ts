/**
 * The AT log's React-facing state: only a revision counter (bumped once per animation frame
 * when lines arrived) and the view options. The lines themselves live in the LogBuffer.
 */
import type { ActionContext } from '../../store/action-context.ts';
import { DEFAULT_LOG_FILTER } from './log-view.ts';
import type { LogFilter } from './log-view.ts';
import type { LineGroup } from './line-kinds.ts';

export interface LogViewState {
  revision: number;
  filter: LogFilter;
  autoscroll: boolean;
}

export const initialLogView: LogViewState = { revision: 0, filter: DEFAULT_LOG_FILTER, autoscroll: true };

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
