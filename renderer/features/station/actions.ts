/** The Station screen's actions: open/close, start and stop a station, pick a tile, kiosk, a unit's report. */
import type { StartStationRequest, VirtualLineUnit } from '../../../shared/ipc.ts';
import { parseReportJson } from '../../../shared/report.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import type { StationViewState } from './slice.ts';
import { isStationWorking, startedStation } from './slice.ts';

/**
 * The virtual line field of the start form: one item per unit, comma-separated: `ok`, fault
 * scenarios joined with `+` (`http-404`), or `clone` (the first unit's IMEI again).
 */
export function parseVirtualUnits(text: string): VirtualLineUnit[] {
  return text
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '')
    .map((item): VirtualLineUnit => {
      if (item === 'ok') return {};
      if (item === 'clone') return { cloneOf: 0 };
      return { faults: item.split('+').map((name) => name.trim()).filter((name) => name !== '') };
    });
}

export function createStationActions(ctx: ActionContext) {
  const station = (recipe: (s: StationViewState) => Partial<StationViewState>) => ctx.update((s) => ({ station: { ...s.station, ...recipe(s.station) } }));

  return {
    open: () => station(() => ({ open: true })),
    close: () => station((s) => ({ open: false, kiosk: false, selected: s.selected })),
    toggleKiosk: () => station((s) => ({ kiosk: !s.kiosk })),
    select: (label: string | null) => station((s) => ({ selected: s.selected === label ? null : label })),

    async start(request: StartStationRequest): Promise<void> {
      if (isStationWorking(ctx.get().station)) return;
      station(() => ({ busy: 'starting', error: null, stationId: null, state: null, slots: {}, order: [], units: {}, selected: null }));
      try {
        const { stationId, slots } = await ctx.api.startStation(request);
        ctx.update((s) => ({ station: startedStation(s.station, stationId, slots) }));
      } catch (error) {
        station(() => ({ busy: null, error: errorMessage(error) }));
      }
    },

    /** First press: finish the running units; second: cancel them. */
    async stop(): Promise<void> {
      const { stationId } = ctx.get().station;
      if (stationId === null) return;
      try {
        const { state } = await ctx.api.stopStation({ stationId });
        station((s) => ({ state: s.state === 'stopped' ? s.state : state }));
      } catch (error) {
        station(() => ({ error: errorMessage(error) }));
      }
    },

    /** The report of the selected tile's unit (getReport by its run id). */
    async loadReport(): Promise<void> {
      const { selected, slots } = ctx.get().station;
      const runId = selected ? slots[selected]?.runId : undefined;
      if (!runId) return;
      station((s) => ({ report: { ...s.report, status: 'loading', error: null, runId } }));
      try {
        const answer = await ctx.api.getReport({ runId });
        station(() => ({ report: { status: 'ready', runId, view: parseReportJson(answer.json), html: answer.html, json: answer.json, dir: answer.dir, error: null } }));
      } catch (error) {
        station((s) => ({ report: { ...s.report, status: 'error', error: errorMessage(error) } }));
      }
    },
  };
}
export type StationActions = ReturnType<typeof createStationActions>;
