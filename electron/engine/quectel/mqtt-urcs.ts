/**
 * Parsers for MQTT URCs (docs/at-behaviour.md#mqtt-urcs): +QMTSTAT and +QMTRECV, plus the deferred result
 * lines +QMTOPEN/+QMTCONN/+QMTSUB/+QMTPUB/+QMTDISC/+QMTCLOSE. Pure functions.
 */
import { unexpectedResponse } from './errors.ts';
import { describeQmtstat, type QmtstatInfo } from './mqtt-codes.ts';
import type { AtRunner } from './runner.ts';
import { intField, parseInfoLine } from './syntax.ts';

/** The integer fields of a deferred MQTT line, e.g. `+QMTSUB: 0,1,0,2` → [0, 1, 0, 2]. */
export function parseMqttResultLine(line: string, prefix: string): number[] {
  const parsed = parseInfoLine(line);
  if (parsed?.name !== prefix) throw unexpectedResponse(`AT${prefix}`, `not a ${prefix} line`, line);
  return parsed.fields.map((_, index) => intField(parsed.fields, index, `field ${index}`, `AT${prefix}`));
}

export interface MqttStatusEvent extends QmtstatInfo {
  clientIdx: number;
  code: number;
}

/** `+QMTSTAT: <idx>,<err_code>` (M2). */
export function parseQmtstat(line: string): MqttStatusEvent {
  const [clientIdx, code] = parseMqttResultLine(line, '+QMTSTAT');
  if (clientIdx === undefined || code === undefined) throw unexpectedResponse('+QMTSTAT', 'expected <idx>,<err_code>', line);
  return { clientIdx, code, ...describeQmtstat(code) };
}

export type MqttMessageEvent =
  | { kind: 'message'; clientIdx: number; msgId: number; topic: string; payload: string; length: number | undefined }
  /** recv/mode 1: the payload waits in buffer `recvId` (docs/uncertain-behaviour.md#qmtrecv-formats). */
  | { kind: 'buffered'; clientIdx: number; recvId: number };

const HEAD = /^\+QMTRECV:\s*(\d+)\s*,\s*(\d+)\s*(?:,([\s\S]*))?$/;
const TOPIC = /^\s*"([^"]*)"\s*,([\s\S]*)$/;
const LENGTH_HEAD = /^\s*\d+\s*,\s*"/;
const WITH_LENGTH = /^\s*(\d+)\s*,\s*"([\s\S]*)"\s*$/;
const QUOTED = /^\s*"([\s\S]*)"\s*$/;

function payloadOf(rest: string, line: string): { payload: string; length: number | undefined } {
  const withLength = WITH_LENGTH.exec(rest);
  if (!withLength && LENGTH_HEAD.test(rest)) throw unexpectedResponse('+QMTRECV', 'payload has no closing quote (split by CR/LF?)', line);
  if (withLength) {
    const length = Number(withLength[1]);
    const payload = withLength[2] ?? '';
    if (Buffer.byteLength(payload, 'utf8') !== length && payload.length !== length) {
      throw unexpectedResponse('+QMTRECV', `payload is not the announced ${length} bytes (split by CR/LF?)`, line);
    }
    return { payload, length };
  }
  const quoted = QUOTED.exec(rest);
  return { payload: quoted ? (quoted[1] ?? '') : rest, length: undefined };
}

/**
 * `+QMTRECV: <idx>,<msgID>,"<topic>"[,<len>],"<payload>"` — the payload runs from its opening
 * quote to the LAST quote of the line (quotes and commas inside are not escaped); the BG96
 * manual's unquoted payload is taken as is. `+QMTRECV: <idx>,<recv_id>` = buffered (recv/mode 1).
 */
export function parseQmtrecv(line: string): MqttMessageEvent {
  const head = HEAD.exec(line);
  if (!head) throw unexpectedResponse('+QMTRECV', 'expected <idx>,<msgID>,...', line);
  const clientIdx = Number(head[1]);
  const second = Number(head[2]);
  if (head[3] === undefined) return { kind: 'buffered', clientIdx, recvId: second };
  const topic = TOPIC.exec(head[3]);
  if (!topic) throw unexpectedResponse('+QMTRECV', 'expected a quoted topic', line);
  return { kind: 'message', clientIdx, msgId: second, topic: topic[1] ?? '', ...payloadOf(topic[2] ?? '', line) };
}

/** Subscribes to +QMTSTAT; unreadable lines go to `onError` (default: ignored). */
export function onMqttStatus(at: Pick<AtRunner, 'onUrc'>, handler: (event: MqttStatusEvent) => void, onError?: (error: unknown) => void): () => void {
  return at.onUrc('+QMTSTAT:', (line) => {
    let event: MqttStatusEvent;
    try {
      event = parseQmtstat(line);
    } catch (error) {
      onError?.(error);
      return;
    }
    handler(event);
  });
}

/** Subscribes to +QMTRECV; unreadable lines go to `onError` (default: ignored). */
export function onMqttMessage(at: Pick<AtRunner, 'onUrc'>, handler: (event: MqttMessageEvent) => void, onError?: (error: unknown) => void): () => void {
  return at.onUrc('+QMTRECV:', (line) => {
    let event: MqttMessageEvent;
    try {
      event = parseQmtrecv(line);
    } catch (error) {
      onError?.(error);
      return;
    }
    handler(event);
  });
}
