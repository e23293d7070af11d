/**
 * Every event of one run in order, AT traffic included, for listRuns (a reloaded page catches up
 * on a run in progress). Memory stays bounded: once more than HELD_RUN_EVENT_LIMIT traffic events
 * are held, the older traffic is dropped down to the last HELD_RUN_TRAFFIC_KEPT. Non-traffic
 * events are always kept (the run's report needs them anyway). The full traffic is in the
 * session log on disk.
 */
import type { RunnerEvent } from '../../shared/events.ts';
import { HELD_RUN_EVENT_LIMIT, HELD_RUN_TRAFFIC_KEPT } from '../../shared/ipc.ts';

export class RunTimeline {
  #events: RunnerEvent[] = [];
  #traffic = 0;

  push(event: RunnerEvent): void {
    this.#events.push(event);
    if (event.type !== 'at-traffic') return;
    this.#traffic++;
    if (this.#traffic > HELD_RUN_EVENT_LIMIT) this.#compact();
  }

  /** What listRuns sends: every event, or over the limit the non-traffic ones plus the recent traffic. */
  snapshot(): RunnerEvent[] {
    return boundTimeline(this.#events);
  }

  #compact(): void {
    this.#events = keepRecentTraffic(this.#events, HELD_RUN_TRAFFIC_KEPT);
    this.#traffic = Math.min(this.#traffic, HELD_RUN_TRAFFIC_KEPT);
  }
}

/** At most HELD_RUN_EVENT_LIMIT events as they are; above it, non-traffic + the last HELD_RUN_TRAFFIC_KEPT traffic. */
export function boundTimeline(events: readonly RunnerEvent[]): RunnerEvent[] {
  return events.length <= HELD_RUN_EVENT_LIMIT ? [...events] : keepRecentTraffic(events, HELD_RUN_TRAFFIC_KEPT);
}

function keepRecentTraffic(events: readonly RunnerEvent[], kept: number): RunnerEvent[] {
  let skip = events.filter((e) => e.type === 'at-traffic').length - kept;
  return events.filter((e) => e.type !== 'at-traffic' || skip-- <= 0);
}
