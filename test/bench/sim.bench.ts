/**
 * The virtual TMS2 at real serial pacing: (a) QFUPL upload and (b) QHTTPREAD download rates of one
 * device against the 115200-baud line rate (8N1 = 11520 B/s), and (c) the wall time of 16 devices
 * running the same workload in one process against one device alone.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVirtualDevice, type VirtualDevice } from '../../electron/sim/device.ts';
import { nthImei } from '../../electron/sim/imei.ts';
import { bytesPerSecondOf } from '../../electron/sim/line/pacer.ts';
import { Conversation } from '../helpers/sim/conversation.ts';
import { compare, elapsedMs } from './types.ts';
import type { BenchResult } from './types.ts';

const BAUD = 115200;
const UPLOAD_BYTES = 48 * 1024;
const BODY_BYTES = 48 * 1024;
const FLEET = 16;
const FLEET_UPLOAD_BYTES = 8 * 1024;

const pattern = (length: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff));

async function withDevice<T>(dir: string, imei: string, work: (device: VirtualDevice, modem: Conversation) => Promise<T>): Promise<T> {
  const device = await createVirtualDevice({ imei, stateDir: dir, baud: BAUD, timing: { bootDelayMs: 50, bootStepMs: 5 } });
  try {
    await device.host.open();
    const modem = Conversation.overTransport(device.host);
    await modem.readUntil('APP RDY\r\n', 30_000);
    return await work(device, modem);
  } finally {
    await device.close();
  }
}

/** Seconds from the first payload byte to `+QFUPL … OK`. */
async function uploadSeconds(modem: Conversation, name: string, data: Buffer): Promise<number> {
  await modem.send(`AT+QFUPL="${name}",${data.length},10\r`);
  await modem.readUntil('CONNECT\r\n');
  const start = performance.now();
  await modem.send(data);
  await modem.readUntil(/\+QFUPL: \d+,[0-9a-f]+\r\n\r\nOK\r\n/, 60_000);
  return elapsedMs(start) / 1000;
}

async function readSeconds(modem: Conversation, url: string): Promise<number> {
  await modem.send(`AT+QHTTPURL=${url.length},80\r`);
  await modem.readUntil('CONNECT\r\n');
  await modem.send(url);
  await modem.readUntil('OK\r\n');
  await modem.send('AT+QHTTPGET=80\r');
  await modem.readUntil(`+QHTTPGET: 0,200,${BODY_BYTES}\r\n`, 30_000);
  const start = performance.now();
  await modem.send('AT+QHTTPREAD=80\r');
  await modem.readUntil('+QHTTPREAD: 0\r\n', 60_000);
  return elapsedMs(start) / 1000;
}

/** The fleet workload: identify, upload a certificate-sized file, read versions. */
async function workload(modem: Conversation, data: Buffer): Promise<void> {
  for (const command of ['ATI', 'AT+CGSN', 'AT+CPIN?', 'AT+CSQ', 'AT+CEREG?', 'AT+QCDS', 'AT+TMSVER?']) {
    await modem.send(`${command}\r`);
    await modem.readUntil('\r\nOK\r\n');
  }
  await uploadSeconds(modem, 'UFS:ca.pem', data);
}

async function fleetSeconds(dir: string, count: number): Promise<number> {
  const data = pattern(FLEET_UPLOAD_BYTES);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) => withDevice(join(dir, `fleet${count}`), nthImei('867969066452788', i), (_d, modem) => workload(modem, data))),
  );
  return elapsedMs(start) / 1000;
}

export async function bench(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'fieldlink-sim-bench-'));
  const body = pattern(BODY_BYTES);
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const lineRate = bytesPerSecondOf(BAUD);
  try {
    const upload = await withDevice(dir, '867969066452788', (_d, modem) => uploadSeconds(modem, 'UFS:bench.bin', pattern(UPLOAD_BYTES)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/body.bin`;
    const read = await withDevice(dir, nthImei('867969066452788', 1), (_d, modem) => readSeconds(modem, url));
    const one = await fleetSeconds(dir, 1);
    const many = await fleetSeconds(dir, FLEET);
    return [
      compare({ name: 'sim QFUPL upload vs line rate', value: UPLOAD_BYTES / upload, baseline: lineRate, unit: 'B/s', goal: 0.95, note: `${UPLOAD_BYTES} bytes into one virtual device at ${BAUD} baud` }),
      compare({
        name: 'sim QHTTPREAD download vs line rate',
        value: BODY_BYTES / read,
        baseline: lineRate,
        unit: 'B/s',
        goal: 0.95,
        note: `${BODY_BYTES}-byte body from a local HTTP server, CONNECT…OK…+QHTTPREAD framing included`,
      }),
      compare({
        name: `sim ${FLEET} devices vs 1 (wall time)`,
        value: many,
        baseline: one,
        unit: 's',
        goal: 1.2,
        better: 'lower',
        note: `boot + 7 queries + ${FLEET_UPLOAD_BYTES}-byte QFUPL per device, paced at ${BAUD} baud, all in one process`,
      }),
    ];
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
