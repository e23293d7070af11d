/**
 * Step 7 — live session: RPC requests arrive as +QMTRECV (mqtt-message events, emitted by the
 * MqttSession), +QMTSTAT reports a lost session with its M2 meaning; the user may publish a test
 * message (runner.publishTest) and ends the session (runner.disconnect) with a clean AT+QMTDISC
 * (no will, M5). Without `stayConnected` the session is closed at once. A lost session (+QMTSTAT,
 * also the module's keepalive watchdog when the broker goes silent, M4), a deactivated PDP context
 * or a module reboot is followed by a reconnect (M6): exponential backoff with random jitter (many
 * devices losing one broker must not come back in lock-step), and before every attempt the PDP
 * context is checked with AT+QIACT? and activated again when the network dropped it, so the attempt
 * does not fail on a dead bearer.
 */
import { sleep } from '../../at/queue.ts';
import { activatePdpContext } from '../../quectel/network.ts';
import { need } from '../context.ts';
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep, type StepEnv } from '../step.ts';
import { startStatusPoll } from '../status-poll.ts';
import { mqttConnectStep } from './mqtt-connect.ts';
import { ref, type MessageRef } from '../../../../shared/messages/index.ts';

export const RECONNECT = { attempts: 3, firstDelayMs: 1000, jitterMs: 500 } as const;

/** Wait before reconnect attempt `attempt` (1-based): firstDelayMs × 2^(attempt-1) plus 0…jitterMs at random. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  return RECONNECT.firstDelayMs * 2 ** (attempt - 1) + random() * RECONNECT.jitterMs;
}

type Wake = { kind: 'end' } | { kind: 'lost'; code: number | undefined; words: MessageRef } | { kind: 'reboot' };

function nextWake(env: StepEnv): { wake: Promise<Wake>; stop: () => void } {
  const stop = new AbortController();
  const signal = AbortSignal.any([env.signal, stop.signal]);
  let offLost: () => unknown = () => undefined;
  let offAbort: () => void = () => undefined;
  const wake = Promise.race<Wake>([
    env.mqtt.untilEndRequested().then(() => ({ kind: 'end' })),
    new Promise<Wake>((resolve) => {
      offLost = env.mqtt.onLost((event) => resolve({ kind: 'lost', code: event.code, words: event.words }));
    }),
    env.link.waitForReboot(env.link.rebootCount, 2 ** 31 - 1, signal).then((seen) => (seen ? { kind: 'reboot' } : new Promise<Wake>(() => undefined))),
    new Promise<Wake>((_, reject) => {
      const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      if (env.signal.aborted) fail();
      else env.signal.addEventListener('abort', fail, { once: true });
      // env.signal outlives this wait (it is the step's composite signal): a listener left on it keeps the run alive
      offAbort = () => env.signal.removeEventListener('abort', fail);
    }),
  ]);
  return { wake, stop: () => (offLost(), offAbort(), stop.abort()) };
}

/** The PDP context the MQTT client runs on is active (AT+QIACT?), or activated again (AT+QIACT=<cid>). */
async function ensurePdp(env: StepEnv): Promise<void> {
  const cid = env.profile.pdp.contextId;
  const context = await activatePdpContext(env.at, cid);
  if (context?.state !== 1) throw new StepError('NO_DATA_SERVICE', { detail: `PDP context ${cid} is not active after AT+QIACT=${cid}` }, { command: 'AT+QIACT?' });
}

async function reconnect(env: StepEnv, cause: Wake): Promise<void> {
  const why = cause.kind === 'lost' ? cause.words : ref('mqttLost.reboot');
  for (let attempt = 1; attempt <= RECONNECT.attempts; attempt++) {
    const delay = reconnectDelayMs(attempt);
    env.progress('progress.mqttReconnecting', { why, delayMs: Math.round(delay), attempt, attempts: RECONNECT.attempts });
    await sleep(delay, env.signal);
    try {
      if (cause.kind === 'reboot') await env.reinitialise();
      await ensurePdp(env);
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
    if (env.mqtt.state === 'lost') {
      // Lost between mqtt-connect and here (or a resumed run after MQTT_LOST): connect again first.
      await reconnect(env, { kind: 'lost', code: undefined, words: env.mqtt.lostWords ?? ref('mqttLost.unknown') });
    }
    if (!env.mqtt.isUp) throw new StepError('MISSING_EARLIER_STEP', { missing: 'mqtt-connect' });
    if (!env.stayConnected) {
      await env.mqtt.disconnect(env.at);
      return passed('summary.liveVerified');
    }
    env.progress('progress.liveListening', { topic: topics.rpc });
    // The dashboard refresh: low rate, through the same AT queue, paused while reconnecting.
    const poll = startStatusPoll({ at: env.at, cid: env.profile.pdp.contextId, intervalMs: env.statusPollMs, signal: env.signal, emit: (body) => env.emit(body) });
    try {
      await listen(env, topics.rpc, poll.pause);
    } finally {
      await poll.stop();
    }
    await env.mqtt.disconnect(env.at);
    return passed('summary.liveEnded');
  },
};

/** Waits for the user's end, reconnecting after a lost session or a reboot. */
async function listen(env: StepEnv, rpc: string, pause: (paused: boolean) => void): Promise<void> {
  for (;;) {
    const { wake, stop } = nextWake(env);
    const event = await wake.finally(stop);
    if (event.kind === 'end') break;
    pause(true);
    await reconnect(env, event).catch((error: unknown) => {
      if (event.kind === 'lost' && !env.signal.aborted) {
        const said = event.code === undefined ? '+QIURC: "pdpdeact"' : `+QMTSTAT: 0,${event.code}`;
        throw new StepError('MQTT_LOST', { qmtstat: event.code ?? 'none', detail: `reconnect failed ${RECONNECT.attempts} times after ${said}`, codeHint: 'check the network and the broker, then resume' }, { moduleSaid: said }, { cause: error });
      }
      throw error;
    });
    pause(false);
    env.progress('progress.liveReconnected', { topic: rpc });
  }
}
