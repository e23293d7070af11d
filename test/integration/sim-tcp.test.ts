/** The virtual device on a raw TCP port (ser2net style): every command family, byte for byte. */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualDevice, type VirtualDevice } from '../../electron/sim/device.ts';
import { exposeOnTcp, type TcpExposure } from '../../electron/sim/serve/tcp.ts';
import { Conversation } from '../helpers/sim/conversation.ts';
import { BOOT_BYTES } from '../helpers/sim/device.ts';
import { replayTranscript } from '../helpers/sim/transcript.ts';

let device: VirtualDevice | undefined;
let tcp: TcpExposure | undefined;
let stateDir: string | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await tcp?.close();
  await device?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
  [device, tcp, stateDir] = [undefined, undefined, undefined];
});

async function dial(port: number): Promise<{ socket: Socket; modem: Conversation }> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, modem: Conversation.overStream(socket) };
}

async function serve(fast: boolean): Promise<TcpExposure> {
  stateDir = await mkdtemp(join(tmpdir(), 'fieldlink-sim-tcp-'));
  device = await createVirtualDevice({ stateDir, fast });
  await device.whenReady();
  tcp = await exposeOnTcp(device);
  return tcp;
}

describe('virtual device over TCP', () => {
  it('answers every command family with the reference bytes (paced at 115200 baud)', async () => {
    const { port } = await serve(false);
    const { modem } = await dial(port);
    await replayTranscript(modem);
  });

  it('shows the power-up URCs to the connected client on reboot, after the active context goes down', async () => {
    const { port } = await serve(true);
    const { modem } = await dial(port);
    await modem.send('AT+CFUN=1,1\r');
    await modem.expect(`AT+CFUN=1,1\r\r\nOK\r\n\r\n+QIURC: "pdpdeact",1\r\n${BOOT_BYTES}`);
  });

  it('hands the device to a new connection and cuts the old one', async () => {
    const { port } = await serve(true);
    const first = await dial(port);
    const closed = new Promise((resolve) => first.socket.once('close', resolve));
    const second = await dial(port);
    await closed;
    await second.modem.send('AT\r');
    await second.modem.expect('AT\r\r\nOK\r\n');
  });

  it('ends the TCP connection when the cable is pulled, and boots again for the next client', async () => {
    const { port } = await serve(true);
    const first = await dial(port);
    const closed = new Promise((resolve) => first.socket.once('close', resolve));
    device?.pullCable();
    await closed;
    expect(device?.state.power).toBe('off');
    const second = await dial(port);
    await second.modem.expect(BOOT_BYTES);
  });
});
