/**
 * Step 7 — live session: RPC requests arrive as +QMTRECV (mqtt-message events, emitted by the
 * MqttSession), +QMTSTAT reports a lost session with its M2 meaning; the user may publish a test
 * message (runner.publishTest) and ends the session (runner.disconnect) with a clean AT+QMTDISC
 * (no will, M5). Without `stayConnected` the session is closed at once. A lost session or a module
 * reboot is followed by a reconnect with backoff and jitter (M4, M6, S17).
 */
import { sleep } from '../../at/queue.ts';
import { need } from '../context.ts';
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep, type StepEnv } from '../step.ts';
import { mqttConnectStep } from './mqtt-connect.ts';

export const RECONNECT = { attempts: 3, firstDelayMs: 1000, jitterMs: 500 } as const;

type Wake = { kind: 'end' } | { kind: 'lost'; code: number } | { kind: 'reboot' };

function nextWake(env: StepEnv): { wake: Promise<Wake>; stop: () => void } {
  const stop = new AbortController();
  const signal = AbortSignal.any([env.signal, stop.signal]);
  let offLost: () => unknown = () => undefined;
  const wake = Promise.race<Wake>([
    env.mqtt.untilEndRequested().then(() => ({ kind: 'end' })),
    new Promise<Wake>((resolve) => {
      offLost = env.mqtt.onLost((event) => resolve({ kind: 'lost', code: event.code }));
    }),
    env.link.waitForReboot(env.link.rebootCount, 2 ** 31 - 1, signal).then((seen) => (seen ? { kind: 'reboot' } : new Promise<Wake>(() => undefined))),
    new Promise<Wake>((_, reject) => {
      const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      if (env.signal.aborted) fail();
      else env.signal.addEventListener('abort', fail, { once: true });
    }),
  ]);
  return { wake, stop: () => (offLost(), stop.abort()) };
}

async function reconnect(env: StepEnv, cause: Wake): Promise<void> {
  for (let attempt = 1; attempt <= RECONNECT.attempts; attempt++) {
    const delay = RECONNECT.firstDelayMs * 2 ** (attempt - 1) + Math.random() * RECONNECT.jitterMs;
    env.progress('progress.mqttReconnecting', { delayMs: Math.round(delay), attempt, attempts: RECONNECT.attempts });
    await sleep(delay, env.signal);
    try {
      if (cause.kind === 'reboot') await env.reinitialise();
      await mqttConnectStep.run(env);
      return;
    } catch (error) {
      if (env.signal.aborted || attempt === RECONNECT.attempts) throw error;
    }
  }
}

export const liveSessionStep: SequenceStep = {
  id: 'live-session',
  needs: ['identity', 'topics'],
  timeoutMs: undefined,
  retries: 0,
  async run(env) {
    const topics = need(env.ctx, 'topics');
    if (!env.mqtt.isUp) throw new StepError('MISSING_EARLIER_STEP', { missing: 'mqtt-connect' });
    if (!env.stayConnected) {
      await env.mqtt.disconnect(env.at);
      return passed('session verified; disconnected cleanly (AT+QMTDISC, no will)');
    }
    env.progress('progress.liveListening', { topic: topics.rpc });
    for (;;) {
      const { wake, stop } = nextWake(env);
      const event = await wake.finally(stop);
      if (event.kind === 'end') break;
      await reconnect(env, event).catch((error: unknown) => {
        if (event.kind === 'lost' && !env.signal.aborted) throw new StepError('MQTT_LOST', { qmtstat: event.code, detail: `reconnect failed after +QMTSTAT: 0,${event.code}`, codeHint: 'check the network and the broker, then resume' }, {}, { cause: error });
        throw error;
      });
      env.progress('progress.liveReconnected', { topic: topics.rpc });
    }
    await env.mqtt.disconnect(env.at);
    return passed('live session ended by the user; disconnected cleanly (AT+QMTDISC, no will)');
  },
};
