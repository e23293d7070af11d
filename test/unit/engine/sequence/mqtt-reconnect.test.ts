/**
 * The live MQTT session when the link under it goes away, against the virtual TMS2 and the demo
 * cloud's broker: reconnect backoff with jitter, the PDP context checked before reopening, state
 * cleared on any close (M6), and a broker that goes silent detected by the keepalive watchdog (M4).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RECONNECT, reconnectDelayMs } from '../../../../electron/engine/sequence/steps/live-session.ts';
import { RunnerStateError } from '../../../../electron/engine/sequence/runner.ts';
import type { RunnerEvent } from '../../../../shared/events.ts';
import { SimRig, commandsSent, eventsOf, traffic } from '../../../helpers/sim-rig.ts';
import { formatMessage } from '../../../../shared/messages/index.ts';

let rig: SimRig;
beforeAll(async () => {
  rig = await SimRig.start();
}, 60_000);
afterAll(async () => rig.stop());
beforeEach(async () => rig.freshDevices());

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const published = (events: readonly RunnerEvent[]) => eventsOf(events, 'mqtt-state').filter((e) => e.state === 'published').length;

describe('M6 reconnect backoff with jitter', () => {
  it('M6: the wait doubles per attempt and a random jitter of up to jitterMs is added', () => {
    expect([1, 2, 3].map((n) => reconnectDelayMs(n, () => 0))).toEqual([1000, 2000, 4000]);
    expect(reconnectDelayMs(1, () => 0.999)).toBeCloseTo(1000 + 0.999 * RECONNECT.jitterMs);
    // Two devices losing one broker draw different waits: no reconnect storm in lock-step.
    const draws = new Set(Array.from({ length: 20 }, () => Math.round(reconnectDelayMs(1))));
    expect(draws.size).toBeGreaterThan(1);
    for (const draw of draws) {
      expect(draw).toBeGreaterThanOrEqual(1000);
      expect(draw).toBeLessThanOrEqual(1000 + RECONNECT.jitterMs);
    }
  });
});

describe('M6 a dropped PDP context', () => {
  it('M6: +QIURC "pdpdeact" clears the session state at once (no stale "connected"), the PDP context is checked and activated before AT+QMTOPEN', async () => {
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ port: 'sim:pdp-drop-after-connect', fotaPolicy: 'never', stayConnected: true });
    runner.onEvent((event) => events.push(event));
    const done = runner.start();
    try {
      await until(() => eventsOf(events, 'mqtt-state').some((e) => e.state === 'lost'), 'the session marked lost');
      const lost = eventsOf(events, 'mqtt-state').find((e) => e.state === 'lost');
      expect(lost?.detail).toMatch(/PDP context 1 was deactivated by the network \(\+QIURC: "pdpdeact",1\)/);
      // No +QMTSTAT came: only the pdpdeact URC tells the host. A test publish is refused, not sent into a dead client.
      expect(traffic(events).some((t) => t.kind === 'line' && t.role === 'urc' && t.text.startsWith('+QMTSTAT'))).toBe(false);
      await expect(runner.publishTest({ stale: true })).rejects.toBeInstanceOf(RunnerStateError);
      await until(() => published(events) >= 2, 'the reconnect');
      const sent = commandsSent(events);
      const after = sent.slice(sent.findIndex((c) => c.startsWith('AT+QMTPUB=')) + 1);
      const open = after.findIndex((c) => c.startsWith('AT+QMTOPEN='));
      expect(open).toBeGreaterThan(0);
      expect(after.slice(0, open)).toEqual(expect.arrayContaining(['AT+QIACT?', 'AT+QIACT=1']));
      expect(after.indexOf('AT+QIACT?')).toBeLessThan(after.indexOf('AT+QIACT=1'));
      // Nothing was sent to the dead client before reopening (its state was cleared, so no QMTDISC).
      expect(after.slice(0, open).some((c) => c.startsWith('AT+QMTDISC'))).toBe(false);
      expect(eventsOf(events, 'step-progress').some((e) => e.code === 'progress.mqttReconnecting' && /reconnecting in \d+ ms \(attempt 1\/3, M6\)/.test(formatMessage('en', e.code, e.values)))).toBe(true);
      await runner.disconnect();
      expect((await done).outcome).toBe('passed');
    } finally {
      await runner.close();
    }
  }, 60_000);
});

describe('M4 a broker that goes silent', () => {
  it('M4: no PINGRESP → the module reports +QMTSTAT: 0,2 (keepalive watchdog), then the session is reconnected', async () => {
    const events: RunnerEvent[] = [];
    const runner = rig.runner({ port: 'sim:broker-silent', fotaPolicy: 'never', stayConnected: true, profile: { mqtt: { keepaliveOverride: 1 } } });
    runner.onEvent((event) => events.push(event));
    const done = runner.start();
    try {
      await until(() => eventsOf(events, 'mqtt-state').some((e) => e.state === 'lost'), '+QMTSTAT: 0,2');
      expect(commandsSent(events)).toContain('AT+QMTCFG="keepalive",0,1');
      const lost = eventsOf(events, 'mqtt-state').find((e) => e.state === 'lost');
      expect(lost).toMatchObject({ qmtstat: 2 });
      expect(traffic(events).some((t) => t.kind === 'line' && t.role === 'urc' && t.text === '+QMTSTAT: 0,2')).toBe(true);
      await until(() => published(events) >= 2, 'the reconnect');
      expect(commandsSent(events).filter((c) => c.startsWith('AT+QMTOPEN='))).toHaveLength(2);
      await runner.disconnect();
      expect((await done).outcome).toBe('passed');
    } finally {
      await runner.close();
    }
  }, 60_000);
});
