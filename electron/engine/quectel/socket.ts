/**
 * TCP/IP socket answers (docs/at-behaviour.md#sockets): the deferred `+QIOPEN: <connectID>,<err>`,
 * the `+QIURC: "recv"|"closed",<connectID>` URCs, `+QISTATE:` lines, the `+QIRD:` and `+QISEND:`
 * counters and `+QIGETERROR:`. Pure parsers; error codes in docs/at-behaviour.md#socket-error-codes.
 */
import { unexpectedResponse } from './errors.ts';
import { allFields, fieldsOf, intField, parseInfoLine, textField } from './syntax.ts';

export interface QiopenResult {
  connectId: number;
  /** 0 = connected; 5xx = TCP/IP error code. */
  err: number;
}

/** `+QIOPEN: <connectID>,<err>`. */
export function parseQiopenUrc(line: string): QiopenResult {
  const fields = fieldsOf([line], '+QIOPEN', 'AT+QIOPEN');
  return { connectId: intField(fields, 0, 'connectID', 'AT+QIOPEN'), err: intField(fields, 1, 'err', 'AT+QIOPEN') };
}

export type SocketUrc = { kind: 'recv'; connectId: number } | { kind: 'closed'; connectId: number };

/** `+QIURC: "recv",<id>` / `+QIURC: "closed",<id>`; undefined for other +QIURC kinds (pdpdeact, dnsgip…). */
export function parseSocketUrc(line: string): SocketUrc | undefined {
  const parsed = parseInfoLine(line);
  if (parsed?.name !== '+QIURC') return undefined;
  const kind = parsed.fields[0]?.text;
  if (kind !== 'recv' && kind !== 'closed') return undefined;
  return { kind, connectId: intField(parsed.fields, 1, 'connectID', '+QIURC') };
}

/** <socket_state> of AT+QISTATE. */
export const SOCKET_STATES = { 0: 'initial', 1: 'opening', 2: 'connected', 3: 'listening', 4: 'closing' } as const;

export interface SocketStatus {
  connectId: number;
  serviceType: string;
  address: string;
  remotePort: number;
  localPort: number;
  state: number;
  contextId: number;
  serverId: number;
  accessMode: number;
  atPort: string;
}

/** Every `+QISTATE:` line (none = no connection). */
export function parseQistate(lines: readonly string[]): SocketStatus[] {
  const c = 'AT+QISTATE';
  return allFields(lines, '+QISTATE').map((f) => ({
    connectId: intField(f, 0, 'connectID', c),
    serviceType: textField(f, 1, 'service_type', c),
    address: textField(f, 2, 'IP_address', c),
    remotePort: intField(f, 3, 'remote_port', c),
    localPort: intField(f, 4, 'local_port', c),
    state: intField(f, 5, 'socket_state', c),
    contextId: intField(f, 6, 'contextID', c),
    serverId: intField(f, 7, 'serverID', c),
    accessMode: intField(f, 8, 'access_mode', c),
    atPort: textField(f, 9, 'AT_port', c),
  }));
}

/** `+QIRD: <total>,<read>,<unread>` (the `,0` query form). */
export function parseQirdCounters(lines: readonly string[]): { total: number; read: number; unread: number } {
  const f = fieldsOf(lines, '+QIRD', 'AT+QIRD');
  if (f.length !== 3) throw unexpectedResponse('AT+QIRD', 'expected <total>,<read>,<unread>', lines.join(' | '));
  return { total: intField(f, 0, 'total_receive_length', 'AT+QIRD'), read: intField(f, 1, 'have_read_length', 'AT+QIRD'), unread: intField(f, 2, 'unread_length', 'AT+QIRD') };
}

/** `+QISEND: <sent>,<acked>,<unacked>` (the `,0` query form). */
export function parseQisendCounters(lines: readonly string[]): { sent: number; acked: number; unacked: number } {
  const f = fieldsOf(lines, '+QISEND', 'AT+QISEND');
  return { sent: intField(f, 0, 'total_send_length', 'AT+QISEND'), acked: intField(f, 1, 'ackedbytes', 'AT+QISEND'), unacked: intField(f, 2, 'unackedbytes', 'AT+QISEND') };
}

/** `+QIGETERROR: <err>,<description>`. */
export function parseQigeterror(lines: readonly string[]): { err: number; description: string } {
  const f = fieldsOf(lines, '+QIGETERROR', 'AT+QIGETERROR');
  return { err: intField(f, 0, 'err', 'AT+QIGETERROR'), description: f.slice(1).map((field) => field.text).join(',') };
}
