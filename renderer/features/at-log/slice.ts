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
  /** A line to show and mark (the bundle's "jump to the failing command"); the nonce repeats a jump. */
  jump: { seq: number; nonce: number } | null;
}

export const initialLogView: LogViewState = { revision: 0, filter: DEFAULT_LOG_FILTER, autoscroll: true, jump: null };
