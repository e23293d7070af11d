import { describe, expect, it } from 'vitest';
import type { RunnerEvent } from '../../../shared/events.ts';
import { HELD_RUN_EVENT_LIMIT, HELD_RUN_TRAFFIC_KEPT } from '../../../shared/ipc.ts';
import { RunTimeline, boundTimeline } from '../../../electron/app/run-timeline.ts';

const T = 1_750_000_000_000;
const traffic = (i: number): RunnerEvent => ({ type: 'at-traffic', t: T + i, event: { kind: 'line', t: T + i, dir: 'rx', text: `line ${i}`, role: 'info' } });
const step = (i: number): RunnerEvent => ({ type: 'step-progress', t: T + i, step: 'identify', code: 'progress.fotaDownloadRetry', values: { attempt: i } });

describe('run timeline (listRuns)', () => {
  it('sends every event, in order, while the run is under the limit', () => {
    const events = [step(0), traffic(1), step(2), traffic(3)];
    expect(boundTimeline(events)).toEqual(events);
  });

  it('over the limit: every non-traffic event plus the last traffic events, in order', () => {
    const events: RunnerEvent[] = [step(-1)];
    for (let i = 0; i < HELD_RUN_EVENT_LIMIT; i++) events.push(traffic(i));
    events.push(step(HELD_RUN_EVENT_LIMIT));
    const bounded = boundTimeline(events);
    const lines = bounded.flatMap((e) => (e.type === 'at-traffic' ? [e.t - T] : []));
    expect(lines).toHaveLength(HELD_RUN_TRAFFIC_KEPT);
    expect(lines[0]).toBe(HELD_RUN_EVENT_LIMIT - HELD_RUN_TRAFFIC_KEPT);
    expect(lines.at(-1)).toBe(HELD_RUN_EVENT_LIMIT - 1);
    expect(bounded[0]).toEqual(step(-1));
    expect(bounded.at(-1)).toEqual(step(HELD_RUN_EVENT_LIMIT));
  });

  it('holds bounded memory: a long live session keeps the non-traffic events and the recent traffic', () => {
    const timeline = new RunTimeline();
    timeline.push(step(-1));
    const total = HELD_RUN_EVENT_LIMIT * 2 + 7;
    for (let i = 0; i < total; i++) timeline.push(traffic(i));
    const snapshot = timeline.snapshot();
    const lines = snapshot.flatMap((e) => (e.type === 'at-traffic' ? [e.t - T] : []));
    expect(snapshot[0]).toEqual(step(-1));
    expect(lines.length).toBeLessThanOrEqual(HELD_RUN_EVENT_LIMIT);
    expect(lines.at(-1)).toBe(total - 1);
    expect(lines).toEqual(lines.map((_, k) => lines[0]! + k)); // contiguous: only the oldest were dropped
  });
});
