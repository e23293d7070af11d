/**
 * The AT log's React-facing state: only a revision counter (bumped once per animation frame
 * when lines arrived) and the view options. The lines themselves live in the LogBuffer.
 */
import { DEFAULT_LOG_FILTER } from './log-view.ts';
import type { LogFilter } from './log-view.ts';

export interface LogViewState {
  revision: number;
  filter: LogFilter;
  autoscroll: boolean;
}

export const initialLogView: LogViewState = { revision: 0, filter: DEFAULT_LOG_FILTER, autoscroll: true };
