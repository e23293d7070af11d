/**
 * A step's signal is a composite (AbortSignal.any of the run's signal and the step's time limit).
 * Node keeps such a signal — and everything its abort listeners reach: the step env, the run's
 * events — alive for the whole process while one listener is attached. The executor must take its
 * own listener off again when the step ends, whether the step passed, failed or was cancelled.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { executeStep, RunCancelled, type ExecutorDeps } from '../../../../electron/engine/sequence/step-executor.ts';
import type { SequenceStep, StepEnv, StepResult } from '../../../../electron/engine/sequence/step.ts';

function depsFor(runSignal: AbortSignal, seen: AbortSignal[]): ExecutorDeps {
  return {
    port: 'test:port',
    runSignal,
    limits: { timeoutMs: 60_000, retries: 0 },
    backoffMs: 0,
    emit: () => undefined,
    makeEnv: (_step, signal) => {
      seen.push(signal);
      return { ctx: {} } as unknown as StepEnv;
    },
    rebootPending: () => false,
    reinitialise: async () => undefined,
    recoverPort: async () => undefined,
    portIsOpen: () => true,
  };
}

function stepThat(run: () => Promise<StepResult>): SequenceStep {
  return { id: 'identify', needs: [], run } as unknown as SequenceStep;
}

describe('step signals leave no abort listener behind', () => {
  it('a passed step: its composite signal has no abort listener afterwards (over many steps)', async () => {
    const run = new AbortController();
    const seen: AbortSignal[] = [];
    for (let i = 0; i < 20; i++) {
      const outcome = await executeStep(stepThat(async () => ({ status: 'passed', summary: { key: 'summary.detail', values: { detail: 'ok' } } }) as StepResult), depsFor(run.signal, seen));
      expect(outcome.ok).toBe(true);
    }
    expect(seen).toHaveLength(20);
    for (const signal of seen) expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('a failed step: no abort listener afterwards', async () => {
    const seen: AbortSignal[] = [];
    const outcome = await executeStep(
      stepThat(async () => {
        throw new Error('module said ERROR');
      }),
      depsFor(new AbortController().signal, seen),
    );
    expect(outcome.ok).toBe(false);
    expect(getEventListeners(seen[0] as AbortSignal, 'abort')).toHaveLength(0);
  });

  it('a cancelled step: rejects with RunCancelled and leaves no abort listener', async () => {
    const run = new AbortController();
    const seen: AbortSignal[] = [];
    const pending = executeStep(stepThat(() => new Promise<StepResult>(() => undefined)), depsFor(run.signal, seen));
    await new Promise((resolve) => setImmediate(resolve));
    run.abort();
    await expect(pending).rejects.toBeInstanceOf(RunCancelled);
    expect(getEventListeners(seen[0] as AbortSignal, 'abort')).toHaveLength(0);
  });
});

describe("the caller's signal", () => {
  it('a runner takes its cancel listener off the caller signal when it closes (one signal shared by many runs)', async () => {
    const { SequenceRunner } = await import('../../../../electron/engine/sequence/runner.ts');
    const { parseProfile } = await import('../../../../shared/profile.ts');
    const profile = parseProfile({ name: 'signal', serverInfoUrl: 'https://127.0.0.1:1/info', tls: { caCert: 'ca.pem', clientCert: 'c.pem', clientKey: 'c.key' } });
    const shared = new AbortController();
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const outDir = await mkdtemp(join(tmpdir(), 'fl-signal-'));
    try {
      for (let i = 0; i < 5; i++) {
        const runner = new SequenceRunner({ port: 'sim:', profile, outDir, signal: shared.signal });
        expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
        await runner.close();
        expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
