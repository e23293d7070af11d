/**
 * The virtual device on a socat PTY, opened with serialport like any serial tool: every command
 * family byte for byte, at real 115200-baud pacing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualDevice, type VirtualDevice } from '../../electron/sim/device.ts';
import { exposeOnPty, type PtyExposure } from '../../electron/sim/serve/pty.ts';
import { Conversation } from '../helpers/sim/conversation.ts';
import { replayTranscript } from '../helpers/sim/transcript.ts';

let device: VirtualDevice | undefined;
let pty: PtyExposure | undefined;
let port: SerialPort | undefined;
let dir: string | undefined;

afterEach(async () => {
  if (port?.isOpen) await new Promise<void>((resolve) => port?.close(() => resolve()));
  await pty?.close();
  await device?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  [device, pty, port, dir] = [undefined, undefined, undefined, undefined];
});

async function openPort(path: string): Promise<{ serial: SerialPort; modem: Conversation }> {
  const serial = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => serial.open((error) => (error ? reject(error) : resolve())));
  return { serial, modem: Conversation.overStream(serial) };
}

describe('virtual device on a socat PTY', () => {
  it('answers every command family with the reference bytes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fieldlink-sim-pty-'));
    device = await createVirtualDevice({ stateDir: dir });
    await device.whenReady();
    pty = await exposeOnPty(device, join(dir, 'ttyTMS2'));
    const opened = await openPort(pty.path);
    port = opened.serial;
    await replayTranscript(opened.modem);
  });

  it('keeps running when the serial tool closes the port and reopens it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fieldlink-sim-pty-'));
    device = await createVirtualDevice({ stateDir: dir, fast: true });
    await device.whenReady();
    pty = await exposeOnPty(device, join(dir, 'ttyTMS2'));
    const first = await openPort(pty.path);
    await first.modem.send('AT\r');
    await first.modem.expect('AT\r\r\nOK\r\n');
    await new Promise<void>((resolve) => first.serial.close(() => resolve()));
    const second = await openPort(pty.path);
    port = second.serial;
    await second.modem.send('AT+CGSN\r');
    await second.modem.expect('AT+CGSN\r\r\n867969066452788\r\n\r\nOK\r\n');
    expect(device.state.power).toBe('on');
  });
});
