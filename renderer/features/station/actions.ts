/** The Station screen's actions: open/close, start and stop a station, pick a tile, kiosk, a unit's report. */
import type { StartStationRequest, ValidationIssue, VirtualLineUnit } from '../../../shared/ipc.ts';
import type { StationCommandAction } from '../../../shared/station-ipc.ts';
import { parseReportJson } from '../../../shared/report.ts';
import type { ActionContext } from '../../store/action-context.ts';
import { errorMessage } from '../../store/action-context.ts';
import type { StationViewState } from './slice.ts';
import { isStationWorking, startedStation, stationFromSnapshot } from './slice.ts';

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
      station(() => ({ busy: 'starting', error: null, stationId: null, state: null, slots: {}, order: [], units: {}, selected: null, seq: 0, commandError: null }));
      try {
        const { stationId, slots, name, unitSerial } = await ctx.api.startStation(request);
        ctx.update((s) => ({ station: startedStation(s.station, stationId, slots, { name, unitSerial, configName: request.config }) }));
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

    /**
     * A page that loads while a station runs (or after one ran): the station from getStation's
     * snapshot; batches it already holds are skipped. A running station opens the Station screen.
     */
    async catchUp(): Promise<void> {
      const { station: snapshot } = await ctx.api.getStation({});
      ctx.flush();
      if (!snapshot) return;
      const current = ctx.get().station;
      // This page started (or already follows) a station: its own state is newer than a snapshot.
      if (current.busy === 'starting' || (current.stationId !== null && current.stationId !== snapshot.stationId)) return;
      if (current.stationId === snapshot.stationId && current.seq >= snapshot.seq) return;
      ctx.update((s) => ({ station: { ...stationFromSnapshot(s.station, snapshot), open: s.station.open || snapshot.state !== 'stopped' } }));
    },

    /** The stored station configurations (the start form's list). */
    async loadConfigs(): Promise<void> {
      try {
        const configs = await ctx.api.listStationConfigs({});
        station(() => ({ configs }));
      } catch (error) {
        station(() => ({ error: errorMessage(error) }));
      }
    },

    async readConfig(name: string): Promise<string | null> {
      try {
        return (await ctx.api.readStationConfig({ name })).text;
      } catch (error) {
        station(() => ({ error: errorMessage(error) }));
        return null;
      }
    },

    /** Stores a configuration's text when it passes; its issues (named by field) otherwise. */
    async saveConfig(name: string, text: string): Promise<{ ok: boolean; issues: ValidationIssue[] }> {
      try {
        const answer = await ctx.api.saveStationConfig({ name, text });
        if (answer.ok) {
          const configs = await ctx.api.listStationConfigs({});
          station(() => ({ configs }));
        }
        return { ok: answer.ok, issues: answer.issues };
      } catch (error) {
        return { ok: false, issues: [{ path: 'name', message: errorMessage(error) }] };
      }
    },

    /** retry / rework / serial / operator on the running station; a refusal is shown with the slot it names. */
    async command(action: StationCommandAction, slot: string | undefined, value?: string): Promise<boolean> {
      const { stationId } = ctx.get().station;
      if (stationId === null) return false;
      station(() => ({ commandError: null }));
      try {
        await ctx.api.stationCommand({ stationId, action, ...(slot !== undefined ? { slot } : {}), ...(value !== undefined ? { value } : {}) });
        if (action === 'serial' && slot !== undefined) {
          station((s) => {
            const label = s.order.find((l) => l.toUpperCase() === slot.toUpperCase()) ?? slot;
            const tile = s.slots[label];
            return tile ? { slots: { ...s.slots, [label]: { ...tile, unitSerial: value?.trim() } } } : {};
          });
        }
        if (action === 'operator') station(() => ({ operator: value?.trim() || null }));
        return true;
      } catch (error) {
        station(() => ({ commandError: errorMessage(error) }));
        return false;
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
