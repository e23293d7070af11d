/**
 * TCP/IP socket commands (docs/at-behaviour.md#sockets): AT+QIOPEN (OK, then `+QIOPEN: <id>,<err>`),
 * AT+QISEND (`> ` prompt, Ctrl-Z or fixed length, `SEND OK` / `SEND FAIL`; `,0` queries the
 * counters), AT+QIRD (`+QIRD: <n>` CR LF data, or `+QIRD: 0`; `,0` queries the counters),
 * AT+QISTATE, AT+QICLOSE, AT+QIGETERROR. Buffer access mode only
 * (docs/uncertain-behaviour.md#qiopen-access-modes).
 */
import { PowerLost } from '../services/power-cycle.ts';
import { Resolver } from '../services/resolver.ts';
import {
  MAX_CONNECT_ID,
  MAX_READ,
  MAX_SEND,
  SOCKET_ERR_TEXT,
  socketsOf,
  type Connection,
  type ServiceType,
  type SocketService,
} from '../services/sockets.ts';
import { ERROR, ok, OK, type CommandEntry, type CommandResult, type DeviceContext, type Handler } from './types.ts';

/** The AT port the host talks on, as AT+QISTATE names it (docs/uncertain-behaviour.md#qistate-at-port). */
export const AT_PORT_NAME = 'uart1';

/** The module's DNS: the device's own when the context carries one, else the plain resolver. */
function resolverOf(ctx: DeviceContext): Resolver {
  const given = (ctx as { resolver?: Resolver }).resolver;
  return given ?? new Resolver({});
}

export function sockets(ctx: DeviceContext): SocketService {
  return socketsOf({ cycle: ctx.cycle, network: ctx.network, faults: ctx.faults, resolver: resolverOf(ctx), urc: (line) => ctx.urc(line) });
}

const SERVICE_TYPES: Readonly<Record<string, ServiceType>> = { TCP: 'TCP', UDP: 'UDP' };

const qiopen: Handler = (command, ctx) => {
  const p = command.params;
  p.expectCount(5, 7);
  const contextId = p.int(0, { min: 1, max: 16 });
  const connectId = p.int(1, { min: 0, max: MAX_CONNECT_ID });
  const type = SERVICE_TYPES[p.str(2).toUpperCase()];
  const host = p.str(3, 150);
  const remotePort = p.int(4, { min: 0, max: 65535 });
  const localPort = p.int(5, { min: 0, max: 65535, default: 0 });
  const accessMode = p.int(6, { min: 0, max: 2, default: 0 });
  // Listeners, UDP service and the push/transparent modes are not emulated.
  if (!type || accessMode !== 0 || host === '' || remotePort === 0) return ERROR;
  const service = sockets(ctx);
  return {
    after: async () => {
      const err = await service.open({ contextId, connectId, type, host, remotePort, localPort });
      if (ctx.cycle.alive) ctx.urc(`+QIOPEN: ${connectId},${err}`);
    },
  };
};

/** A connection the host may use, or undefined (the module answers ERROR). */
function connectionOf(ctx: DeviceContext, id: number): Connection | undefined {
  return sockets(ctx).get(id);
}

const qisend: Handler = async (command, ctx) => {
  const p = command.params;
  p.expectCount(1, 2);
  const id = p.int(0, { min: 0, max: MAX_CONNECT_ID });
  const conn = connectionOf(ctx, id);
  if (!conn) return ERROR;
  const service = sockets(ctx);
  const length = p.has(1) ? p.int(1, { min: 0, max: MAX_SEND }) : undefined;
  if (length === 0) return ok(`+QISEND: ${conn.totalSent},${conn.acked},${conn.totalSent - conn.acked}`);
  if (conn.state !== 2) return ERROR;
  const entered = await ctx.io.prompt({ maxLength: MAX_SEND, ...(length !== undefined ? { length } : {}) });
  if (entered.outcome === 'aborted') throw new PowerLost();
  if (entered.outcome === 'cancel') return OK;
  const sent = await service.send(conn, entered.bytes);
  ctx.cycle.check();
  return { final: { kind: 'send', ok: sent } };
};

