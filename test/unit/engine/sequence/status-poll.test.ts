/**
 * The live dashboard's refresh: during a `--stay` live session the runner polls the device at a low
 * rate through the same AT queue and emits `device-status`; no poll before the live session, none
 * after it ends; a poll never splits another command's answer (commands and finals alternate).
 * A failed run that holds its port for a retry keeps refreshing the same way until retry, cancel or close.
 */
import { describe, expect, it } from 'vitest';
import type { RunnerEvent } from '../../../../shared/events.ts';
import { SimRig, commandsSent, eventsOf, traffic } from '../../../helpers/sim-rig.ts';

const rig = SimRig.perFile();

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('live session status poll', () => {
  it('emits device-status (RSRP/RSRQ/SINR, operator, clock) while the live session runs, through the same queue, and stops on disconnect', async () => {
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ fotaPolicy: 'never', stayConnected: true, statusPollMs: 300 });
    runner.onEvent((event) => events.push(event));
    const done = runner.start();
    try {
      await until(() => eventsOf(events, 'device-status').length >= 2, 'two device-status events');
      const liveStart = events.findIndex((e) => e.type === 'step-started' && e.step === 'live-session');
      const firstStatus = events.findIndex((e) => e.type === 'device-status');
      expect(liveStart).toBeGreaterThan(-1);
      expect(firstStatus).toBeGreaterThan(liveStart); // only in the live session
      const [status] = eventsOf(events, 'device-status');
      expect(status).toMatchObject({ rsrpDbm: expect.any(Number), rsrqDb: expect.any(Number), sinrDb: expect.any(Number), operator: expect.any(String), clockSkewS: expect.any(Number) });
      expect(status).toMatchObject({ signal: { rssi: expect.any(Number) }, registration: { command: 'CEREG', stat: 1 } });
      // The data context is up in the live session: its address shows.
      expect(status?.pdpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      // The SIM is not re-read by the poll.
      const live = commandsSent(events.slice(liveStart));
      expect(live).toEqual(expect.arrayContaining(['AT+CSQ', 'AT+CEREG?', 'AT+QENG="servingcell"', 'AT+CCLK?']));
      expect(live).not.toContain('AT+QCCID');

      await runner.disconnect();
      const result = await done;
      expect(result.outcome).toBe('passed');
      const count = eventsOf(events, 'device-status').length;
      const end = events.findIndex((e) => e.type === 'step-passed' && e.step === 'live-session');
      expect(events.slice(end).some((e) => e.type === 'device-status')).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(eventsOf(events, 'device-status')).toHaveLength(count); // stopped on close

      // One queue: every command gets its final answer before the next command goes out.
      let open: string | undefined;
      for (const e of traffic(events.slice(liveStart))) {
        if (e.kind === 'command') {
          expect(open, `${e.text} sent while ${open} was waiting`).toBeUndefined();
          open = e.text;
        } else if (e.kind === 'line' && e.role === 'final') open = undefined;
      }
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('statusPollMs 0 turns the refresh off', async () => {
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ fotaPolicy: 'never', stayConnected: true, statusPollMs: 0 });
    runner.onEvent((event) => events.push(event));
    const done = runner.start();
    try {
      await until(() => events.some((e) => e.type === 'step-started' && e.step === 'live-session'), 'the live session');
      await new Promise((resolve) => setTimeout(resolve, 800));
      await runner.disconnect();
      await done;
      expect(eventsOf(events, 'device-status')).toEqual([]);
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('a failed run holding its port (failed-holding-port) keeps refreshing; the poll stops on retry and on close', async () => {
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ port: 'sim:http-404', fotaPolicy: 'never', stayConnected: true, statusPollMs: 300, profile: { steps: { 'server-info': { retries: 0 } } } });
    runner.onEvent((event) => events.push(event));
    try {
      const first = await runner.start();
      expect(first.outcome).toBe('failed');
      expect(runner.state).toBe('failed-holding-port');
      const held = events.findIndex((e) => e.type === 'run-state' && e.to === 'failed-holding-port');
      expect(events.slice(0, held).some((e) => e.type === 'device-status')).toBe(false); // none before the failure (no live session)
      await until(() => eventsOf(events.slice(held), 'device-status').length >= 2, 'device-status after the failure');
      const [status] = eventsOf(events.slice(held), 'device-status');
      expect(status).toMatchObject({ rsrpDbm: expect.any(Number), operator: expect.any(String), registration: { command: 'CEREG', stat: 1 } });
      expect(commandsSent(events.slice(held))).toEqual(expect.arrayContaining(['AT+CSQ', 'AT+CEREG?', 'AT+QENG="servingcell"']));

      // Retry: no refresh while the resumed steps run; the run fails again and holds the port again.
      const second = await runner.resume();
      expect(second.outcome).toBe('failed');
      const resumed = events.findIndex((e) => e.type === 'run-resumed');
      const heldAgain = events.findIndex((e, i) => i > resumed && e.type === 'run-state' && e.to === 'failed-holding-port');
      expect(resumed).toBeGreaterThan(held);
      expect(events.slice(resumed, heldAgain).some((e) => e.type === 'device-status')).toBe(false);
      await until(() => eventsOf(events.slice(heldAgain), 'device-status').length >= 1, 'device-status after the second failure');

      await runner.close();
      const count = eventsOf(events, 'device-status').length;
      const closed = events.findIndex((e) => e.type === 'run-state' && e.to === 'closed');
      expect(events.slice(closed).some((e) => e.type === 'device-status')).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(eventsOf(events, 'device-status')).toHaveLength(count); // stopped on close

      // One queue: every command gets its final answer before the next command goes out.
      let open: string | undefined;
      for (const e of traffic(events.slice(held))) {
        if (e.kind === 'command') {
          expect(open, `${e.text} sent while ${open} was waiting`).toBeUndefined();
          open = e.text;
        } else if (e.kind === 'line' && e.role === 'final') open = undefined;
      }
    } finally {
      await runner.close();
    }
  }, 90_000);

  it('a failed run holding its port stops refreshing when it is cancelled', async () => {
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ port: 'sim:http-404', fotaPolicy: 'never', stayConnected: true, statusPollMs: 300, profile: { steps: { 'server-info': { retries: 0 } } } });
    runner.onEvent((event) => events.push(event));
    try {
      expect((await runner.start()).outcome).toBe('failed');
      await until(() => eventsOf(events, 'device-status').length >= 1, 'device-status after the failure');
      await runner.cancel();
      expect(runner.state).toBe('finished');
      const count = eventsOf(events, 'device-status').length;
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(eventsOf(events, 'device-status')).toHaveLength(count);
    } finally {
      await runner.close();
    }
  }, 90_000);
});
