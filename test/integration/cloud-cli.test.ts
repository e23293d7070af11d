/**
 * `fieldlink cloud` as a user runs it: a real process that prints its URLs, admin token and CA
 * path, then the live DDTM traffic, and stops cleanly on Ctrl-C (SIGINT).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { parseServerInfo } from '../../shared/server-info.ts';
import { waitUntil } from '../helpers/mosquitto.ts';
import { initPayload, processesMentioning, request } from './cloud-test-kit.ts';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const DEVICE = 'TMS2_867969066452788';

interface Running {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function runCli(args: string[]): Running {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'fieldlink.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

function field(output: string, label: string): string {
  const value = new RegExp(`^\\s+${label}\\s+(\\S+)`, 'm').exec(output)?.[1];
  if (!value) throw new Error(`no "${label}" line in:\n${output}`);
  return value;
}

describe.each(['aedes', 'mosquitto'] as const)('fieldlink cloud --broker %s', (broker) => {
  let running: Running | undefined;
  let client: MqttClient | undefined;

  afterEach(async () => {
    client?.end(true);
    const pid = running?.child.pid;
    if (running && pid !== undefined && running.child.exitCode === null) {
      process.kill(pid, 'SIGTERM'); // graceful: the CLI stops its Mosquitto child too
      const exited = await Promise.race([running.exit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
      if (!exited) process.kill(pid, 'SIGKILL');
      await running.exit;
    }
  });

  it('prints URLs, admin token and CA path, shows live INIT traffic, and stops on SIGINT', async () => {
    running = runCli(['cloud', '--ephemeral', '--broker', broker, '--http-port', '0', '--mqtt-port', '0', '--publish-firmware', 'main=1.5.0']);
    const current = running;
    await waitUntil(() => current.output().includes('Live DDTM traffic'), 60_000, () => current.output());
    const out = current.output();
    const infoTemplate = field(out, 'server info');
    const caPath = field(out, 'CA');
    const dataDir = field(out, 'data dir');
    expect(field(out, 'admin token')).toMatch(/^[0-9a-f]{48}$/);
    expect(field(out, 'MQTT \\(TLS\\)')).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(caPath, 'utf8');

    const reply = await request(infoTemplate.replace('{deviceId}', DEVICE), { ca });
    const parsed = parseServerInfo(reply.body.toString('utf8'));
    if (!parsed.ok) throw parsed.error;
    expect(parsed.serverInfo.serverInfo.firmware.main.version).toBe('1.5.0');

    const deviceDir = join(dataDir, 'devices', DEVICE);
    const { host, port, password } = parsed.serverInfo.serverInfo.mqtt;
    client = await mqtt.connectAsync(`mqtts://${host}:${port}`, {
      ca, cert: readFileSync(join(deviceDir, 'client.pem')), key: readFileSync(join(deviceDir, 'client.key')),
      username: DEVICE, password, clientId: DEVICE, protocolVersion: 4, reconnectPeriod: 0,
    }, false);
    const init = initPayload(1700000000000, '1.3.0', '1.1.1');
    await client.publishAsync(`DDTM/UP/${DEVICE}`, init, { qos: 1 });
    await waitUntil(() => current.output().includes(`DDTM/UP/${DEVICE}  ${init}`), 20_000, () => current.output());
    expect(current.output()).not.toContain(password);

    process.kill(current.child.pid ?? 0, 'SIGINT');
    expect(await current.exit).toBe(0);
    expect(current.output()).toContain('Demo cloud stopped');
    expect(existsSync(dataDir)).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]);
  });
});

describe('fieldlink cloud usage errors', () => {
  it('rejects a malformed --publish-firmware with exit code 2', async () => {
    const running = runCli(['cloud', '--ephemeral', '--publish-firmware', 'gps=1.0']);
    expect(await running.exit).toBe(2);
    expect(running.output()).toMatch(/main=<version>/);
  });
});
