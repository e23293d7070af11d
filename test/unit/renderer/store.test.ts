import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/create-app-store.ts';
import { createFakeApi } from '../../helpers/fake-api.ts';
import { failedRun, passedRun } from '../shared/sample-events.ts';
import type { RunnerEvent } from '../../../shared/events.ts';

async function setup() {
  const frames: (() => void)[] = [];
  const api = createFakeApi();
  const store = createAppStore(api, {
    scheduler: (flush) => {
      frames.push(flush);
      return () => frames.splice(frames.indexOf(flush), 1);
    },
  });
  await store.start();
  frames.length = 0;
  return { api, store, frames };
}

const line = (t: number, text: string): RunnerEvent => ({ type: 'at-traffic', t, event: { kind: 'line', t, dir: 'rx', text, role: 'info' } });

describe('renderer store', () => {
  it('applies a burst of events in one state update per animation frame', async () => {
    const { api, store, frames } = await setup();
    let updates = 0;
    store.state.subscribe(() => updates++);
    api.emitRunner('run-1', ...passedRun());
    api.emitRunner('run-1', ...Array.from({ length: 5000 }, (_, i) => line(1_750_000_100_000 + i, `+CSQ: ${i},99`)));
    expect(frames).toHaveLength(1);
    expect(updates).toBe(0);
    frames[0]?.();
    expect(updates).toBe(1);
    const state = store.state.getState();
    expect(state.run.outcome).toBe('passed');
    expect(state.run.steps['fota-main']).toMatchObject({ status: 'passed', durationMs: 60000 });
    expect(store.log.buffer.size).toBeGreaterThan(5000);
    expect(state.log.revision).toBe(1);
  });

  it('keeps AT lines out of React state: only the log revision changes', async () => {
    const { api, store, frames } = await setup();
    api.emitRunner('run-1', ...passedRun().slice(0, 2));
    frames.shift()?.();
    const before = store.state.getState();
    api.emitRunner('run-1', line(1_750_000_000_900, 'OK'));
    frames.shift()?.();
    const after = store.state.getState();
    expect(after.run).toBe(before.run);
    expect(after.mqtt).toBe(before.mqtt);
    expect(after.log.revision).toBe(before.log.revision + 1);
    expect(store.log.buffer.text(store.log.buffer.endSeq - 1)).toBe('OK');
  });

  it('ignores events of another run while one is in progress', async () => {
    const { api, store } = await setup();
    api.emitRunner('run-1', ...passedRun().slice(0, 3));
    store.flush();
    api.emitRunner('run-2', ...failedRun());
    store.flush();
    const state = store.state.getState();
    expect(state.run.runId).toBe('run-1');
    expect(state.run.steps['mqtt-connect'].status).toBe('waiting');
  });

  it('replaces the run-scoped slices (and the log) when a new run starts after the last one ended', async () => {
    const { api, store } = await setup();
    api.emitRunner('run-1', ...passedRun());
    store.flush();
    expect(store.state.getState().mqtt.timeline.length).toBeGreaterThan(0);
    const second = failedRun().map((e) => (e.type === 'run-started' ? { ...e, runId: 'run-2' } : e));
    api.emitRunner('run-2', ...second.slice(0, 1));
    store.flush();
    const state = store.state.getState();
    expect(state.run.runId).toBe('run-2');
    expect(state.run.steps.identify.status).toBe('waiting');
    expect(state.mqtt.timeline).toEqual([]);
    expect(state.calibration.result).toBeNull();
    expect(store.log.buffer.size).toBe(0);
  });

  it('continues the same run after retryRun: earlier steps keep their results (S/M retry path)', async () => {
    const { api, store } = await setup();
    api.emitRunner('run-1', ...failedRun());
    store.flush();
    expect(store.state.getState().run.steps['mqtt-connect'].status).toBe('failed');
    api.handle('retryRun', () => ({ runId: 'run-1b' }));
    await store.actions.run.retryRun('mqtt-connect');
    expect(api.requests('retryRun')).toEqual([{ runId: 'run-1', fromStep: 'mqtt-connect' }]);
    api.emitRunner('run-1b', { type: 'step-started', t: 1_750_000_100_000, step: 'mqtt-connect' });
    store.flush();
    const state = store.state.getState();
    expect(state.run.runId).toBe('run-1b');
    expect(state.run.steps.identify.status).toBe('passed');
    expect(state.run.steps['mqtt-connect'].status).toBe('running');
    expect(state.run.outcome).toBeNull();
  });

  it('startRun asks for the chosen port and profile with the FOTA policy "ask"', async () => {
    const { api, store } = await setup();
    store.actions.ports.selectPort('sim:');
    await store.actions.run.startRun();
    expect(api.requests('startRun')).toEqual([{ port: 'sim:', profile: 'demo', fotaPolicy: 'ask' }]);
    expect(store.state.getState().run).toMatchObject({ runId: 'run-1', source: 'live', busy: null });
  });

  it('unsubscribes from back-end events on dispose', async () => {
    const { api, store } = await setup();
    expect(api.listenerCount()).toBe(1);
    store.dispose();
    expect(api.listenerCount()).toBe(0);
  });
});
