/**
 * MQTT result-code tables (docs/at-behaviour.md#mqtt, docs/faults.md M1, M2, M7): which codes each command
 * may report. Their words (meaning and what to do) live in the message catalogue under
 * `<table>.<code>.meaning|hint` (shared/messages); `describe*` gives the catalogue key and the
 * English words, which the engine's own error messages use.
 */
import { formatMessage, type MessageKey, type PlainValue } from '../../../shared/messages/index.ts';

export type CodeTable = 'qmtopen' | 'qmtconn' | 'connack' | 'packet' | 'close' | 'qmtstat';

/** A code's words: the catalogue keys (for any language) and the English text. */
export interface CodeInfo {
  meaning: string;
  hint: string;
  meaningKey: MessageKey;
  hintKey: MessageKey;
  values?: Readonly<Record<string, PlainValue>>;
}

/** +QMTOPEN: <idx>,<result> (M1). */
export const QMTOPEN_RESULTS = [-1, 0, 1, 2, 3, 4, 5] as const;
/** +QMTCONN: <idx>,<result>[,<ret_code>] — result (M7: success only on 0). */
export const QMTCONN_RESULTS = [0, 1, 2] as const;
/** CONNACK return codes carried as <ret_code>. */
export const CONNACK_CODES = [0, 1, 2, 3, 4, 5] as const;
/** +QMTSUB / +QMTUNS / +QMTPUB <result>. */
export const PACKET_RESULTS = [0, 1, 2] as const;
/** +QMTDISC / +QMTCLOSE <result>. */
export const CLOSE_RESULTS = [-1, 0] as const;
/** +QMTSTAT: <idx>,<err_code> (M2): the module has closed the client; reopen with QMTOPEN + QMTCONN. */
export const QMTSTAT_CODES = [1, 2, 3, 4, 5, 6, 7] as const;
/** The one QMTSTAT code that is a close the client asked for: no alarm. */
const QMTSTAT_NORMAL = 5;

type Known<T extends CodeTable, C extends readonly number[]> = `${T}.${C[number]}.${'meaning' | 'hint'}`;
// Every known code has both words in the catalogue (a missing one is a compile error here).
type CatalogueHasAll = [
  Known<'qmtopen', typeof QMTOPEN_RESULTS>,
  Known<'qmtconn', typeof QMTCONN_RESULTS>,
  Known<'connack', typeof CONNACK_CODES>,
  Known<'packet', typeof PACKET_RESULTS>,
  Known<'close', typeof CLOSE_RESULTS>,
  Known<'qmtstat', typeof QMTSTAT_CODES>,
][number] extends MessageKey
  ? true
  : never;
export const CATALOGUE_HAS_ALL_CODES: CatalogueHasAll = true;

const TABLES: Readonly<Record<CodeTable, readonly number[]>> = {
  qmtopen: QMTOPEN_RESULTS,
  qmtconn: QMTCONN_RESULTS,
  connack: CONNACK_CODES,
  packet: PACKET_RESULTS,
  close: CLOSE_RESULTS,
  qmtstat: QMTSTAT_CODES,
};

/** Words from two catalogue keys, rendered in English for the engine's messages. */
export function codeWords(meaningKey: MessageKey, hintKey: MessageKey, values?: Readonly<Record<string, PlainValue>>): CodeInfo {
  return {
    meaning: formatMessage('en', meaningKey, values),
    hint: formatMessage('en', hintKey, values),
    meaningKey,
    hintKey,
    ...(values ? { values } : {}),
  };
}

export function describeCode(table: CodeTable, code: number): CodeInfo {
  if (!TABLES[table].includes(code)) {
    if (table === 'qmtstat') return codeWords('qmtstat.unknown.meaning', 'qmtstat.unknown.hint', { code });
    return codeWords('mqtt.unknown.meaning', 'mqtt.unknown.hint', { code });
  }
  return codeWords(`${table}.${code}.meaning` as MessageKey, `${table}.${code}.hint` as MessageKey);
}

/** Subscription granted value meaning "refused" (MQTT SUBACK 0x80; docs/uncertain-behaviour.md#qmtsub-refused-128). */
export const SUBSCRIPTION_REFUSED = 128;

export const describeOpenResult = (code: number): CodeInfo => describeCode('qmtopen', code);
export const describeConnResult = (code: number): CodeInfo => describeCode('qmtconn', code);
export const describeConnack = (code: number): CodeInfo => describeCode('connack', code);
export const describePacketResult = (code: number): CodeInfo => describeCode('packet', code);
export const describeCloseResult = (code: number): CodeInfo => describeCode('close', code);

export interface QmtstatInfo extends CodeInfo {
  /** True for a close the client asked for (5): no alarm. */
  normal: boolean;
}

/** 8–255 are reserved (docs/uncertain-behaviour.md#qmtstat-8): treated as a closed link. */
export function describeQmtstat(code: number): QmtstatInfo {
  return { ...describeCode('qmtstat', code), normal: code === QMTSTAT_NORMAL };
}
