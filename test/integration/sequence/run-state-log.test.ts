/**
 * The runner drives its lifecycle (runner.state) and writes every transition to session.jsonl as a
 * run-state event: a passed run with a FOTA question, a failed run held for a retry and resumed.
 */
import { describe, expect, it } from 'vitest';
import { readSessionLog } from '../../../electron/engine/session/session-log.ts';
import type { RunLifecycleState, RunnerEvent } from '../../../shared/events.ts';
import { SimRig, eventsOf } from '../../helpers/sim-rig.ts';

const rig = SimRig.perFile();

const path = (events: readonly RunnerEvent[]) => eventsOf(events, 'run-state').map((e) => `${e.from}>${e.to}${e.step ? `(${e.step})` : ''}`);

describe('run-state in the session log', () => {
  it('a passed run with a FOTA question: opening, running per step, waiting-for-decision, finished, closed', async () => {
    const states: RunLifecycleState[] = [];
    const runner = rig.runner({
      fotaPolicy: 'ask',
      decide: async () => {
        states.push(runner.state);
        return false;
      },
    });
    expect(runner.state).toBe('idle');
    const result = await runner.start();
    expect(result.outcome).toBe('passed');
    expect(runner.state).toBe('finished');
    await runner.close();
    expect(runner.state).toBe('closed');
    expect(states).toEqual(['waiting-for-decision', 'waiting-for-decision']);
    const logged = await readSessionLog(result.files.log);
    const transitions = path(logged);
    expect(transitions[0]).toBe('idle>opening');
    expect(transitions).toContain('opening>running(identify)');
    expect(transitions).toContain('running>waiting-for-decision(fota-main)');
    expect(transitions).toContain('waiting-for-decision>running(fota-main)');
    expect(transitions).toContain('running>running(mqtt-connect)');
    expect(transitions.slice(-2)).toEqual(['running>finished', 'finished>closed']);
    expect(eventsOf(logged, 'run-state').at(-2)).toMatchObject({ outcome: 'passed' });
    // run-started comes first, and each step-started follows the transition that names its step
    expect(logged[0]?.type).toBe('run-started');
  }, 60_000);

  it('a failed run holds the port (failed-holding-port), a resume goes through resuming, close ends it', async () => {
    const runner = rig.runner({ port: 'sim:slow-answers', profile: { steps: { identify: { timeoutMs: 2000, retries: 0 } } } });
    const failed = await runner.start();
    expect(failed.outcome).toBe('failed');
    expect(runner.state).toBe('failed-holding-port');
    const again = await runner.resume();
    expect(again.outcome).toBe('failed');
    await runner.close();
    const transitions = path(await readSessionLog(failed.files.log));
    expect(transitions).toEqual([
      'idle>opening',
      'opening>running(identify)',
      'running>failed-holding-port(identify)',
      'failed-holding-port>resuming(identify)',
      // the retry fails again before its first step runs: resuming goes straight back to failed-holding-port
      'resuming>failed-holding-port(identify)',
      'failed-holding-port>closed',
    ]);
  }, 60_000);

  it('cancel while running goes through cancelling to finished; start after close is refused', async () => {
    const runner = rig.runner({ port: 'sim:slow-answers', profile: { steps: { identify: { timeoutMs: 30_000, retries: 0 } } } });
    const events: RunnerEvent[] = [];
    runner.onEvent((e) => events.push(e));
    const done = runner.start();
    await new Promise<void>((resolve) => {
      const off = runner.onEvent((e) => {
        if (e.type === 'step-started') {
          off();
          resolve();
        }
      });
    });
    await runner.cancel();
    expect((await done).outcome).toBe('cancelled');
    expect(runner.state).toBe('finished');
    await runner.close();
    await expect(runner.start()).rejects.toMatchObject({ kind: 'closed' });
    expect(path(events)).toEqual(['idle>opening', 'opening>running(identify)', 'running>cancelling', 'cancelling>finished', 'finished>closed']);
  }, 60_000);
});
