/**
 * MQTT client of the module (docs/at-behaviour.md#mqtt): AT+QMTCFG, QMTOPEN, QMTCONN, QMTSUB, QMTPUB,
 * QMTDISC, QMTCLOSE. Every command answers OK at once and reports its result later as a URC;
 * success is only a result 0 in that URC (M7). Errors name the command and the code's meaning,
 * never the password or the payload.
 */
import { AtTimeoutError } from '../at/errors.ts';
import type { AtRequest } from '../at/types.ts';
import { QuectelError, invalidParameter, type QuectelErrorKind } from './errors.ts';
import { SUBSCRIPTION_REFUSED, describeCloseResult, describeConnResult, describeConnack, describeOpenResult, describePacketResult, codeWords, type CodeInfo } from './mqtt-codes.ts';
import { parseMqttResultLine } from './mqtt-urcs.ts';
import type { AtRunner } from './runner.ts';
import { buildCommand, trailingText, type AtParam } from './syntax.ts';

export const MQTT_LIMITS = {
  clientIdx: { min: 0, max: 5 },
  msgId: { min: 1, max: 65_535 },
  hostBytes: 100,
  port: { min: 1, max: 65_535 },
  /** BG96 V1.0 payload limit per prompt (docs/uncertain-behaviour.md#qmtpub-form). */
  payloadBytes: 1548,
  keepaliveS: { min: 0, max: 3600 },
  packetTimeoutS: { min: 1, max: 60 },
  retries: { min: 0, max: 10 },
  pdpContext: { min: 1, max: 16 },
  sslContext: { min: 0, max: 5 },
} as const;

/** Host waits for the deferred URCs (docs/at-behaviour.md#mqtt-timeouts; QMTOPEN: docs/uncertain-behaviour.md#qmtopen-tls-time). */
export const MQTT_WAITS_MS = { open: 75_000, close: 5_000 } as const;

/** pkt_timeout × (retry_times + 1) + 1 s, as Quectel's SDK waits for CONN/SUB/PUB URCs. */
export function packetWaitMs(packetTimeoutS = 5, retries = 3): number {
  return (packetTimeoutS * (retries + 1) + 1) * 1000;
}

function checkInt(param: string, value: number, range: { min: number; max: number }, command: string): void {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw invalidParameter(param, `must be an integer ${range.min}–${range.max}`, command);
  }
}

export interface MqttWill {
  qos: 0 | 1 | 2;
  retain: boolean;
  topic: string;
  /** May contain `"` (JSON): sent as the line's last parameter (docs/uncertain-behaviour.md#qmtcfg-will-message-quotes). */
  message: string;
}

export interface MqttConfig {
  pdpcid?: number;
  /** false = plain TCP; {ctx} = TLS with that SSL context. */
  ssl?: false | { ctx: number };
  /** 3 = MQTT 3.1, 4 = MQTT 3.1.1. */
  version?: 3 | 4;
  keepaliveS?: number;
  cleanSession?: boolean;
  timeout?: { packetTimeoutS: number; retries: number; notice: boolean };
  will?: false | MqttWill;
  recvMode?: { buffered: boolean; lengthEnabled: boolean };
}

type Item = [name: string, params: Record<string, AtParam>];

function willParams(will: false | MqttWill): Record<string, AtParam> {
  if (!will) return { flag: 0 };
  checkInt('will.qos', will.qos, { min: 0, max: 2 }, 'AT+QMTCFG');
  return { flag: 1, qos: will.qos, retain: will.retain ? 1 : 0, 'will.topic': will.topic, 'will.message': trailingText(will.message) };
}

function configItems(config: MqttConfig): Item[] {
  const cmd = 'AT+QMTCFG';
  const items: Item[] = [];
  if (config.pdpcid !== undefined) {
    checkInt('pdpcid', config.pdpcid, MQTT_LIMITS.pdpContext, cmd);
    items.push(['pdpcid', { cid: config.pdpcid }]);
  }
  if (config.ssl !== undefined) {
    if (config.ssl) checkInt('ssl.ctx', config.ssl.ctx, MQTT_LIMITS.sslContext, cmd);
    items.push(['ssl', config.ssl ? { enable: 1, ctx: config.ssl.ctx } : { enable: 0 }]);
  }
  if (config.version !== undefined) items.push(['version', { vsn: config.version }]);
  if (config.keepaliveS !== undefined) {
    checkInt('keepaliveS', config.keepaliveS, MQTT_LIMITS.keepaliveS, cmd);
    items.push(['keepalive', { seconds: config.keepaliveS }]);
  }
  if (config.cleanSession !== undefined) items.push(['session', { clean: config.cleanSession ? 1 : 0 }]);
  if (config.timeout !== undefined) {
    const { packetTimeoutS, retries, notice } = config.timeout;
    checkInt('timeout.packetTimeoutS', packetTimeoutS, MQTT_LIMITS.packetTimeoutS, cmd);
    checkInt('timeout.retries', retries, MQTT_LIMITS.retries, cmd);
    items.push(['timeout', { packetTimeoutS, retries, notice: notice ? 1 : 0 }]);
  }
  if (config.will !== undefined) items.push(['will', willParams(config.will)]);
  if (config.recvMode !== undefined) items.push(['recv/mode', { mode: config.recvMode.buffered ? 1 : 0, lengthEnabled: config.recvMode.lengthEnabled ? 1 : 0 }]);
  return items;
}

