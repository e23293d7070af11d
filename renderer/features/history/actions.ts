/**
 * The History screen's actions: search the results store with the filters, open a device's
 * page, load the yield report, export the listed records as CSV, and open a listed run's AT log
 * or report (its session log replayed in the same views as a saved session).
 */
import type { YieldGrouping } from '../../../shared/run-record.ts';
import { recordsToCsv } from '../../../shared/run-record-csv.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import { downloadText } from '../../app/download.ts';
import { showReplay } from '../session/actions.ts';
import type { HistoryFilters, HistoryState } from './slice.ts';
import { EMPTY_FILTERS, queryOf } from './slice.ts';

export function createHistoryActions(ctx: ActionContext) {
  const history = (recipe: (h: HistoryState) => Partial<HistoryState>) => ctx.update((s) => ({ history: { ...s.history, ...recipe(s.history) } }));

  async function search(): Promise<void> {
    const query = queryOf(ctx.get().history.filters);
    history((h) => ({ list: { ...h.list, status: 'loading', error: null } }));
    try {
      const { records, pending, store } = await ctx.api.listRecords(query);
      history(() => ({ list: { status: 'ready', error: null, records, pending, store } }));
    } catch (error) {
      history((h) => ({ list: { ...h.list, status: 'error', error: errorMessage(error) } }));
    }
  }

  async function loadYield(by: YieldGrouping = ctx.get().history.yield.by): Promise<void> {
    const { imei: _imei, limit: _limit, unitSerial: _serial, ...query } = queryOf(ctx.get().history.filters);
    history((h) => ({ yield: { ...h.yield, by, status: 'loading', error: null } }));
    try {
      const report = await ctx.api.yieldReport({ by, query });
      history(() => ({ yield: { by, status: 'ready', error: null, report } }));
    } catch (error) {
      history((h) => ({ yield: { ...h.yield, status: 'error', error: errorMessage(error) } }));
    }
  }

  return {
    search,
    loadYield,
    setFilters(patch: Partial<HistoryFilters>): void {
      history((h) => ({ filters: { ...h.filters, ...patch } }));
    },
    async clearFilters(): Promise<void> {
      history(() => ({ filters: EMPTY_FILTERS }));
      await (ctx.get().history.view === 'yield' ? loadYield() : search());
    },
    async showView(view: 'list' | 'yield'): Promise<void> {
      history(() => ({ view }));
      if (view === 'yield') await loadYield();
      else if (ctx.get().history.list.status === 'idle') await search();
    },
    /** A device's page: its runs oldest first (differences are worked out by the page). */
    async openDevice(imei: string): Promise<void> {
      history(() => ({ view: 'device', device: { status: 'loading', error: null, imei, records: [] } }));
      try {
        const records = await ctx.api.deviceHistory({ imei });
        history(() => ({ device: { status: 'ready', error: null, imei, records } }));
      } catch (error) {
        history((h) => ({ device: { ...h.device, status: 'error', error: errorMessage(error) } }));
      }
    },
    closeDevice(): void {
      history(() => ({ view: 'list' }));
    },
    /** The listed records as CSV, the same file as `fieldlink results --csv`. */
    exportCsv(): void {
      const { records } = ctx.get().history.list;
      const stamp = new Date().toISOString().slice(0, 10);
      downloadText(`fieldlink-results-${stamp}.csv`, recordsToCsv(records), 'text/csv');
    },
    /** Replays a listed run (its session log) and shows its AT log or its report. */
    async openRun(runId: string, show: 'log' | 'report'): Promise<boolean> {
      history(() => ({ opening: runId }));
      ctx.update(() => ({ notice: { key: 'history.opening', values: { runId }, tone: 'info' } }));
      try {
        const replay = await ctx.api.openRecordedRun({ runId });
        showReplay(ctx, runId, replay.runId, replay.events);
        ctx.update(() => ({ tab: show, notice: null }));
        return true;
      } catch (error) {
        ctx.update(() => ({ notice: { key: 'history.openFailed', values: { runId, message: errorMessage(error) }, tone: 'error' } }));
        return false;
      } finally {
        history(() => ({ opening: null }));
      }
    },
  };
}
export type HistoryActions = ReturnType<typeof createHistoryActions>;
