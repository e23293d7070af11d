/** The terminal's command lists: the saved names, and the last run's per-line results. */
import type { CommandListRun } from '../../../shared/command-list.ts';

export interface CommandListsState {
  names: string[];
  running: boolean;
  /** The last run on this screen (its lines' answers are redacted by the back end). */
  run: CommandListRun | null;
  /** Why the last run could not be done at all (not a failed line). */
  runError: string | null;
}

export const initialCommandLists: CommandListsState = { names: [], running: false, run: null, runError: null };
