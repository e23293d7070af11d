/**
 * The run lifecycle as a state machine: the transition table with its guards, the typed error on
 * an illegal transition, and one run-state event per transition.
 */
import { describe, expect, it } from 'vitest';
import { RUN_LIFECYCLE_STATES, RunnerEventSchema, stampEvent, type RunnerEventBody } from '../../../../shared/events.ts';
import { RUN_TRANSITIONS, RunLifecycle, RunTransitionError, checkTransition, holdsPort } from '../../../../electron/engine/sequence/run-lifecycle.ts';

function machine() {
  const emitted: RunnerEventBody[] = [];
  return { lifecycle: new RunLifecycle((body) => emitted.push(body)), emitted };
}

describe('run lifecycle', () => {
  it('has a row for every state, and only known states as targets', () => {
    expect(Object.keys(RUN_TRANSITIONS).sort()).toEqual([...RUN_LIFECYCLE_STATES].sort());
    for (const targets of Object.values(RUN_TRANSITIONS)) {
      for (const to of Object.keys(targets)) expect(RUN_LIFECYCLE_STATES).toContain(to);
    }
    expect(Object.keys(RUN_TRANSITIONS.closed)).toEqual([]);
  });

  it('walks a failed run that is resumed and passes, emitting one schema-valid run-state event per transition', () => {
    const { lifecycle, emitted } = machine();
    lifecycle.to('opening', { reason: 'start' });
    lifecycle.to('running', { step: 'identify' });
    lifecycle.to('running', { step: 'fota-main' });
    lifecycle.to('waiting-for-decision', { step: 'fota-main', reason: 'FOTA offer' });
    lifecycle.to('running', { step: 'fota-main' });
    lifecycle.to('failed-holding-port', { step: 'fota-main', outcome: 'failed', reason: 'TIMEOUT' });
    expect(lifecycle.state).toBe('failed-holding-port');
    expect(lifecycle.step).toBe('fota-main');
    expect(holdsPort(lifecycle.state)).toBe(true);
    lifecycle.to('resuming', { step: 'fota-main' });
    lifecycle.to('running', { step: 'fota-main' });
    lifecycle.to('finished', { outcome: 'passed' });
    expect(holdsPort(lifecycle.state)).toBe(false);
    lifecycle.to('closed');
    expect(emitted.map((e) => (e.type === 'run-state' ? `${e.from}>${e.to}` : e.type))).toEqual([
      'idle>opening',
      'opening>running',
      'running>running',
      'running>waiting-for-decision',
      'waiting-for-decision>running',
      'running>failed-holding-port',
      'failed-holding-port>resuming',
      'resuming>running',
      'running>finished',
      'finished>closed',
    ]);
    for (const body of emitted) expect(RunnerEventSchema.safeParse(stampEvent(body)).success).toBe(true);
    expect(emitted[5]).toEqual({ type: 'run-state', from: 'running', to: 'failed-holding-port', step: 'fota-main', outcome: 'failed', reason: 'TIMEOUT' });
  });

  it.each([
    ['idle', 'running', { step: 'identify' }, 'no such transition'],
    ['idle', 'finished', { outcome: 'passed' }, 'no such transition'],
    ['closed', 'opening', {}, 'no such transition'],
    ['finished', 'resuming', { step: 'identify' }, 'no such transition'],
    ['opening', 'running', {}, 'needs the step'],
    ['running', 'failed-holding-port', { step: 'identify' }, 'needs the outcome failed'],
    ['running', 'finished', { outcome: 'cancelled' }, 'needs the outcome passed'],
    ['cancelling', 'finished', { outcome: 'passed' }, 'needs the outcome cancelled'],
  ] as const)('refuses %s → %s %j (%s)', (from, to, input, why) => {
    expect(checkTransition(from, to, input)).toBe(why);
  });

  it('an illegal transition throws a typed RunTransitionError, emits nothing and keeps the state', () => {
    const { lifecycle, emitted } = machine();
    let caught: unknown;
    try {
      lifecycle.to('finished', { outcome: 'passed' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RunTransitionError);
    expect(caught).toMatchObject({ kind: 'illegal-transition', from: 'idle', to: 'finished' });
    expect((caught as Error).message).toContain('idle → finished');
    expect(lifecycle.state).toBe('idle');
    expect(emitted).toEqual([]);
  });

  it('toCancelling is a no-op once cancelling (a second cancel), and cancelling ends only as cancelled', () => {
    const { lifecycle, emitted } = machine();
    lifecycle.to('opening');
    lifecycle.toCancelling('cancel requested');
    lifecycle.toCancelling('cancel requested again');
    lifecycle.to('finished', { outcome: 'cancelled' });
    expect(lifecycle.outcome).toBe('cancelled');
    expect(emitted.filter((e) => e.type === 'run-state' && e.to === 'cancelling')).toHaveLength(1);
  });

  it('a restored context may resume straight from idle (a run continued from another session)', () => {
    const { lifecycle } = machine();
    expect(lifecycle.can('resuming', { step: 'mqtt-connect' })).toBe(true);
    expect(lifecycle.can('resuming')).toBe(false);
  });
});
