/**
 * Support bundles in the UI: the opened bundle's summary (shown at the top of its replay), its
 * events (the timeline scrubber replays a prefix of them), where the scrubber stands, and the run
 * whose bundle is being made.
 */
import type { BundleSummary } from '../../../shared/bundle-ipc.ts';
import type { RunnerEvent } from '../../../shared/events.ts';

export interface BundleState {
  /** The opened bundle, for the replay of `runId` (shown only while that replay is on screen). */
  opened: { runId: string; name: string; summary: BundleSummary; events: readonly RunnerEvent[] } | null;
  /** How many of the opened bundle's events are applied (the scrubber); null: all of them. */
  position: number | null;
  /** The run whose bundle is being made (Save support bundle), while it is made. */
  saving: string | null;
}

/** True while the replay on screen is the opened bundle's (its summary, with the device as it was, replaces the device strip). */
export function isBundleReplay(state: { run: { source: string; runId: string | null }; bundle: BundleState }): boolean {
  return state.run.source === 'replay' && state.run.runId !== null && state.run.runId === state.bundle.opened?.runId;
}

export const initialBundle: BundleState = { opened: null, position: null, saving: null };
