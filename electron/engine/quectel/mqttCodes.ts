/**
 * MQTT result-code tables (docs/at-behaviour.md#mqtt, docs/faults.md M1, M2, M7): meaning in words plus
 * what to do. Every failure message of mqtt.ts is built from these rows.
 */

export interface CodeInfo {
  meaning: string;
  hint: string;
}

/** +QMTOPEN: <idx>,<result> (M1). */
export const QMTOPEN_RESULTS = {
  [-1]: { meaning: 'failed to open network', hint: 'network or TLS handshake failed: check the host/port and the QSSLCFG certificates, key and clock (M3)' },
  0: { meaning: 'network opened', hint: '' },
  1: { meaning: 'wrong parameter', hint: 'check the host name (max 100 bytes) and port (1–65535)' },
  2: { meaning: 'MQTT identifier busy', hint: 'identifier busy → QMTDISC+QMTCLOSE then retry' },
  3: { meaning: 'failed to activate PDP', hint: 'check the APN (AT+QICSGP) and registration, then retry' },
  4: { meaning: 'failed to parse domain name', hint: 'DNS failed: check the broker host name and the network DNS' },
  5: { meaning: 'network disconnection error', hint: 'network error: check signal and PDP context, then retry' },
} as const satisfies Record<number, CodeInfo>;

/** +QMTCONN: <idx>,<result>[,<ret_code>] — result (M7: success only on 0). */
export const QMTCONN_RESULTS = {
  0: { meaning: 'packet sent and CONNACK received', hint: '' },
  1: { meaning: 'packet retransmission', hint: 'the broker has not answered yet: check the link; not success (M7)' },
  2: { meaning: 'failed to send packet', hint: 'check the network link, then QMTOPEN again' },
} as const satisfies Record<number, CodeInfo>;

/** CONNACK return codes carried as <ret_code>. */
export const CONNACK_CODES = {
  0: { meaning: 'connection accepted', hint: '' },
  1: { meaning: 'broker refused: unacceptable protocol version', hint: 'set AT+QMTCFG="version",<idx>,4 (MQTT 3.1.1)' },
  2: { meaning: 'broker refused: identifier rejected', hint: 'check the client id (TMS2_<imei>)' },
  3: { meaning: 'broker refused: server unavailable', hint: 'the broker is up but not serving: retry later' },
  4: { meaning: 'broker refused: bad user name or password', hint: 'check the device id (user name) and the device password' },
  5: { meaning: 'broker refused: not authorised', hint: 'check the device password' },
} as const satisfies Record<number, CodeInfo>;

/** +QMTSUB / +QMTUNS / +QMTPUB <result>. */
export const PACKET_RESULTS = {
  0: { meaning: 'sent and acknowledged', hint: '' },
  1: { meaning: 'packet retransmission', hint: 'no acknowledgement yet: not success (M7)' },
  2: { meaning: 'failed to send packet', hint: 'check the link; the client may need QMTOPEN/QMTCONN again' },
} as const satisfies Record<number, CodeInfo>;

/** +QMTDISC / +QMTCLOSE <result>. */
export const CLOSE_RESULTS = {
  [-1]: { meaning: 'failed', hint: 'the client may already be closed' },
  0: { meaning: 'done', hint: '' },
} as const satisfies Record<number, CodeInfo>;

export interface QmtstatInfo extends CodeInfo {
  /** True for a close the client asked for (5): no alarm. */
  normal: boolean;
}

/** +QMTSTAT: <idx>,<err_code> (M2): the module has closed the client; reopen with QMTOPEN + QMTCONN. */
export const QMTSTAT_CODES = {
  1: { meaning: 'connection closed or reset by the peer', hint: 'reopen (QMTOPEN, QMTCONN)', normal: false },
  2: { meaning: 'PINGREQ timed out or failed', hint: 'deactivate and reactivate the PDP context, then reopen', normal: false },
  3: { meaning: 'sending CONNECT timed out or failed', hint: 'check credentials and that the client id is unique, then reopen', normal: false },
  4: { meaning: 'receiving CONNACK timed out or failed', hint: 'check credentials and that the client id is unique, then reopen', normal: false },
  5: { meaning: 'client sent DISCONNECT and the server closed the link', hint: 'normal close', normal: true },
  6: { meaning: 'client closed the link because sending kept failing', hint: 'check data service and the network, then reopen', normal: false },
  7: { meaning: 'link not alive or server unavailable', hint: 'check the link and the server, then reopen', normal: false },
} as const satisfies Record<number, QmtstatInfo>;

/** Subscription granted value meaning "refused" (MQTT SUBACK 0x80; docs/uncertain-behaviour.md#qmtsub-refused-128). */
export const SUBSCRIPTION_REFUSED = 128;

function lookup<T extends CodeInfo>(table: Readonly<Record<number, T>>, code: number, unknown: T): T {
  return table[code] ?? unknown;
}

const unknownCode = (code: number): CodeInfo => ({ meaning: `unknown result ${code}`, hint: 'not in the reference tables' });

export const describeOpenResult = (code: number): CodeInfo => lookup<CodeInfo>(QMTOPEN_RESULTS, code, unknownCode(code));
export const describeConnResult = (code: number): CodeInfo => lookup<CodeInfo>(QMTCONN_RESULTS, code, unknownCode(code));
export const describeConnack = (code: number): CodeInfo => lookup<CodeInfo>(CONNACK_CODES, code, unknownCode(code));
export const describePacketResult = (code: number): CodeInfo => lookup<CodeInfo>(PACKET_RESULTS, code, unknownCode(code));
export const describeCloseResult = (code: number): CodeInfo => lookup<CodeInfo>(CLOSE_RESULTS, code, unknownCode(code));

/** 8–255 are reserved (docs/uncertain-behaviour.md#qmtstat-8): treated as a closed link. */
export function describeQmtstat(code: number): QmtstatInfo {
  return lookup<QmtstatInfo>(QMTSTAT_CODES, code, { meaning: `reserved / unknown status ${code}`, hint: 'the client is closed: reopen', normal: false });
}
