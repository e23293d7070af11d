/**
 * `fieldlink sim` as a virtual line: chosen IMEIs (a clone), a per-device fault, `--describe`, a plug
 * plan and control lines on stdin, checked on the real PTYs; bad line options are refused naming
 * the option. Spawned processes are stopped by PID.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { hangupAwareBinding } from '../../electron/engine/transport/serial-binding.ts';
import { nthImei } from '../../electron/sim/imei.ts';
import { Conversation } from '../helpers/sim/conversation.ts';

const BIN = join(import.meta.dirname, '../../bin/fieldlink.mjs');
const WAIT_MS = 30_000;
const A = '867969066452788';
const B = nthImei(A, 1);
const C = nthImei(A, 2);
const D = nthImei(A, 3);
const BOOT = '\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n';

type Cli = ChildProcessByStdio<Writable, Readable, Readable>;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

function cli(args: string[]): { child: Cli; out: () => string; exit: Promise<number | null>; send(line: string): void } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await exit;
  });
  return { child, out: () => out, exit, send: (line) => child.stdin.write(`${line}\n`) };
}

async function waitForOutput(run: ReturnType<typeof cli>, pattern: RegExp): Promise<RegExpExecArray> {
  const start = Date.now();
  for (;;) {
    const match = pattern.exec(run.out());
    if (match) return match;
    if (run.child.exitCode !== null) throw new Error(`fieldlink sim exited: ${run.out()}`);
    if (Date.now() - start > WAIT_MS) throw new Error(`no ${pattern} in: ${run.out()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fl-line-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function open(path: string): Promise<{ serial: SerialPort; modem: Conversation; closed: Promise<void> }> {
  // SerialPort passes `binding` through to its stream (the option is not in its typings).
  const serial = new SerialPort(Object.assign({ path, baudRate: 115200, autoOpen: false }, { binding: hangupAwareBinding }));
  await new Promise<void>((resolve, reject) => serial.open((error) => (error ? reject(error) : resolve())));
  serial.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => serial.once('close', () => resolve()));
  cleanups.push(async () => {
    if (serial.isOpen) await new Promise<void>((resolve) => serial.close(() => resolve()));
  });
  return { serial, modem: Conversation.overStream(serial), closed };
}

describe('fieldlink sim as a virtual line', () => {
  it('--imeis with a clone, --device-faults, --describe, a plug plan and stdin commands (unplug, list, plug, swap, quit)', async () => {
    const dir = await tempDir();
    const prefix = join(dir, 'ttyVL');
    const run = cli([
      'sim', '--pty', prefix, '--fast', '--state-dir', join(dir, 'state'),
      '--imeis', `${A},${A},${B},${C}`,
      '--labels', 'A1,A2,B1,B2',
      '--device-faults', 'B2=global-firmware',
      '--plug-plan', 'B1:unplug@0ms',
      '--describe',
    ]);
    await waitForOutput(run, /^ready: 4 virtual device\(s\) booted/m);
    const described = JSON.parse((await waitForOutput(run, /^(\{"slots".*)$/m))[1] ?? '') as { slots: Array<Record<string, unknown>> };
    expect(described.slots.map((slot) => [slot.label, slot.path, slot.imei, slot.serialNumber, slot.locationId])).toEqual([
      ['A1', `${prefix}0`, A, `TMS2-${A}`, 'vline-1.1'],
      ['A2', `${prefix}1`, A, `TMS2-${A}-2`, 'vline-1.2'],
      ['B1', `${prefix}2`, B, `TMS2-${B}`, 'vline-1.3'],
      ['B2', `${prefix}3`, C, `TMS2-${C}`, 'vline-1.4'],
    ]);
    expect(described.slots[3]?.faults).toEqual(['global-firmware']);

    // The plan pulled B1 at once.
    await waitForOutput(run, new RegExp(`^unplugged B1 ${prefix}2 unplug$`, 'm'));
    expect(existsSync(`${prefix}2`)).toBe(false);

    const [a1, a2, b2] = await Promise.all([0, 1, 3].map((i) => open(`${prefix}${i}`)));
    for (const port of [a1, a2]) expect(await port?.modem.command('AT+GSN', WAIT_MS)).toBe(`AT+GSN\r\r\n${A}\r\n\r\nOK\r\n`);
    expect(await b2?.modem.command('ATI', WAIT_MS)).toContain('\r\nEG25\r\n');
    expect(await a1?.modem.command('ATI', WAIT_MS)).toContain('\r\nEC21\r\n');

    // Operator commands on stdin.
    run.send('unplug A2');
    await waitForOutput(run, /^ok unplug A2$/m);
    await a2?.closed;
    expect(existsSync(`${prefix}1`)).toBe(false);
    run.send('list');
    const listed = JSON.parse((await waitForOutput(run, /^(\{"slots".*"plugged":false.*"plugged":false.*)$/m))[1] ?? '') as { slots: Array<{ label: string; plugged: boolean }> };
    expect(listed.slots.map((slot) => `${slot.label}=${slot.plugged}`)).toEqual(['A1=true', 'A2=false', 'B1=false', 'B2=true']);
    run.send('ports');
    const ports = JSON.parse((await waitForOutput(run, /^(\{"ports".*)$/m))[1] ?? '') as { ports: Array<{ path: string; vendorId: string }> };
    expect(ports.ports.map((port) => port.path)).toEqual([`${prefix}0`, `${prefix}3`]);
    expect(ports.ports.every((port) => port.vendorId === '2c7c')).toBe(true);

    run.send('plug A2');
    await waitForOutput(run, /^ok plug A2$/m);
    const again = await open(`${prefix}1`);
    await again.modem.expect(BOOT, WAIT_MS);
    expect(await again.modem.command('AT+CGSN', WAIT_MS)).toContain(`\r\n${A}\r\n`);

    run.send(`swap B1 ${D}`);
    await waitForOutput(run, new RegExp(`^ok swap B1 ${D}$`, 'm'));
    const swapped = await open(`${prefix}2`);
    await swapped.modem.expect(BOOT, WAIT_MS);
    expect(await swapped.modem.command('AT+CGSN', WAIT_MS)).toContain(`\r\n${D}\r\n`);
    expect(await a1?.modem.command('AT+CGSN', WAIT_MS)).toContain(`\r\n${A}\r\n`);

    run.send('swap B1 12345');
    await waitForOutput(run, /fieldlink sim: swap: IMEI "12345" must be 15 digits/);
    run.send('quit');
    expect(await run.exit).toBe(0);
    for (let i = 0; i < 4; i++) expect(existsSync(`${prefix}${i}`)).toBe(false);
  }, 180_000);

  it('a JSON plan file swaps a unit on schedule', async () => {
    const dir = await tempDir();
    const prefix = join(dir, 'ttyVL');
    const plan = join(dir, 'plan.json');
    await writeFile(plan, JSON.stringify([{ at: '0ms', slot: 1, action: 'swap', imei: D, faults: ['global-firmware'] }]));
    const run = cli(['sim', '--pty', prefix, '--fast', '--state-dir', join(dir, 'state'), '--count', '2', '--plug-plan-file', plan]);
    await waitForOutput(run, new RegExp(`^plugged 1 ${prefix}1 ${D}$`, 'm'));
    const port = await open(`${prefix}1`);
    await port.modem.expect(BOOT, WAIT_MS);
    expect(await port.modem.command('AT+GSN', WAIT_MS)).toBe(`AT+GSN\r\r\n${D}\r\n\r\nOK\r\n`);
    expect(await port.modem.command('ATI', WAIT_MS)).toContain('\r\nEG25\r\n');
  }, 180_000);

  it.each([
    [['--imeis', `${A},867969066452789`], /--imeis item 2 "867969066452789" has a wrong check digit/],
    [['--imeis', `${A},${B}`, '--count', '3'], /--imeis names 2 IMEI\(s\) but --count is 3/],
    [['--imeis', A, '--imei', A], /--imeis cannot be combined with --imei/],
    [['--device-faults', '1=no-such-fault'], /--device-faults entry "1=no-such-fault" names an unknown fault scenario "no-such-fault"/],
    [['--device-faults', '7=slow-unit'], /no slot "7" on this line/],
    [['--plug-plan', '0:yank@1s'], /--plug-plan entry "0:yank@1s" must look like SLOT:unplug@30s/],
    [['--plug-plan', '0:swap@1s'], /a swap needs the new unit's IMEI/],
    [['--labels', 'A1,A1'], /--labels names "A1" twice/],
  ])('refuses %j with the usage exit code, naming the option', async (args, message) => {
    const dir = await tempDir();
    const count = args.includes('--imeis') ? [] : ['--count', '2'];
    const run = cli(['sim', '--pty', join(dir, 'ttyVL'), '--fast', ...count, ...args]);
    expect(await run.exit).toBe(2);
    expect(run.out()).toMatch(message);
  }, 60_000);

  it('line options without --pty are refused', async () => {
    const run = cli(['sim', '--listen', 'tcp:127.0.0.1:0', '--fast', '--plug-plan', '0:unplug@1s']);
    expect(await run.exit).toBe(2);
    expect(run.out()).toContain('--plug-plan needs --pty');
  });
});