/** `\r\n+QIRD: <n>\r\n<data>\r\n` then OK: the data sits in the information block (docs/at-behaviour.md#qird). */
function readResult(ctx: DeviceContext, data: Buffer): CommandResult {
  if (data.length === 0) return ok('+QIRD: 0');
  const head = ctx.modem.verbose ? `\r\n+QIRD: ${data.length}\r\n` : `+QIRD: ${data.length}\r\n`;
  ctx.io.raw(Buffer.concat([Buffer.from(head, 'latin1'), data, Buffer.from('\r\n', 'latin1')]));
  return OK;
}

const qird: Handler = (command, ctx) => {
  const p = command.params;
  p.expectCount(1, 2);
  const id = p.int(0, { min: 0, max: MAX_CONNECT_ID });
  const length = p.int(1, { min: 0, max: MAX_READ, default: MAX_READ });
  const conn = connectionOf(ctx, id);
  if (!conn) return ERROR;
  const service = sockets(ctx);
  if (length === 0) return ok(`+QIRD: ${conn.totalReceived},${conn.totalRead},${service.unreadBytes(conn)}`);
  return readResult(ctx, service.read(conn, length));
};

function stateLine(conn: Connection): string {
  return `+QISTATE: ${conn.connectId},"${conn.type}","${conn.address}",${conn.remotePort},${conn.localPort},${conn.state},${conn.contextId},0,0,"${AT_PORT_NAME}"`;
}

const qistateRead: Handler = (_command, ctx) => ok(...sockets(ctx).list().map(stateLine));

const qistateWrite: Handler = (command, ctx) => {
  const p = command.params;
  p.expectCount(2, 2);
  const query = p.int(0, { min: 0, max: 1 });
  const list = sockets(ctx).list();
  if (query === 0) {
    const cid = p.int(1, { min: 1, max: 16 });
    return ok(...list.filter((conn) => conn.contextId === cid).map(stateLine));
  }
  const id = p.int(1, { min: 0, max: MAX_CONNECT_ID });
  return ok(...list.filter((conn) => conn.connectId === id).map(stateLine));
};

const qiclose: Handler = (command, ctx) => {
  const p = command.params;
  p.expectCount(1, 2);
  const id = p.int(0, { min: 0, max: MAX_CONNECT_ID });
  p.int(1, { min: 0, max: 65535, default: 10 });
  sockets(ctx).close(id);
  return OK;
};

const qigeterror: Handler = (_command, ctx) => {
  const code = sockets(ctx).lastError;
  return ok(`+QIGETERROR: ${code},${SOCKET_ERR_TEXT[code] ?? 'unknown error'}`);
};

export const SOCKET_COMMANDS: readonly CommandEntry[] = [
  {
    name: '+QIOPEN',
    write: qiopen,
    test: () => ok('+QIOPEN: (1-16),(0-11),"TCP/UDP/TCP LISTENER/UDP SERVICE","<IP_address>/<domain_name>",<remote_port>,<local_port>,(0-2)'),
  },
  { name: '+QISEND', write: qisend, test: () => ok(`+QISEND: (0-${MAX_CONNECT_ID}),(0-${MAX_SEND})`) },
  { name: '+QIRD', write: qird, test: () => ok(`+QIRD: (0-${MAX_CONNECT_ID}),(0-${MAX_READ})`) },
  { name: '+QISTATE', read: qistateRead, write: qistateWrite, test: () => OK },
  { name: '+QICLOSE', write: qiclose, test: () => ok(`+QICLOSE: (0-${MAX_CONNECT_ID}),(0-65535)`) },
  { name: '+QIGETERROR', exec: qigeterror, test: () => OK },
];
