/**
 * Test helpers around a real Mosquitto: the demo cloud on Mosquitto, and `mosquitto_sub` as an
 * independent observer of what a broker (Aedes or Mosquitto) really delivers.
 *
 *   const cloud = await startMosquittoCloud();
 *   const sub = await spawnMosquittoSub(cloudObserver(cloud), ['DDTM/UP/#', 'DDTM/LWT/#']);
 *   await sub.waitFor((m) => m.topic === 'DDTM/LWT/TMS2_…');
 *   await sub.stop(); await cloud.stop();   // both by PID / handle, in afterAll
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startDemoCloud } from '../../electron/cloud/cloud.ts';
import type { DemoCloud, DemoCloudOptions } from '../../electron/cloud/cloud.ts';
import { findExecutable } from '../../electron/cloud/mosquitto.ts';

export { findExecutable, mosquittoInstalled, startMosquitto } from '../../electron/cloud/mosquitto.ts';

/** The demo cloud on a real Mosquitto, in a temp data dir, on free ports. */
export function startMosquittoCloud(options: Omit<DemoCloudOptions, 'broker'> = {}): Promise<DemoCloud> {
  return startDemoCloud({ ephemeral: true, ...options, broker: 'mosquitto' });
}

export interface MqttEndpoint {
  port: number;
  caFile: string;
  certFile: string;
  keyFile: string;
  username: string;
  password: string;
}

/** The cloud's admin principal as a mosquitto_sub endpoint (may read `<root>/#` on either broker). */
export function cloudObserver(cloud: DemoCloud): MqttEndpoint {
  const admin = cloud.adminCredentials();
  return { port: cloud.mqtt.port, caFile: cloud.caPath, certFile: admin.certPath, keyFile: admin.keyPath, username: admin.username, password: admin.password };
}

export interface ObservedMessage {
  topic: string;
  payload: string;
}

export interface MosquittoSub {
  pid: number;
  messages: ObservedMessage[];
  /** Resolves with the first message (already seen or future) that matches. */
  waitFor(predicate: (message: ObservedMessage) => boolean, timeoutMs?: number): Promise<ObservedMessage>;
  stop(): Promise<void>;
}

const MESSAGE_MARK = 'MSG> ';

/** Spawns `mosquitto_sub` over TLS with a client certificate; resolves once every SUBACK arrived. */
export async function spawnMosquittoSub(endpoint: MqttEndpoint, topics: string[], timeoutMs = 20_000): Promise<MosquittoSub> {
  const binary = findExecutable('mosquitto_sub');
  if (!binary) throw new Error('mosquitto_sub is not installed (apt install mosquitto-clients)');
  const args = [
    '-h', '127.0.0.1', '-p', String(endpoint.port),
    '--cafile', endpoint.caFile, '--cert', endpoint.certFile, '--key', endpoint.keyFile,
    '-u', endpoint.username, '-P', endpoint.password,
    '-i', `test-sub-${randomBytes(4).toString('hex')}`, '-q', '1', '-d',
    '-F', `${MESSAGE_MARK}%t %x`,
    ...topics.flatMap((topic) => ['-t', topic]),
  ];
  // mosquitto_sub block-buffers its debug lines on a pipe; stdbuf (which execs, same PID) makes them line-buffered.
  const stdbuf = findExecutable('stdbuf');
  const child = stdbuf
    ? spawn(stdbuf, ['-oL', '-eL', binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('mosquitto_sub could not be spawned');
  const state = watchOutput(child);
  try {
    await waitUntil(() => state.subacks >= 1 || state.exited !== undefined, timeoutMs, () => `mosquitto_sub: no SUBACK (${state.log.slice(-3).join(' | ')})`);
    if (state.exited !== undefined) throw new Error(`mosquitto_sub exited (${state.exited}): ${state.log.slice(-3).join(' | ')}`);
  } catch (error) {
    await stopChild(child, pid);
    throw error;
  }
  return {
    pid,
    messages: state.messages,
    waitFor: async (predicate, waitMs = 20_000) => {
      let found: ObservedMessage | undefined;
      await waitUntil(() => (found = state.messages.find(predicate)) !== undefined, waitMs, () => `mosquitto_sub: no matching message; saw ${JSON.stringify(state.messages)}`);
      return found as ObservedMessage;
    },
    stop: () => stopChild(child, pid),
  };
}

function watchOutput(child: ChildProcess) {
  const state = { messages: [] as ObservedMessage[], subacks: 0, log: [] as string[], exited: undefined as number | string | undefined };
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(MESSAGE_MARK)) {
        const [topic = '', hex = ''] = line.slice(MESSAGE_MARK.length).split(' ');
        state.messages.push({ topic, payload: Buffer.from(hex, 'hex').toString('utf8') });
      } else {
        if (/received SUBACK/.test(line)) state.subacks++;
        state.log.push(line);
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => state.log.push(chunk.toString('utf8').trim()));
  child.once('exit', (code, signal) => (state.exited = code ?? signal ?? 'unknown'));
  return state;
}

/** Polls a condition (no fixed sleeps in tests): resolves when true, rejects after the timeout. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopChild(child: ChildProcess, pid: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const send = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
      return true;
    } catch {
      return false; // already gone
    }
  };
  if (!send('SIGTERM')) return;
  // A client stuck in a TLS handshake on a loaded machine may not act on SIGTERM at once: SIGKILL after 5 s.
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    send('SIGKILL');
    await exited;
  }
}
