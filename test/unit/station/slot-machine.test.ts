/**
 * The slot state machine (docs/station.md#slot-states): each transition one slot-state event with
 * its cause; the last result kept through `empty`; transitions the table does not allow refused.
 */
import { describe, expect, it } from 'vitest';
import { SLOT_TRANSITIONS, SlotMachine, SlotTransitionError, type SlotEventBody } from '../../../electron/station/slot-machine.ts';
import { SLOT_STATES, SlotStateEventSchema } from '../../../shared/station.ts';

function machine() {
  const events: SlotEventBody[] = [];
  let now = 1_000;
  const slot = new SlotMachine('A1', (body) => events.push(body), () => now);
  return { slot, events, tick: (ms: number) => (now += ms) };
}

describe('SlotMachine', () => {
  it('walks a unit through empty → present → running(step…) → passed → empty, one event per transition', () => {
    const { slot, events, tick } = machine();
    slot.to('present', 'device-appeared', { port: '/dev/ttyUSB2' });
    tick(10);
    slot.to('running', 'run-started', { runId: 'r1', step: 'identify' });
    const started = slot.since;
    tick(500);
    slot.to('running', 'step', { imei: '867969066452788' });
    slot.to('running', 'step', { step: 'ssl-configure' });
    expect(slot.since).toBe(started);
    slot.to('passed', 'run-finished', { result: { outcome: 'passed', imei: '867969066452788', runId: 'r1' } });
    slot.to('empty', 'pulled');
    expect(events.map((e) => `${e.from}→${e.to} (${e.cause})`)).toEqual([
      'empty→present (device-appeared)',
      'present→running (run-started)',
      'running→running (step)',
      'running→running (step)',
      'running→passed (run-finished)',
      'passed→empty (pulled)',
    ]);
    expect(events[3]).toMatchObject({ slot: 'A1', step: 'ssl-configure', imei: '867969066452788', runId: 'r1', port: '/dev/ttyUSB2' });
    expect(events[4]).toMatchObject({ result: { outcome: 'passed' } });
    expect(events[5]).not.toHaveProperty('port');
    for (const event of events) expect(() => SlotStateEventSchema.parse({ ...event, t: 1 })).not.toThrow();
    // The last result stays on the empty slot until the next unit's run ends.
    expect(slot.state).toBe('empty');
    expect(slot.last).toMatchObject({ outcome: 'passed', imei: '867969066452788' });
    slot.to('present', 'device-appeared', { port: '/dev/ttyUSB2' });
    expect(slot.imei).toBeUndefined();
    expect(slot.last).toMatchObject({ outcome: 'passed' });
  });

  it('a failed unit can run again from its failed step (retry); a passed one as rework', () => {
    const { slot } = machine();
    slot.to('present', 'device-appeared', { port: 'p' });
    slot.to('running', 'run-started', { runId: 'r1', step: 'identify' });
    slot.to('failed', 'run-finished', { result: { outcome: 'failed', code: 'HTTP_TIMEOUT', step: 'server-info' } });
    slot.to('running', 'retry', { step: 'server-info' });
    expect(slot.step).toBe('server-info');
    slot.to('passed', 'run-finished', { result: { outcome: 'passed' } });
    slot.to('running', 'rework', { runId: 'r2', step: 'identify' });
    expect(slot.runId).toBe('r2');
  });

  it('refuses transitions the table does not allow', () => {
    const { slot, events } = machine();
    expect(() => slot.to('running', 'run-started')).toThrow(SlotTransitionError);
    slot.to('present', 'device-appeared');
    expect(() => slot.to('passed', 'run-finished')).toThrow(/present → passed on run-finished/);
    slot.to('running', 'run-started');
    expect(() => slot.to('empty', 'pulled')).toThrow(SlotTransitionError);
    slot.to('refused', 'run-finished', { result: { outcome: 'refused', refusal: 'on-other-slot', otherSlot: 'A2' } });
    expect(() => slot.to('running', 'retry')).toThrow(SlotTransitionError);
    expect(events).toHaveLength(3);
  });

  it('every state is reachable and can be left', () => {
    const targets = new Set(Object.values(SLOT_TRANSITIONS).flatMap((byCause) => Object.values(byCause).flat()));
    for (const state of SLOT_STATES) {
      expect(targets.has(state), state).toBe(true);
      expect(Object.keys(SLOT_TRANSITIONS[state]).length, state).toBeGreaterThan(0);
    }
  });
});
