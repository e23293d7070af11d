/** `fieldlink sim`: the fault list, devices on TCP ports and on a PTY, killed by PID afterwards. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULTS } from '../../electron/sim/faults/table.ts';
import { nthImei } from '../../electron/sim/imei.ts';
import { Conversation } from '../helpers/sim/conversation.ts';

const BIN = join(import.meta.dirname, '../../bin/fieldlink.mjs');
type Cli = ChildProcessByStdio<null, Readable, Readable>;
const children: Cli[] = [];
let dir: string | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
  }
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function cli(args: string[]): { child: Cli; out: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, exit };
}

async function waitForOutput(run: ReturnType<typeof cli>, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const start = Date.now();
  while (!pattern.test(run.out())) {
    if (run.child.exitCode !== null) throw new Error(`fieldlink sim exited: ${run.out()}`);
    if (Date.now() - start > timeoutMs) throw new Error(`no ${pattern} in: ${run.out()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return run.out();
}

describe('fieldlink sim', () => {
  it('--list-faults prints every fault scenario with its description', async () => {
    const run = cli(['sim', '--list-faults']);
    expect(await run.exit).toBe(0);
    for (const fault of FAULTS) expect(run.out()).toContain(`${fault.name.padEnd(26)}  ${fault.description}`);
  });

  it('rejects an unknown fault with the usage exit code', async () => {
    const run = cli(['sim', '--faults', 'no-such-fault', '--fast']);
    expect(await run.exit).toBe(2);
    expect(run.out()).toMatch(/unknown fault scenario "no-such-fault"/);
  });

  it('--count 2 runs two devices with consecutive IMEIs on their own TCP ports; SIGTERM stops them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fieldlink-sim-cli-'));
    const run = cli(['sim', '--listen', 'tcp:127.0.0.1:0', '--count', '2', '--fast', '--imei', '867969066452788', '--state-dir', dir]);
    const out = await waitForOutput(run, /ready: 2 virtual device/);
    const ports = [...out.matchAll(/^(\d{15}) tcp:\/\/127\.0\.0\.1:(\d+)$/gm)].map((m) => ({ imei: m[1], port: Number(m[2]) }));
    expect(ports.map((p) => p.imei)).toEqual(['867969066452788', nthImei('867969066452788', 1)]);
    for (const { imei, port } of ports) {
      const socket = connect(port, '127.0.0.1');
      const modem = Conversation.overStream(socket);
      await modem.send('AT+CGSN\r');
      await modem.expect(`AT+CGSN\r\r\n${imei}\r\n\r\nOK\r\n`);
      socket.destroy();
    }
    if (run.child.pid !== undefined) process.kill(run.child.pid, 'SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('--pty makes a path any serial tool can open', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fieldlink-sim-cli-'));
    const path = join(dir, 'ttyTMS2');
    const run = cli(['sim', '--pty', path, '--fast', '--state-dir', dir]);
    await waitForOutput(run, /ready: 1 virtual device/);
    const serial = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => serial.open((error) => (error ? reject(error) : resolve())));
    const modem = Conversation.overStream(serial);
    await modem.send('AT+TMSVER?\r');
    await modem.expect('AT+TMSVER?\r\r\n+TMSVER: "1.3.0","1.1.1"\r\n\r\nOK\r\n');
    await new Promise<void>((resolve) => serial.close(() => resolve()));
    if (run.child.pid !== undefined) process.kill(run.child.pid, 'SIGTERM');
    expect(await run.exit).toBe(0);
  });
});
