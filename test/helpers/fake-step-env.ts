/**
 * A small StepEnv for step tests: the real DeviceLink, AtClient, TMS2 MCU and MqttSession over an
 * in-memory link whose device end is the scripted modem. No runner, no simulator, no cloud: a
 * step's logic runs in milliseconds and the test asserts on the exact command lines the "module"
 * received and on the context the step leaves.
 *
 *   const env = await createFakeStepEnv('identify');
 *   env.modem.script({ expect: 'ATI', reply: framed('Quectel', 'EG25', 'Revision: R1', 'OK') });
 *   await identifyStep.run(env);
 *   expect(env.modem.lines).toEqual([...]);
 */
import type { RunnerEventBody } from '../../shared/events.ts';
import { formatMessage } from '../../shared/messages/index.ts';
import { parseProfile, type Profile, type ProfileInput } from '../../shared/profile.ts';
import type { StepId } from '../../shared/steps.ts';
import type { TrafficEvent } from '../../electron/engine/at/types.ts';
import type { RunContext } from '../../electron/engine/sequence/context.ts';
import { DeviceLink } from '../../electron/engine/sequence/device-link.ts';
import { MqttSession } from '../../electron/engine/sequence/mqtt-session.ts';
import type { StepEnv } from '../../electron/engine/sequence/step.ts';
import { Redactor } from '../../electron/engine/session/redaction.ts';
import { takeMeasurement } from '../../electron/engine/sequence/measurements.ts';
import { createTms2Mcu } from '../../electron/engine/tms2/at-mcu.ts';
import { createMemoryLink } from '../../electron/engine/transport/memory.ts';
import { ScriptedModem, type ScriptedModemOptions } from './scripted-modem.ts';

export interface FakeStepEnvOptions {
  profile?: Partial<ProfileInput>;
  ctx?: RunContext;
  modem?: ScriptedModemOptions;
  stayConnected?: boolean;
  timeoutMs?: number;
  /** Live-session status poll interval; 0 (the default here) turns it off. */
  statusPollMs?: number;
  /** The unit check identify calls (a results store's duplicates policy). */
  checkUnit?: StepEnv['checkUnit'];
}

export interface FakeStepEnv extends StepEnv {
  readonly modem: ScriptedModem;
  /** Every event the step emitted (step-progress included), in order. */
  readonly events: RunnerEventBody[];
  /** AT traffic as the AtClient recorded it (already redacted). */
  readonly traffic: TrafficEvent[];
  /** The step's progress lines, rendered in English. */
  readonly progressed: string[];
  /** The run's abort controller (env.signal). */
  readonly controller: AbortController;
  /** Each event as the step emits it (for waitForEvent); returns the unsubscribe. */
  onEvent(listener: (event: RunnerEventBody) => void): () => void;
  dispose(): Promise<void>;
}

/** A profile good enough for every step; the certificate paths are never read unless ssl-configure runs. */
export function stepProfile(overrides: Partial<ProfileInput> = {}): Profile {
  return parseProfile({
    serverInfoUrl: 'https://127.0.0.1:8443/server-info/{deviceId}',
    tls: { caCert: '/nonexistent/ca.pem', clientCert: '/nonexistent/client.pem', clientKey: '/nonexistent/client.key' },
    ...overrides,
  });
}

const live = new Set<FakeStepEnv>();

export async function createFakeStepEnv(id: StepId, options: FakeStepEnvOptions = {}): Promise<FakeStepEnv> {
  const { host, device } = createMemoryLink('memory:step-host', 'memory:step-device');
  await device.open();
  const modem = new ScriptedModem(device, options.modem ?? {});
  const events: RunnerEventBody[] = [];
  const traffic: TrafficEvent[] = [];
  const progressed: string[] = [];
  const redactor = new Redactor();
  const controller = new AbortController();
  const link = new DeviceLink({
    port: 'memory:step-host',
    redactor,
    onTraffic: (event) => traffic.push(event),
    connect: async () => {
      await host.open();
      return host;
    },
  });
  await link.open();
  const listeners = new Set<(event: RunnerEventBody) => void>();
  const emit = (body: RunnerEventBody) => {
    events.push(body);
    for (const listener of [...listeners]) listener(body);
  };
  const mqtt = new MqttSession(link, emit);
  const at = link.runner(controller.signal);
  const profile = stepProfile(options.profile);
  const env: FakeStepEnv = {
    id,
    at,
    mcu: createTms2Mcu(at),
    link,
    ctx: options.ctx ?? {},
    profile,
    fotaPolicy: profile.fota.policy,
    decide: undefined,
    stayConnected: options.stayConnected ?? false,
    statusPollMs: options.statusPollMs ?? 0,
    signal: controller.signal,
    timeoutMs: options.timeoutMs,
    redactor,
    mqtt,
    provision: undefined,
    checkUnit: options.checkUnit,
    measure: (name, value) => {
      const measurement = takeMeasurement(profile, id, name, value);
      emit({ type: 'measurement', ...measurement });
      return measurement;
    },
    emit,
    progress: (code, values, extra = {}) => {
      progressed.push(formatMessage('en', code, values));
      emit({ type: 'step-progress', step: id, code, ...(values ? { values } : {}), ...extra });
    },
    holdTraffic: () => () => undefined,
    reinitialise: () => link.initialise(controller.signal),
    modem,
    events,
    traffic,
    progressed,
    controller,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: async () => {
      live.delete(env);
      controller.abort();
      mqtt.dispose();
      modem.stop();
      await link.close();
      await device.close();
    },
  };
  live.add(env);
  return env;
}

/** For afterEach: disposes every env the test created. */
export async function disposeFakeStepEnvs(): Promise<void> {
  await Promise.all([...live].map((env) => env.dispose()));
}
