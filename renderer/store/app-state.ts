/** The whole renderer state: one slice per feature, all plain data (actions live beside it). */
import type { SettingsState } from '../features/settings/slice.ts';
import { initialSettings } from '../features/settings/slice.ts';
import type { PortsState } from '../features/ports/slice.ts';
import { initialPorts } from '../features/ports/slice.ts';
import type { ProfilesState } from '../features/profiles/slice.ts';
import { initialProfiles } from '../features/profiles/slice.ts';
import type { RunState } from '../features/wizard/slice.ts';
import { initialRun } from '../features/wizard/slice.ts';
import type { LogViewState } from '../features/at-log/slice.ts';
import { initialLogView } from '../features/at-log/slice.ts';
import type { TerminalState } from '../features/terminal/slice.ts';
import { initialTerminal } from '../features/terminal/slice.ts';
import type { MqttViewState } from '../features/mqtt/slice.ts';
import { initialMqtt } from '../features/mqtt/slice.ts';
import type { CalibrationState } from '../features/calibration/slice.ts';
import { initialCalibration } from '../features/calibration/slice.ts';
import type { FotaState } from '../features/fota/slice.ts';
import { initialFota } from '../features/fota/slice.ts';
import type { ReportState } from '../features/report/slice.ts';
import { initialReport } from '../features/report/slice.ts';
import type { HistoryState } from '../features/history/slice.ts';
import { initialHistory } from '../features/history/slice.ts';
import type { Notice } from './notice.ts';
import type { DiagnoseState } from '../features/diagnose/slice.ts';
import { initialDiagnose } from '../features/diagnose/slice.ts';
import type { BundleState } from '../features/bundle/slice.ts';
import { initialBundle } from '../features/bundle/slice.ts';
import type { StationViewState } from '../features/station/slice.ts';
import { initialStation } from '../features/station/slice.ts';

export const TABS = ['log', 'terminal', 'mqtt', 'calibration', 'profile', 'report', 'history'] as const;
export type TabId = (typeof TABS)[number];

export interface AppState {
  settings: SettingsState;
  ports: PortsState;
  profiles: ProfilesState;
  run: RunState;
  log: LogViewState;
  terminal: TerminalState;
  mqtt: MqttViewState;
  calibration: CalibrationState;
  fota: FotaState;
  report: ReportState;
  /** The History screen (results store); kept across runs. */
  history: HistoryState;
  notice: Notice | null;
  /** The panel shown on the right. */
  tab: TabId;
  /** The diagnosis (its own screen; not reset by a new run). */
  diagnose: DiagnoseState;
  /** Support bundles: the opened one (its replay's summary and scrubber) and the one being saved. */
  bundle: BundleState;
  /** The Station screen (station mode; its own screen, kept across runs). */
  station: StationViewState;
}

export const initialAppState: AppState = {
  settings: initialSettings(),
  ports: initialPorts,
  profiles: initialProfiles,
  run: initialRun,
  log: initialLogView,
  terminal: initialTerminal,
  mqtt: initialMqtt,
  calibration: initialCalibration,
  fota: initialFota,
  report: initialReport,
  history: initialHistory,
  notice: null,
  tab: 'log',
  diagnose: initialDiagnose,
  bundle: initialBundle,
  station: initialStation,
};

/** The slices that belong to one run: replaced when another run (or a replay) starts. */
export function runScopedReset(state: AppState): AppState {
  return { ...state, run: initialRun, mqtt: initialMqtt, calibration: initialCalibration, fota: initialFota, report: initialReport };
}
