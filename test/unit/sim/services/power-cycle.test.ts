/**
 * The power cycle owns every timer of one power-on period. A timer that is no longer needed (an
 * operation answered before its timeout) is cancelled and leaves the cycle, so a device that
 * stays on all day does not pile up callbacks and the objects they hold.
 */
import { describe, expect, it } from 'vitest';
import { PowerCycle } from '../../../../electron/sim/services/power-cycle.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PowerCycle timers', () => {
  it('a cancelled timer never runs and leaves the cycle', async () => {
    const cycle = new PowerCycle();
    let ran = 0;
    const cancels = Array.from({ length: 50 }, () => cycle.later(20, () => ran++));
    expect(cycle.pendingTimers).toBe(50);
    for (const cancel of cancels) cancel();
    expect(cycle.pendingTimers).toBe(0);
    await tick(60);
    expect(ran).toBe(0);
    cycle.end();
  });

  it('a timer that fired leaves the cycle; cancelling it afterwards is harmless', async () => {
    const cycle = new PowerCycle();
    let ran = 0;
    const cancel = cycle.later(5, () => ran++);
    await tick(40);
    expect(ran).toBe(1);
    expect(cycle.pendingTimers).toBe(0);
    cancel();
    expect(cycle.pendingTimers).toBe(0);
    cycle.end();
  });

  it('after the cycle ended, later() schedules nothing', async () => {
    const cycle = new PowerCycle();
    cycle.end();
    let ran = 0;
    cycle.later(1, () => ran++)();
    await tick(20);
    expect(ran).toBe(0);
    expect(cycle.pendingTimers).toBe(0);
  });
});
