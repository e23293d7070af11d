/**
 * A real Mosquitto for one test file: a TLS listener that requires a client certificate from the
 * test CA and a password, plus a plain anonymous listener on 127.0.0.1 for `mosquitto_sub`
 * observers. Ports are picked free; `stop()` kills the process by PID and removes the temp dir.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestPki } from './certs.ts';

const run = promisify(execFile);
const READY_TIMEOUT_MS = 15_000;

export interface Mosquitto {
  tlsPort: number;
  plainPort: number;
  pid: number;
  /** Resolves when the broker's log shows a line matching `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startMosquitto(pki: TestPki, users: Record<string, string>): Promise<Mosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'fieldlink-sim-mosquitto-'));
  const file = (name: string) => join(dir, name);
  await writeFile(file('ca.pem'), pki.ca.cert);
  await writeFile(file('server.pem'), pki.server.cert);
  await writeFile(file('server.key'), pki.server.key, { mode: 0o600 });
  await writeFile(file('passwd'), Object.entries(users).map(([user, password]) => `${user}:${password}\n`).join(''), { mode: 0o600 });
  await run('mosquitto_passwd', ['-U', file('passwd')]);
  const [tlsPort, plainPort] = [await freePort(), await freePort()];
  const asRoot = process.getuid?.() === 0;
  const conf = [
    'per_listener_settings true',
    'persistence false',
    'log_dest stderr',
    'log_type all',
    ...(asRoot ? ['user root'] : []),
    `listener ${tlsPort} 127.0.0.1`,
    `cafile ${file('ca.pem')}`,
    `certfile ${file('server.pem')}`,
    `keyfile ${file('server.key')}`,
    'require_certificate true',
    'allow_anonymous false',
    `password_file ${file('passwd')}`,
    `listener ${plainPort} 127.0.0.1`,
    'allow_anonymous true',
    '',
  ].join('\n');
  await writeFile(file('mosquitto.conf'), conf);
  const child = spawn('mosquitto', ['-c', file('mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let log = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mosquitto did not start:\n${log}`)), READY_TIMEOUT_MS);
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if ((log.match(/Opening ipv4 listen socket/g) ?? []).length >= 2) {
          clearTimeout(timer);
          setTimeout(resolve, 100);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`mosquitto exited (${code}):\n${log}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const waitForLog = (pattern: RegExp, timeoutMs = READY_TIMEOUT_MS) =>
    new Promise<void>((resolve, reject) => {
      if (pattern.test(log)) return resolve();
      const timer = setTimeout(() => {
        child.stderr.off('data', check);
        reject(new Error(`mosquitto log never showed ${pattern}`));
      }, timeoutMs);
      const check = () => {
        if (!pattern.test(log)) return;
        clearTimeout(timer);
        child.stderr.off('data', check);
        resolve();
      };
      child.stderr.on('data', check);
    });
  return { tlsPort, plainPort, pid: child.pid ?? -1, waitForLog, stop };
}

let subscriberCount = 0;

/**
 * `mosquitto_sub -C <count>` on the plain listener. Ready once the broker logs its SUBSCRIBE
 * (mosquitto_sub's own output is block-buffered on a pipe); `messages` resolves with the
 * `topic payload` lines it printed when it exits after <count> messages.
 */
export function mosquittoSub(broker: Mosquitto, topic: string, count: number): { ready: Promise<void>; messages: Promise<string[]>; kill(): void } {
  subscriberCount += 1;
  const id = `sim-test-sub-${process.pid}-${subscriberCount}`;
  const child = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.plainPort), '-i', id, '-t', topic, '-v', '-q', '1', '-C', String(count)], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const messages = new Promise<string[]>((resolve) => child.once('exit', () => resolve(out.split('\n').filter((line) => line !== ''))));
  return {
    ready: broker.waitForLog(new RegExp(`Received SUBSCRIBE from ${id}`)),
    messages,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    },
  };
}