/** The AT+QMTCFG lines for `config`, in a fixed order (pdpcid, ssl, version, keepalive, session, timeout, will, recv/mode). */
export function buildMqttConfigCommands(clientIdx: number, config: MqttConfig): string[] {
  checkInt('clientIdx', clientIdx, MQTT_LIMITS.clientIdx, 'AT+QMTCFG');
  return configItems(config).map(([item, params]) => buildCommand('AT+QMTCFG', { item, clientIdx, ...params }));
}

export async function configureMqtt(at: AtRunner, clientIdx: number, config: MqttConfig): Promise<void> {
  for (const command of buildMqttConfigCommands(clientIdx, config)) await at.run(command);
}

function mqttError(kind: QuectelErrorKind, command: string, code: number, info: CodeInfo, line: string): QuectelError {
  return new QuectelError(kind, `${command}: ${info.meaning} (${code})${info.hint ? ` — ${info.hint}` : ''}`, { command, code, hint: info.hint, line, words: info });
}

/** A command whose deferred URC starts with `lead` (client index, msg id) followed by a result. */
interface DeferredRun {
  request: AtRequest;
  prefix: string;
  lead: readonly number[];
  timeoutMs: number;
}

function resultFields(line: string, prefix: string): number[] {
  try {
    return parseMqttResultLine(line, prefix.slice(0, -1));
  } catch {
    return [];
  }
}

const leads = (fields: number[], lead: readonly number[]) => fields.length > lead.length && lead.every((value, index) => fields[index] === value);

/** Runs a command and returns the integer fields of its deferred URC (the first one that is ours). */
async function runDeferred(at: AtRunner, { request, prefix, lead, timeoutMs }: DeferredRun): Promise<number[]> {
  const match = (line: string) => leads(resultFields(line, prefix), lead);
  const response = await at.run({ ...request, deferred: { prefix, timeoutMs, match } });
  return resultFields(response.deferred ?? '', prefix);
}

/**
 * Like runDeferred for CONN/SUB/PUB, whose URC may first report result 1 (retransmission,
 * docs/uncertain-behaviour.md#qmtconn-retransmission): waits for a final 0/2; when the wait times out after a
 * result 1, returns that result-1 line so the caller reports "retransmitting" (M7).
 */
async function runUntilFinal(at: AtRunner, run: DeferredRun): Promise<number[]> {
  const { prefix, lead } = run;
  const resultAt = lead.length;
  let retransmission: number[] | undefined;
  const off = at.onUrc(prefix, (line) => {
    const fields = resultFields(line, prefix);
    if (leads(fields, lead) && fields[resultAt] === 1) retransmission = fields;
  });
  try {
    const isFinal = (line: string) => {
      const fields = resultFields(line, prefix);
      return leads(fields, lead) && fields[resultAt] !== 1;
    };
    const response = await at.run({ ...run.request, deferred: { prefix, timeoutMs: run.timeoutMs, match: isFinal } });
    return resultFields(response.deferred ?? '', prefix);
  } catch (error) {
    if (error instanceof AtTimeoutError && error.phase === 'deferred' && retransmission) return retransmission;
    throw error;
  } finally {
    off();
  }
}

