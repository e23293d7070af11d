/**
 * The `no-sim` scenario over a raw TCP port, byte for byte: without a SIM the module is not
 * registered and reports no serving cell and no signal (docs/uncertain-behaviour.md#no-sim-radio),
 * so a diagnosis cannot mistake a unit without a SIM for one with a good signal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { createVirtualDevice, type VirtualDevice } from '../../electron/sim/device.ts';
import { exposeOnTcp, type TcpExposure } from '../../electron/sim/serve/tcp.ts';
import { Conversation } from '../helpers/sim/conversation.ts';

let device: VirtualDevice | undefined;
let tcp: TcpExposure | undefined;
let stateDir: string | undefined;
let socket: Socket | undefined;

afterEach(async () => {
  socket?.destroy();
  await tcp?.close();
  await device?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
  [device, tcp, stateDir, socket] = [undefined, undefined, undefined, undefined];
});

async function dial(faults: string[]): Promise<Conversation> {
  stateDir = await mkdtemp(join(tmpdir(), 'fieldlink-sim-nosim-'));
  device = await createVirtualDevice({ stateDir, fast: true, faults });
  await device.whenReady();
  tcp = await exposeOnTcp(device);
  const sock = connect(tcp.port, '127.0.0.1');
  socket = sock;
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  const modem = Conversation.overStream(sock);
  await modem.send('ATE0\r');
  await modem.expect('ATE0\r\r\nOK\r\n');
  return modem;
}

const EXCHANGES: ReadonlyArray<[string, string]> = [
  ['AT+CPIN?', '\r\n+CME ERROR: 10\r\n'],
  ['AT+CSQ', '\r\n+CSQ: 99,99\r\n\r\nOK\r\n'],
  ['AT+QCSQ', '\r\n+QCSQ: "NOSERVICE"\r\n\r\nOK\r\n'],
  ['AT+QENG="servingcell"', '\r\n+QENG: "servingcell","SEARCH"\r\n\r\nOK\r\n'],
  ['AT+QNWINFO', '\r\n+QNWINFO: No Service\r\n\r\nOK\r\n'],
  ['AT+CEREG?', '\r\n+CEREG: 0,0\r\n\r\nOK\r\n'],
  ['AT+CREG?', '\r\n+CREG: 0,0\r\n\r\nOK\r\n'],
  ['AT+COPS?', '\r\n+COPS: 0\r\n\r\nOK\r\n'],
];

describe('no-sim over TCP: no registration, no cell, no signal', () => {
  it('answers CSQ 99,99 and "no service" to every cell read', async () => {
    const modem = await dial(['no-sim']);
    for (const [command, reply] of EXCHANGES) {
      await modem.send(`${command}\r`);
      await modem.expect(reply);
    }
  });

  it('with a SIM the same reads report the serving cell (the contrast)', async () => {
    const modem = await dial([]);
    await modem.send('AT+CSQ\r');
    await modem.expect('\r\n+CSQ: 24,99\r\n\r\nOK\r\n');
    await modem.send('AT+QCSQ\r');
    await modem.expect('\r\n+QCSQ: "LTE",-65,-92,165,-10\r\n\r\nOK\r\n');
  });
});
