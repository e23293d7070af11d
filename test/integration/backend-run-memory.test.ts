/**
 * Memory over a field day: a finished run leaves memory. Demo runs in one back end (the real
 * engine, the virtual device, the demo cloud), each to the live session and disconnected; after
 * they closed and a garbage collection, no run engine is still reachable. Before, every run's
 * engine, env and events stayed alive through abort listeners left on the steps' composite
 * signals (Node keeps such a signal while it has a listener).
 */
import { rm } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunnerEvent } from '../../shared/events.ts';
import { createBackend, type Backend } from '../../electron/app/backend.ts';
import { DEMO_PORT_URI } from '../../electron/app/port-list.ts';
import type { RunEngine } from '../../electron/app/run-engine.ts';
import { createSequenceEngine } from '../../electron/app/sequence-engine.ts';
import { makeDataDir } from '../helpers/app-fixtures.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('finished runs leave memory (one back end, consecutive demo runs)', () => {
  let dataDir: string;
  let backend: Backend;
  const engines: WeakRef<RunEngine>[] = [];
  const events: { runId: string; event: RunnerEvent }[] = [];

  beforeAll(async () => {
    dataDir = await makeDataDir();
    backend = createBackend({
      dataDir,
      listSerial: async () => [],
      demo: { cloud: { ephemeral: true }, simulator: { fast: true, stateDir: dataDir } },
      runEngineFactory: (options) => {
        const engine = createSequenceEngine(options);
        engines.push(new WeakRef(engine));
        return engine;
      },
    });
    backend.onEvent((e) => {
      if (e.channel === 'runner') events.push({ runId: e.runId, event: e.event });
    });
  });
  afterAll(async () => {
    await backend?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('after 3 passed runs no run engine is reachable and no run is held', { timeout: 180_000 }, async () => {
    const of = (runId: string) => events.filter((e) => e.runId === runId).map((e) => e.event);
    for (let n = 0; n < 3; n++) {
      const { runId } = await backend.startRun({ port: DEMO_PORT_URI, profile: 'demo', fotaPolicy: 'never' });
      await vi.waitFor(() => expect(of(runId).some((e) => (e.type === 'step-started' && e.step === 'live-session') || e.type === 'run-finished')).toBe(true), { timeout: 90_000, interval: 100 });
      await backend.disconnect({ runId });
      await vi.waitFor(() => expect(of(runId).at(-1)).toMatchObject({ type: 'run-state', to: 'closed' }), { timeout: 30_000, interval: 50 });
      expect(of(runId).findLast((e) => e.type === 'run-finished')).toMatchObject({ outcome: 'passed' });
    }
    expect(engines).toHaveLength(3);
    expect(backend.runsInMemory()).toBe(0);
    events.length = 0; // the test's own copy of the events must not be what keeps anything alive
    await vi.waitFor(
      async () => {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
        expect(engines.map((ref) => ref.deref() === undefined)).toEqual([true, true, true]);
      },
      { timeout: 10_000, interval: 200 },
    );
  });
});
