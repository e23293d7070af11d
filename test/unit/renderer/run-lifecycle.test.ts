/**
 * The renderer follows the engine's run-state events: the run's lifecycle in the store, which held
 * run is still working, and whether a new run may replace the one on screen.
 */
import { describe, expect, it } from 'vitest';
import { isHeldRunRunning, pickHeldRun } from '../../../renderer/features/session/held-run.ts';
import { initialAppState } from '../../../renderer/store/app-state.ts';
import { matchRun, routeEvent } from '../../../renderer/store/event-router.ts';
import { stampEvent, type RunnerEvent, type RunnerEventBody } from '../../../shared/events.ts';

const ev = (body: RunnerEventBody): RunnerEvent => stampEvent(body, 1);
const sink = { traffic: () => undefined, clear: () => undefined };
const started: RunnerEvent = ev({ type: 'run-started', runId: 'run-1', port: 'sim:', profileName: 'demo', startedAt: 1 });

describe('renderer and the run lifecycle', () => {
  it('the store holds the lifecycle state of the run on screen, from run-state events', () => {
    let state = routeEvent(initialAppState, { channel: 'runner', runId: 'run-1', event: started }, sink);
    state = routeEvent(state, { channel: 'runner', runId: 'run-1', event: ev({ type: 'run-state', from: 'idle', to: 'opening' }) }, sink);
    expect(state.run.lifecycle).toBe('opening');
    state = routeEvent(state, { channel: 'runner', runId: 'run-1', event: ev({ type: 'run-state', from: 'running', to: 'waiting-for-decision', step: 'fota-main' }) }, sink);
    expect(state.run.lifecycle).toBe('waiting-for-decision');
  });

  it('a new run replaces the one on screen only once the engine said it is over (finished, failed holding the port, closed)', () => {
    let state = routeEvent(initialAppState, { channel: 'runner', runId: 'run-1', event: started }, sink);
    state = routeEvent(state, { channel: 'runner', runId: 'run-1', event: ev({ type: 'run-state', from: 'opening', to: 'running', step: 'identify' }) }, sink);
    const next = ev({ type: 'run-started', runId: 'run-2', port: 'sim:2', profileName: 'demo', startedAt: 2 });
    expect(matchRun(state, 'run-2', next)).toBe('ignore');
    state = routeEvent(state, { channel: 'runner', runId: 'run-1', event: ev({ type: 'run-state', from: 'running', to: 'failed-holding-port', step: 'identify', outcome: 'failed' }) }, sink);
    expect(matchRun(state, 'run-2', next)).toBe('new-run');
  });

  it('a held run is running while its last run-state is an active state', () => {
    const failed = [started, ev({ type: 'run-state', from: 'running', to: 'failed-holding-port', step: 'identify', outcome: 'failed' })];
    const resumed = [...failed, ev({ type: 'run-state', from: 'failed-holding-port', to: 'resuming', step: 'identify' })];
    expect(isHeldRunRunning(failed)).toBe(false);
    expect(isHeldRunRunning(resumed)).toBe(true);
    expect(pickHeldRun([{ runId: 'b', port: 'p2', events: resumed }, { runId: 'a', port: 'p1', events: failed }])?.runId).toBe('b');
  });
});
