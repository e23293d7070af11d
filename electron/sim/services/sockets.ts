/**
 * The module's TCP/IP sockets (docs/at-behaviour.md#sockets): up to 12 client connections
 * (<connectID> 0–11) over real node TCP and UDP sockets, in buffer access mode. Received bytes
 * wait in a per-connection buffer for AT+QIRD; the `+QIURC: "recv",<id>` URC is raised when data
 * arrives into an empty buffer and not again until the host has read everything
 * (docs/at-behaviour.md#qird). A peer close raises `+QIURC: "closed",<id>`; the connection stays
 * listed (state 4) until AT+QICLOSE. State lives for one power cycle; power loss resets the links.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect as tcpConnect, type Socket } from 'node:net';
import type { FaultSet } from '../faults/fault-set.ts';
import { linkErrorOf, LinkError } from './link-error.ts';
import type { NetworkModel } from './network-model.ts';
import type { PowerCycle } from './power-cycle.ts';
import { Resolver } from './resolver.ts';

export const MAX_CONNECT_ID = 11;
/** Largest payload of one AT+QISEND (docs/at-behaviour.md#qisend). */
export const MAX_SEND = 1460;
/** Largest AT+QIRD read (docs/at-behaviour.md#qird). */
export const MAX_READ = 1500;
/** AT+QIOPEN answers within 150 s (docs/at-behaviour.md#qiopen). */
export const OPEN_TIMEOUT_MS = 150_000;

/** TCP/IP `<err>` codes (docs/at-behaviour.md#socket-error-codes). */
export const SOCKET_ERR = {
  ok: 0,
  unknown: 550,
  invalidParameter: 552,
  createFailed: 554,
  notSupported: 555,
  bindFailed: 556,
  writeFailed: 558,
  openPdpFailed: 561,
  idUsed: 563,
  dnsFailed: 565,
  connectFailed: 566,
  closed: 567,
  timeout: 569,
} as const;

/** The descriptions AT+QIGETERROR prints (docs/uncertain-behaviour.md#qigeterror-text). */
export const SOCKET_ERR_TEXT: Readonly<Record<number, string>> = {
  0: 'operation success',
  550: 'unknown error',
  551: 'operation blocked',
  552: 'invalid parameters',
  553: 'memory not enough',
  554: 'create socket failed',
  555: 'operation not supported',
  556: 'socket bind failed',
  557: 'socket listen failed',
  558: 'socket write failed',
  559: 'socket read failed',
  560: 'socket accept failed',
  561: 'open PDP context failed',
  562: 'close PDP context failed',
  563: 'socket identity has been used',
  564: 'DNS busy',
  565: 'DNS parse failed',
  566: 'socket connect failed',
  567: 'socket has been closed',
  568: 'operation busy',
  569: 'operation timeout',
  570: 'PDP context broken down',
  571: 'cancel send',
  572: 'operation not allowed',
  573: 'APN not configured',
  574: 'port busy',
};

export type ServiceType = 'TCP' | 'UDP';
/** <socket_state>: 1 opening, 2 connected, 4 closing (peer closed, waiting for AT+QICLOSE). */
export type SocketState = 1 | 2 | 4;

export interface OpenRequest {
  contextId: number;
  connectId: number;
  type: ServiceType;
  host: string;
  remotePort: number;
  localPort: number;
}

export interface Connection extends OpenRequest {
  state: SocketState;
  /** Remote address as resolved (QISTATE prints it). */
  address: string;
  /** Unread received bytes, in arrival order (one entry per TCP chunk or UDP datagram). */
  readonly unread: Buffer[];
  totalReceived: number;
  totalRead: number;
  totalSent: number;
  acked: number;
  /** A "recv" URC was raised and the buffer has not been emptied since. */
  notified: boolean;
  tcp?: Socket;
  udp?: UdpSocket;
}

export interface SocketDeps {
  cycle: PowerCycle;
  network: NetworkModel;
  faults: FaultSet;
  resolver: Resolver;
  urc(line: string): void;
}

export class SocketService {
  private readonly connections = new Map<number, Connection>();
  /** Last TCP/IP error for AT+QIGETERROR. */
  lastError: number = SOCKET_ERR.ok;

  constructor(private readonly deps: SocketDeps) {
    deps.cycle.signal.addEventListener('abort', () => this.dropAll(), { once: true });
  }

  get(id: number): Connection | undefined {
    return this.connections.get(id);
  }

  list(): Connection[] {
    return [...this.connections.values()].sort((a, b) => a.connectId - b.connectId);
  }

  /** Synchronous checks before OK; then `connect()` runs after the final result. */
  inUse(id: number): boolean {
    return this.connections.has(id);
  }