/** AT+QMTOPEN=<idx>,"<host>",<port> → +QMTOPEN: <idx>,0, else QuectelError('mqtt-open-failed') with the M1 meaning. */
export async function mqttOpen(at: AtRunner, clientIdx: number, host: string, port: number, options: { timeoutMs?: number } = {}): Promise<void> {
  const cmd = 'AT+QMTOPEN';
  checkInt('clientIdx', clientIdx, MQTT_LIMITS.clientIdx, cmd);
  checkInt('port', port, MQTT_LIMITS.port, cmd);
  const hostBytes = Buffer.byteLength(host, 'utf8');
  if (hostBytes < 1 || hostBytes > MQTT_LIMITS.hostBytes) throw invalidParameter('host', `must be 1–${MQTT_LIMITS.hostBytes} bytes`, cmd);
  const request = { command: buildCommand(cmd, { clientIdx, host, port }) };
  const fields = await runDeferred(at, { request, prefix: '+QMTOPEN:', lead: [clientIdx], timeoutMs: options.timeoutMs ?? MQTT_WAITS_MS.open });
  const result = fields[1] ?? NaN;
  if (result !== 0) throw mqttError('mqtt-open-failed', cmd, result, describeOpenResult(result), `+QMTOPEN: ${fields.join(',')}`);
}

export interface MqttCredentials {
  clientId: string;
  username?: string;
  /** Never appears in an error message (K1); register it with the AtClient's redactor for the traffic log. */
  password?: string;
}

/** AT+QMTCONN → success only on `+QMTCONN: <idx>,0,0` (M7); otherwise the result or CONNACK meaning. */
export async function mqttConnect(at: AtRunner, clientIdx: number, credentials: MqttCredentials, options: { timeoutMs?: number } = {}): Promise<void> {
  const cmd = 'AT+QMTCONN';
  checkInt('clientIdx', clientIdx, MQTT_LIMITS.clientIdx, cmd);
  if (credentials.clientId === '') throw invalidParameter('clientId', 'must not be empty', cmd);
  if (credentials.password !== undefined && credentials.username === undefined) throw invalidParameter('username', 'is required when a password is given', cmd);
  const { clientId, username, password } = credentials;
  const request = { command: buildCommand(cmd, { clientIdx, clientId, username, password }) };
  const fields = await runUntilFinal(at, { request, prefix: '+QMTCONN:', lead: [clientIdx], timeoutMs: options.timeoutMs ?? packetWaitMs() });
  const [, result = NaN, retCode] = fields;
  const line = `+QMTCONN: ${fields.join(',')}`;
  if (result !== 0) throw mqttError('mqtt-connect-failed', cmd, result, describeConnResult(result), line);
  if (retCode !== 0) {
    const info = retCode === undefined ? codeWords('connack.none.meaning', 'connack.none.hint') : describeConnack(retCode);
    throw mqttError('mqtt-connect-failed', cmd, retCode ?? result, info, line);
  }
}

export interface MqttSubscription {
  topic: string;
  qos: 0 | 1 | 2;
}

function checkMsgId(msgId: number, qos: number, command: string): void {
  if (qos === 0 && command === 'AT+QMTPUB') {
    if (msgId !== 0) throw invalidParameter('msgId', 'must be 0 for QoS 0', command);
    return;
  }
  checkInt('msgId', msgId, MQTT_LIMITS.msgId, command);
}

/** AT+QMTSUB → granted QoS per topic; result ≠ 0 or a granted 128 (refused) throws. */
export async function mqttSubscribe(at: AtRunner, clientIdx: number, msgId: number, topics: readonly MqttSubscription[], options: { timeoutMs?: number } = {}): Promise<number[]> {
  const cmd = 'AT+QMTSUB';
  checkInt('clientIdx', clientIdx, MQTT_LIMITS.clientIdx, cmd);
  checkMsgId(msgId, 1, cmd);
  if (topics.length === 0) throw invalidParameter('topics', 'must name at least one topic', cmd);
  const params: Record<string, AtParam> = { clientIdx, msgId };
  topics.forEach(({ topic, qos }, i) => {
    checkInt(`topics[${i}].qos`, qos, { min: 0, max: 2 }, cmd);
    Object.assign(params, { [`topic${i + 1}`]: topic, [`qos${i + 1}`]: qos });
  });
  const fields = await runUntilFinal(at, { request: { command: buildCommand(cmd, params) }, prefix: '+QMTSUB:', lead: [clientIdx, msgId], timeoutMs: options.timeoutMs ?? packetWaitMs() });
  const [, , result = NaN, ...granted] = fields;
  const line = `+QMTSUB: ${fields.join(',')}`;
  if (result !== 0) throw mqttError('mqtt-subscribe-failed', cmd, result, describePacketResult(result), line);
  const refused = granted.findIndex((value) => value === SUBSCRIPTION_REFUSED);
  if (refused >= 0) {
    const info = codeWords('qmtsub.refused.meaning', 'qmtsub.refused.hint', { topic: topics[refused]?.topic ?? '?' });
    throw mqttError('mqtt-subscribe-failed', cmd, SUBSCRIPTION_REFUSED, info, line);
  }
  return granted;
}

