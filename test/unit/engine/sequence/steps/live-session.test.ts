/**
 * Step 7 (live-session) over the scripted modem: a clean AT+QMTDISC without stayConnected (no will,
 * M5), RPC requests shown as they arrive, the user's end, and M2/M6 (a +QMTSTAT loss followed by a
 * reconnect after the backoff, on a fake clock).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MqttTopics } from '../../../../../electron/engine/sequence/context.ts';
import { liveSessionStep, RECONNECT } from '../../../../../electron/engine/sequence/steps/live-session.ts';
import { createFakeStepEnv, disposeFakeStepEnvs, type FakeStepEnvOptions } from '../../../../helpers/fake-step-env.ts';
import type { ScriptStep } from '../../../../helpers/scripted-modem.ts';
import { formatMessage } from '../../../../../shared/messages/index.ts';
import { waitForEvent } from '../../../../helpers/wait-for-event.ts';
import { driveUntilSettled, useFakeClock } from '../../at/harness.ts';
import { framed } from '../../../../helpers/at-rig.ts';
import { CONFIG, CONN, DEVICE_ID, IDENTITY, OPEN, SERVER_INFO, SESSION } from './shared.ts';
import { english } from '../../../../helpers/step-result.ts';

const TOPICS: MqttTopics = { up: `DDTM/UP/${DEVICE_ID}`, rpc: `DDTM/RPC/${DEVICE_ID}`, lwt: `DDTM/LWT/${DEVICE_ID}` };
const DISC: ScriptStep = { expect: 'AT+QMTDISC=0', reply: [framed('OK'), framed('+QMTDISC: 0,0')] };

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await disposeFakeStepEnvs();
});

/** An env whose MQTT session is up, as mqtt-connect leaves it. */
async function connected(options: FakeStepEnvOptions = {}) {
  const env = await createFakeStepEnv('live-session', { ctx: { identity: IDENTITY, serverInfo: SERVER_INFO, topics: TOPICS }, ...options });
  env.mqtt.watch(TOPICS, 1, 1);
  env.mqtt.setState('published', TOPICS.up);
  return env;
}

describe('live-session step (fake StepEnv)', () => {
  it('without stayConnected: AT+QMTDISC at once, nothing else (M5: no will)', async () => {
    const env = await connected();
    env.modem.script(DISC);
    const result = await liveSessionStep.run(env);
    expect(env.modem.lines).toEqual(['AT+QMTDISC=0']);
    expect(env.mqtt.state).toBe('closed');
    expect(english(result)).toEqual({ status: 'passed', summary: 'session verified; disconnected cleanly (AT+QMTDISC, no will)' });
  });

  it('stayConnected: an RPC arriving as +QMTRECV becomes an mqtt-message event; the user ends with AT+QMTDISC', async () => {
    const env = await connected({ stayConnected: true });
    env.modem.script(DISC);
    const done = liveSessionStep.run(env);
    const rpc = waitForEvent(env, (e) => e.type === 'mqtt-message', { seen: env.events, what: 'the RPC' });
    await env.modem.push(framed(`+QMTRECV: 0,1,"${TOPICS.rpc}","{"method":"reboot"}"`));
    await rpc;
    expect(env.events.filter((e) => e.type === 'mqtt-message')).toEqual([{ type: 'mqtt-message', topic: TOPICS.rpc, payload: '{"method":"reboot"}', direction: 'in' }]);
    expect(env.modem.lines).toEqual([]);
    env.mqtt.requestEnd();
    const result = await done;
    expect(env.modem.lines).toEqual(['AT+QMTDISC=0']);
    expect(english(result).status === 'passed' && (english(result) as { summary: string }).summary).toBe('live session ended by the user; disconnected cleanly (AT+QMTDISC, no will)');
  });

  it('M2/M6: +QMTSTAT: 0,1 marks the session lost; after the backoff the PDP context is checked and the client reconnects', async () => {
    const env = await connected({ stayConnected: true });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    useFakeClock();
    env.modem.script(
      { expect: 'AT+QIACT?', reply: framed('+QIACT: 1,1,1,"10.7.157.1"', 'OK') },
      ...CONFIG,
      { expect: OPEN, reply: [framed('OK'), framed('+QMTOPEN: 0,0')] },
      ...SESSION,
      DISC,
    );
    const done = liveSessionStep.run(env);
    const waiting = waitForEvent(env, (e) => e.type === 'step-progress' && formatMessage('en', e.code, e.values).includes('reconnecting in'), { what: 'the backoff' });
    await env.modem.push(framed('+QMTSTAT: 0,1'));
    const backoff = await waiting;
    expect(backoff.type === 'step-progress' && formatMessage('en', backoff.code, backoff.values)).toEqual(expect.stringContaining(`reconnecting in ${RECONNECT.firstDelayMs} ms (attempt 1/${RECONNECT.attempts}, M6)`));
    expect(env.mqtt.state).toBe('lost');
    expect(env.modem.lines).toEqual([]);
    const reconnected = waitForEvent(env, (e) => e.type === 'step-progress' && formatMessage('en', e.code, e.values).startsWith('live: reconnected'), { what: 'the reconnect' });
    await vi.advanceTimersByTimeAsync(RECONNECT.firstDelayMs - 1);
    expect(env.modem.lines).toEqual([]); // nothing before the backoff has passed
    await driveUntilSettled(reconnected);
    expect(env.modem.lines[0]).toBe('AT+QIACT?');
    expect(env.modem.lines).toContain(CONN);
    expect(env.mqtt.state).toBe('published');
    env.mqtt.requestEnd();
    expect((await driveUntilSettled(done)).status).toBe('passed');
    expect(env.modem.lines.at(-1)).toBe('AT+QMTDISC=0');
    expect(env.modem.unexpected).toEqual([]);
  });
});