  /** Opens the link; resolves with the `<err>` of `+QIOPEN: <id>,<err>`. */
  async open(req: OpenRequest): Promise<number> {
    if (this.connections.has(req.connectId)) return this.fail(SOCKET_ERR.idUsed);
    const { network } = this.deps;
    if (!network.isActive(req.contextId)) return this.fail(SOCKET_ERR.openPdpFailed);
    const conn: Connection = {
      ...req,
      state: 1,
      address: req.host,
      unread: [],
      totalReceived: 0,
      totalRead: 0,
      totalSent: 0,
      acked: 0,
      notified: false,
    };
    this.connections.set(req.connectId, conn);
    try {
      conn.address = await this.deps.resolver.resolve(req.host);
      this.deps.cycle.check();
      if (req.type === 'TCP') conn.tcp = await this.connectTcp(conn);
      else conn.udp = await this.connectUdp(conn);
      conn.state = 2;
      this.lastError = SOCKET_ERR.ok;
      return SOCKET_ERR.ok;
    } catch (error) {
      this.connections.delete(req.connectId);
      const kind = linkErrorOf(error).kind;
      return this.fail(kind === 'dns' ? SOCKET_ERR.dnsFailed : kind === 'timeout' ? SOCKET_ERR.timeout : SOCKET_ERR.connectFailed);
    }
  }

  /** Sends one payload; true = SEND OK. */
  send(conn: Connection, data: Buffer): Promise<boolean> {
    if (conn.state !== 2) {
      this.lastError = SOCKET_ERR.closed;
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      const done = (error?: Error | null) => {
        if (error) {
          this.lastError = SOCKET_ERR.writeFailed;
          return resolve(false);
        }
        conn.totalSent += data.length;
        conn.acked += data.length;
        resolve(true);
      };
      if (conn.tcp) conn.tcp.write(data, done);
      else if (conn.udp) conn.udp.send(data, done);
      else done(new Error('no socket'));
    });
  }

  /** Takes up to `max` unread bytes (UDP: from one datagram at most). */
  read(conn: Connection, max: number): Buffer {
    const parts: Buffer[] = [];
    let size = 0;
    while (size < max && conn.unread.length > 0) {
      const head = conn.unread[0] as Buffer;
      const take = Math.min(head.length, max - size);
      parts.push(head.subarray(0, take));
      size += take;
      if (take === head.length) conn.unread.shift();
      else conn.unread[0] = head.subarray(take);
      if (conn.type === 'UDP') break;
    }
    conn.totalRead += size;
    if (conn.unread.length === 0) conn.notified = false;
    return Buffer.concat(parts);
  }

  unreadBytes(conn: Connection): number {
    return conn.unread.reduce((sum, part) => sum + part.length, 0);
  }

  /** Closes and forgets the connection (AT+QICLOSE); no URC. */
  close(id: number): void {
    const conn = this.connections.get(id);
    if (!conn) return;
    this.connections.delete(id);
    conn.tcp?.destroy();
    try {
      conn.udp?.close();
    } catch {
      // already closed
    }
  }

  private fail(code: number): number {
    this.lastError = code;
    return code;
  }

  private received(conn: Connection, chunk: Buffer): void {
    if (this.connections.get(conn.connectId) !== conn || chunk.length === 0) return;
    conn.unread.push(Buffer.from(chunk));
    conn.totalReceived += chunk.length;
    if (!conn.notified) {
      conn.notified = true;
      this.deps.urc(`+QIURC: "recv",${conn.connectId}`);
    }
  }

  private peerClosed(conn: Connection): void {
    if (this.connections.get(conn.connectId) !== conn || conn.state !== 2) return;
    conn.state = 4;
    this.deps.urc(`+QIURC: "closed",${conn.connectId}`);
  }

  private connectTcp(conn: Connection): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = tcpConnect({ host: conn.address, port: conn.remotePort, ...(conn.localPort > 0 ? { localPort: conn.localPort } : {}) });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new LinkError('timeout', `connect to ${conn.address}:${conn.remotePort} timed out`));
      }, OPEN_TIMEOUT_MS);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.on('error', () => undefined); // 'close' follows and reports it
        socket.on('data', (chunk: Buffer) => this.received(conn, chunk));
        socket.on('close', () => this.peerClosed(conn));
        if (socket.localPort !== undefined) conn.localPort = socket.localPort;
        resolve(socket);
      });
    });
  }

  private connectUdp(conn: Connection): Promise<UdpSocket> {
    return new Promise((resolve, reject) => {
      const socket = createSocket('udp4');
      socket.once('error', reject);
      socket.bind(conn.localPort, () => {
        socket.connect(conn.remotePort, conn.address, () => {
          socket.removeAllListeners('error');
          socket.on('error', () => undefined);
          socket.on('message', (message: Buffer) => this.received(conn, message));
          conn.localPort = socket.address().port;
          resolve(socket);
        });
      });
    });
  }

  private dropAll(): void {
    for (const id of [...this.connections.keys()]) this.close(id);
  }
}

const services = new WeakMap<PowerCycle, SocketService>();

/** The sockets of this power cycle (created on first use). */
export function socketsOf(deps: SocketDeps): SocketService {
  let service = services.get(deps.cycle);
  if (!service) {
    service = new SocketService(deps);
    services.set(deps.cycle, service);
  }
  return service;
}
