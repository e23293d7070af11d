/**
 * Sockets, file handles, HTTP POST and GNSS of the virtual module over a raw TCP port and a socat
 * PTY (opened with serialport), at real 115200-baud pacing: one transcript, exact bytes, against
 * real TCP/UDP echo servers and a real HTTP server on 127.0.0.1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { createVirtualDevice, type VirtualDevice } from '../../electron/sim/device.ts';
import { exposeOnPty, type PtyExposure } from '../../electron/sim/serve/pty.ts';
import { exposeOnTcp, type TcpExposure } from '../../electron/sim/serve/tcp.ts';
import { Conversation } from '../helpers/sim/conversation.ts';
import { startTcpEcho, startUdpEcho, type TcpEcho, type UdpEcho } from '../helpers/sim/echo-servers.ts';
import { PROMPT, runSteps, type WireStep } from '../helpers/sim/wire-steps.ts';

let tcpEcho: TcpEcho;
let udpEcho: UdpEcho;
let http: Server;
let httpPort: number;

beforeAll(async () => {
  [tcpEcho, udpEcho] = await Promise.all([startTcpEcho(), startUdpEcho()]);
  http = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const body = `${req.method}:${Buffer.concat(parts).toString('latin1')}`;
      res.writeHead(201, { 'Content-Length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  httpPort = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await Promise.all([tcpEcho.close(), udpEcho.close(), new Promise<void>((resolve) => http.close(() => resolve()))]);
});

const URL_TEXT = '{url}';
const TRANSCRIPT: WireStep[] = [
  { send: 'ATE0\r', expect: 'ATE0\r\r\nOK\r\n' },
  // Sockets
  { send: 'AT+QIOPEN=1,0,"TCP","127.0.0.1",{tcp},0,0\r', expect: '\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n' },
  { send: 'AT+QISEND=0,4\r', expect: PROMPT },
  { send: 'ping', expect: '\r\nSEND OK\r\n\r\n+QIURC: "recv",0\r\n' },
  { send: 'AT+QIRD=0,1500\r', expect: '\r\n+QIRD: 4\r\nping\r\n\r\nOK\r\n' },
  { send: 'AT+QICLOSE=0\r', expect: '\r\nOK\r\n' },
  { send: 'AT+QIOPEN=1,1,"UDP","127.0.0.1",{udp},0,0\r', expect: '\r\nOK\r\n\r\n+QIOPEN: 1,0\r\n' },
  { send: 'AT+QISEND=1\r', expect: PROMPT },
  { send: 'dgram\x1a', expect: '\r\nSEND OK\r\n\r\n+QIURC: "recv",1\r\n' },
  { send: 'AT+QIRD=1\r', expect: '\r\n+QIRD: 5\r\ndgram\r\n\r\nOK\r\n' },
  { send: 'AT+QICLOSE=1\r', expect: '\r\nOK\r\n' },
  { send: 'AT+QISTATE?\r', expect: '\r\nOK\r\n' },
  // Files
  { send: 'AT+QFOPEN="log.txt",1\r', expect: '\r\n+QFOPEN: 1027\r\n\r\nOK\r\n' },
  { send: 'AT+QFWRITE=1027,5,5\r', expect: '\r\nCONNECT\r\n' },
  { send: 'a=1&b', expect: '\r\n+QFWRITE: 5,5\r\n\r\nOK\r\n' },
  { send: 'AT+QFSEEK=1027,0,0\r', expect: '\r\nOK\r\n' },
  { send: 'AT+QFREAD=1027,5\r', expect: '\r\nCONNECT 5\r\na=1&b\r\nOK\r\n' },
  { send: 'AT+QFCLOSE=1027\r', expect: '\r\nOK\r\n' },
  // HTTP POST (body typed, then the file)
  { send: 'AT+QHTTPURL={urlLength},80\r', expect: '\r\nCONNECT\r\n' },
  { send: URL_TEXT, expect: '\r\nOK\r\n' },
  { send: 'AT+QHTTPPOST=3,60,60\r', expect: '\r\nCONNECT\r\n' },
  { send: 'x=1', expect: '\r\nOK\r\n\r\n+QHTTPPOST: 0,201,8\r\n' },
  { send: 'AT+QHTTPPOSTFILE="log.txt",60\r', expect: '\r\nOK\r\n\r\n+QHTTPPOSTFILE: 0,201,10\r\n' },
  { send: 'AT+QHTTPREAD=60\r', expect: '\r\nCONNECT\r\nPOST:a=1&b\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n' },
  // GNSS (no fix asked for: the fix time depends on the clock)
  { send: 'AT+QGPSLOC=2\r', expect: '\r\n+CME ERROR: 505\r\n' },
  { send: 'AT+QGPS=1\r', expect: '\r\nOK\r\n' },
  { send: 'AT+QGPS=1\r', expect: '\r\n+CME ERROR: 504\r\n' },
  { send: 'AT+QGPSEND\r', expect: '\r\nOK\r\n' },
];

let device: VirtualDevice | undefined;
let tcp: TcpExposure | undefined;
let pty: PtyExposure | undefined;
let serial: SerialPort | undefined;
let socket: Socket | undefined;
let dir: string | undefined;

afterEach(async () => {
  socket?.destroy();
  if (serial?.isOpen) await new Promise<void>((resolve) => serial?.close(() => resolve()));
  await tcp?.close();
  await pty?.close();
  await device?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  [device, tcp, pty, serial, socket, dir] = [undefined, undefined, undefined, undefined, undefined, undefined];
});

async function bootDevice(): Promise<VirtualDevice> {
  dir = await mkdtemp(join(tmpdir(), 'fieldlink-sim-apps-'));
  device = await createVirtualDevice({ stateDir: dir });
  await device.whenReady();
  return device;
}

function vars(): Record<string, string | number> {
  const url = `http://127.0.0.1:${httpPort}/post`;
  return { tcp: tcpEcho.port, udp: udpEcho.port, url, urlLength: url.length };
}

describe('sockets, files, HTTP POST, GNSS on the wire', () => {
  it('over a raw TCP port', async () => {
    tcp = await exposeOnTcp(await bootDevice());
    socket = connect(tcp.port, '127.0.0.1');
    const s = socket;
    await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
    await runSteps(Conversation.overStream(s), TRANSCRIPT, vars());
  });

  it('over a socat PTY opened with serialport', async () => {
    const d = await bootDevice();
    pty = await exposeOnPty(d, join(dir as string, 'ttyTMS2'));
    const port = new SerialPort({ path: pty.path, baudRate: 115200, autoOpen: false });
    serial = port;
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    await runSteps(Conversation.overStream(port), TRANSCRIPT, vars());
  });
});
