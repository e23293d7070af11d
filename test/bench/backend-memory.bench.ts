/**
 * Memory over a field day: consecutive demo runs in one back end (the app's own, with the demo
 * cloud and the virtual device at fast pacing), each to the live session and disconnected, as a
 * technician does all day. Finished runs must leave memory (their session.jsonl and reports stay
 * on disk), so the resident set after the last run is compared with the one after warm-up.
 * Goal: last / first ≤ 1.2. `FIELDLINK_BENCH_RUNS` changes the number of runs (default 200).
 *
 * Shape, honestly: every run talks to the same virtual device (the one behind the demo port), so
 * the demo cloud's device registry holds one device. A field day with many devices adds one small
 * record per device to that registry (it is data, kept on disk and loaded at start), which this
 * bench does not measure. The JS heap slope per run is printed beside the RSS ratio: RSS alone
 * can hide a slow leak behind allocator slack.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createBackend } from '../../electron/app/backend.ts';
import { DEMO_PORT_URI } from '../../electron/app/port-list.ts';
import type { RunnerEvent } from '../../shared/events.ts';
import { compare } from './types.ts';
import type { BenchResult } from './types.ts';

const RUNS = Number(process.env.FIELDLINK_BENCH_RUNS ?? 200);
/** Runs before the first measurement: module loading, JIT, the demo cloud's first connections. */
const WARM_UP = Math.min(10, Math.max(1, Math.floor(RUNS / 10)));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function settled(): Promise<{ rss: number; heap: number }> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed };
}

export async function bench(): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fl-bench-memory-'));
  const backend = createBackend({ dataDir, listSerial: async () => [], demo: { cloud: { ephemeral: true }, simulator: { fast: true, stateDir: dataDir } } });
  const waiters = new Map<string, (event: RunnerEvent) => void>();
  backend.onEvent((event) => {
    if (event.channel === 'runner') (waiters.get(event.runId) ?? waiters.get('*'))?.(event.event);
  });
  let first = { rss: 0, heap: 0 };
  let last = { rss: 0, heap: 0 };
  let failed = 0;
  try {
    for (let n = 1; n <= RUNS; n++) {
      let runId = '';
      let live: () => void = () => undefined;
      let closed: () => void = () => undefined;
      const reachedLive = new Promise<void>((resolve) => (live = resolve));
      const wasClosed = new Promise<void>((resolve) => (closed = resolve));
      const pending: RunnerEvent[] = [];
      const onEvent = (event: RunnerEvent) => {
        if ((event.type === 'step-started' && event.step === 'live-session') || event.type === 'run-finished') live();
        if (event.type === 'run-finished' && event.outcome !== 'passed') failed++;
        if (event.type === 'run-state' && event.to === 'failed-holding-port') void backend.cancelRun({ runId });
        if (event.type === 'run-state' && event.to === 'closed') closed();
      };
      // events that arrive before startRun answers are held until the run id is known
      const early = (event: RunnerEvent) => pending.push(event);
      waiters.set('*', early);
      ({ runId } = await backend.startRun({ port: DEMO_PORT_URI, profile: 'demo', fotaPolicy: 'never' }));
      waiters.set(runId, onEvent);
      waiters.delete('*');
      for (const event of pending) onEvent(event);
      await reachedLive;
      await backend.disconnect({ runId }).catch(() => undefined);
      await wasClosed;
      waiters.delete(runId);
      if (n === WARM_UP) first = await settled();
    }
    last = await settled();
  } finally {
    await backend.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return [
    compare({
      name: `backend RSS after ${RUNS} demo runs`,
      value: mb(last.rss),
      baseline: mb(first.rss),
      unit: 'MiB',
      goal: 1.2,
      better: 'lower',
      note: `resident set after run ${RUNS} vs after run ${WARM_UP} (warm-up), one back end, fast sim pacing, FOTA never, each run to the live session and disconnected; ${failed} runs did not pass; runs held in memory at the end: ${backend.runsInMemory()}; JS heap used ${mb(first.heap).toFixed(1)} → ${mb(last.heap).toFixed(1)} MiB (${((1024 * mb(last.heap - first.heap)) / Math.max(1, RUNS - WARM_UP)).toFixed(1)} KiB per run); one virtual device for every run (the cloud's device registry stays at one record)`,
    }),
  ];
}