export interface MqttPublication {
  /** 0 for QoS 0, else 1–65535. */
  msgId: number;
  qos: 0 | 1 | 2;
  retain: boolean;
  topic: string;
  payload: string | Uint8Array;
}

function payloadBytes(payload: string | Uint8Array): Uint8Array {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  if (bytes.length > MQTT_LIMITS.payloadBytes) throw invalidParameter('payload', `must be at most ${MQTT_LIMITS.payloadBytes} bytes`, 'AT+QMTPUB');
  if (bytes.includes(0x1a) || bytes.includes(0x1b)) throw invalidParameter('payload', 'contains Ctrl-Z (0x1A) or ESC (0x1B), which end or cancel the prompt', 'AT+QMTPUB');
  return bytes;
}

/** AT+QMTPUB (Ctrl-Z form) → `>` → payload + 0x1A → OK → +QMTPUB: <idx>,<msgId>,0. */
export async function mqttPublish(at: AtRunner, clientIdx: number, message: MqttPublication, options: { timeoutMs?: number } = {}): Promise<void> {
  const cmd = 'AT+QMTPUB';
  checkInt('clientIdx', clientIdx, MQTT_LIMITS.clientIdx, cmd);
  checkInt('qos', message.qos, { min: 0, max: 2 }, cmd);
  checkMsgId(message.msgId, message.qos, cmd);
  const { msgId, qos, topic } = message;
  const request: AtRequest = {
    command: buildCommand(cmd, { clientIdx, msgId, qos, retain: message.retain ? 1 : 0, topic }),
    payload: { data: payloadBytes(message.payload), after: 'prompt', terminator: 'ctrl-z' },
  };
  const fields = await runUntilFinal(at, { request, prefix: '+QMTPUB:', lead: [clientIdx, msgId], timeoutMs: options.timeoutMs ?? packetWaitMs() });
  const result = fields[2] ?? NaN;
  if (result !== 0) throw mqttError('mqtt-publish-failed', cmd, result, describePacketResult(result), `+QMTPUB: ${fields.join(',')}`);
}

async function closeCommand(at: AtRunner, name: 'AT+QMTDISC' | 'AT+QMTCLOSE', clientIdx: number, timeoutMs: number): Promise<void> {
  checkInt('clientIdx', clientIdx, MQTT_LIMITS.clientIdx, name);
  const prefix = `${name.slice(2)}:`;
  const fields = await runDeferred(at, { request: { command: `${name}=${clientIdx}` }, prefix, lead: [clientIdx], timeoutMs });
  const result = fields[1] ?? NaN;
  if (result !== 0) throw mqttError('mqtt-close-failed', name, result, describeCloseResult(result), `${prefix} ${fields.join(',')}`);
}

/** AT+QMTDISC: MQTT DISCONNECT and close (no will is published). */
export async function mqttDisconnect(at: AtRunner, clientIdx: number, options: { timeoutMs?: number } = {}): Promise<void> {
  await closeCommand(at, 'AT+QMTDISC', clientIdx, options.timeoutMs ?? MQTT_WAITS_MS.close);
}

/** AT+QMTCLOSE: closes the network link of an opened (not connected) client. */
export async function mqttClose(at: AtRunner, clientIdx: number, options: { timeoutMs?: number } = {}): Promise<void> {
  await closeCommand(at, 'AT+QMTCLOSE', clientIdx, options.timeoutMs ?? MQTT_WAITS_MS.close);
}

/** M1 "identifier busy" recovery: QMTDISC then QMTCLOSE, ignoring failures (docs/uncertain-behaviour.md#qmtclose-on-closed). */
export async function resetMqttClient(at: AtRunner, clientIdx: number): Promise<void> {
  await mqttDisconnect(at, clientIdx).catch(() => undefined);
  await mqttClose(at, clientIdx).catch(() => undefined);
}

/** AT+QMTCONN? → client index → state (1 initialising, 2 connecting, 3 connected, 4 disconnecting). */
export async function readMqttStates(at: AtRunner): Promise<Map<number, number>> {
  const response = await at.run('AT+QMTCONN?');
  const states = new Map<number, number>();
  for (const line of response.lines) {
    const [clientIdx, state] = resultFields(line, '+QMTCONN:');
    if (clientIdx !== undefined && state !== undefined) states.set(clientIdx, state);
  }
  return states;
}

export const MQTT_CONNECTION_STATES = { 1: 'initialising', 2: 'connecting', 3: 'connected', 4: 'disconnecting' } as const;
