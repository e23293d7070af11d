/**
 * THE renderer store: one zustand store made of the feature slices, the feature actions bound
 * to the back-end API, the AT log storage, and the event pump that feeds api.onEvent into it.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { FieldlinkApi, IpcEvent } from '../../shared/ipc.ts';
import type { AppState, TabId } from './app-state.ts';
import { initialAppState } from './app-state.ts';
import type { ActionContext } from './action-context.ts';
import { errorMessage } from './action-context.ts';
import { EventPump } from './event-pump.ts';
import type { FrameScheduler } from './event-pump.ts';
import { LogBuffer, DEFAULT_CAPACITY } from '../features/at-log/log-buffer.ts';
import { LogView } from '../features/at-log/log-view.ts';
import { createLogActions } from '../features/at-log/actions.ts';
import { createSettingsActions } from '../features/settings/actions.ts';
import { createPortsActions } from '../features/ports/actions.ts';
import { createProfilesActions } from '../features/profiles/actions.ts';
import { createRunActions } from '../features/wizard/actions.ts';
import { createTerminalActions } from '../features/terminal/actions.ts';
import { createMqttActions } from '../features/mqtt/actions.ts';
import { createFotaActions } from '../features/fota/actions.ts';
import { createReportActions } from '../features/report/actions.ts';
import { createSessionActions } from '../features/session/actions.ts';
import { createHistoryActions } from '../features/history/actions.ts';
import { createDiagnoseActions } from '../features/diagnose/actions.ts';
import { createBundleActions } from '../features/bundle/actions.ts';
import { createStationActions } from '../features/station/actions.ts';

function createActions(ctx: ActionContext) {
  return {
    settings: createSettingsActions(ctx),
    ports: createPortsActions(ctx),
    profiles: createProfilesActions(ctx),
    run: createRunActions(ctx),
    log: createLogActions(ctx),
    terminal: createTerminalActions(ctx),
    mqtt: createMqttActions(ctx),
    fota: createFotaActions(ctx),
    report: createReportActions(ctx),
    session: createSessionActions(ctx),
    history: createHistoryActions(ctx),
    diagnose: createDiagnoseActions(ctx),
    bundle: createBundleActions(ctx),
    station: createStationActions(ctx),
    dismissNotice: () => ctx.update(() => ({ notice: null })),
    showTab: (tab: TabId) => ctx.update(() => ({ tab })),
  };
}
export type AppActions = ReturnType<typeof createActions>;

export interface AppStore {
  state: StoreApi<AppState>;
  actions: AppActions;
  log: { buffer: LogBuffer; view: LogView };
  /** Applies queued events now (tests, benchmarks). */
  flush(): void;
  /** Subscribes to back-end events; loads settings, ports, profiles and the run the back end holds. */
  start(): Promise<void>;
  dispose(): void;
}

export interface AppStoreOptions {
  scheduler?: FrameScheduler;
  logCapacity?: number;
}

export function createAppStore(api: FieldlinkApi, options: AppStoreOptions = {}): AppStore {
  const state = createStore<AppState>()(() => initialAppState);
  const buffer = new LogBuffer(options.logCapacity ?? DEFAULT_CAPACITY);
  const log = { buffer, view: new LogView(buffer) };
  const pump = new EventPump(state, log, options.scheduler);
  const ctx: ActionContext = {
    api,
    get: state.getState,
    update: (recipe) => state.setState(recipe(state.getState())),
    log,
    ingest: (events: readonly IpcEvent[]) => {
      for (const event of events) pump.push(event);
      pump.flush();
    },
    flush: () => pump.flush(),
  };
  const actions = createActions(ctx);
  let unsubscribe: (() => void) | null = null;

  return {
    state,
    actions,
    log,
    flush: () => pump.flush(),
    async start() {
      unsubscribe ??= api.onEvent((event) => pump.push(event));
      const loads = [actions.settings.loadSettings(), actions.ports.refreshPorts(), actions.profiles.loadProfiles(), actions.session.catchUpHeldRun(), actions.station.catchUp()];
      const failures = (await Promise.allSettled(loads)).filter((r) => r.status === 'rejected');
      if (failures[0]) ctx.update(() => ({ notice: { key: 'common.error', values: { message: errorMessage(failures[0]?.reason) }, tone: 'error' } }));
    },
    dispose() {
      unsubscribe?.();
      unsubscribe = null;
      pump.dispose();
      actions.profiles.dispose();
    },
  };
}
