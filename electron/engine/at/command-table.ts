/**
 * The ONE table of AT command facts the engine uses: documented maximum response times, deferred
 * result URCs, which prefixes are information lines (anything else with a `+` is a URC, S5) and
 * data-mode kinds. Values are the reference's (docs/at-behaviour.md, cited per row).
 *
 * Host timeouts: the documented "max 300 ms" of simple commands is the module's processing time and
 * too tight for a loaded host and a busy serial link, so an immediate result is awaited for
 * max(documented, MIN_RESULT_MS = 2 s). Deferred results get max(documented, MIN_DEFERRED_MS = 5 s)
 * because they include a network round trip (QMTDISC/QMTCLOSE are documented at 300 ms).
 */

export const MIN_RESULT_MS = 2_000;
export const MIN_DEFERRED_MS = 5_000;
/** Commands not in the table: no reference value, so the host minimum applies. */
export const DEFAULT_RESULT_MS = MIN_RESULT_MS;

export type DataModeKind =
  /** `CONNECT`, then the host sends exactly the payload bytes (QFUPL, QHTTPURL, QHTTPPOST). */
  | 'upload-connect'
  /** `CONNECT`, then the module sends data (QHTTPREAD, QFDWL). */
  | 'download-connect'
  /** `>`, then the host sends the payload (+ Ctrl-Z in variable-length form) (QMTPUB, QISEND). */
  | 'prompt';

export interface DeferredSpec {
  /** URC prefix that carries the real result, e.g. `+QMTOPEN:`. */
  prefix: string;
  /** Documented maximum wait after OK. */
  documentedMs: number;
  /** The wait is a command argument in seconds (e.g. QHTTPGET <rsptime>): index and default. */
  secondsArg?: { index: number; defaultS: number };
  /** How many leading command arguments must equal the URC's leading fields (client idx, msgID). */
  matchArgs?: number;
}

export interface CommandSpec {
  /** Documented maximum time to the immediate result (OK/ERROR/CONNECT/prompt). */
  resultMs: number;
  deferred?: DeferredSpec;
  /**
   * Prefixes of information lines for the write/execute form. Default: the command's own prefix
   * (`AT+CSQ` → `+CSQ:`). `[]` = the write form prints no info line (QMTOPEN: `+QMTOPEN:` is the
   * deferred URC, never an info line).
   */
  info?: readonly string[];
  /** For the read form (`?`): shape of a genuine answer when a URC shares the prefix (+CREG). */
  readInfoPattern?: RegExp;
  data?: DataModeKind;
  /** Max gap between data-mode bytes; may come from a command argument in seconds. */
  dataMs?: number;
  dataSecondsArg?: { index: number; defaultS: number };
  /** Where the values come from. */
  source: string;
}

const MS = 1;
const S = 1_000 * MS;
const BASIC = { resultMs: 300, source: 'docs/at-behaviour.md#basic-commands: answered synchronously, max 300 ms' } as const;

export const COMMAND_TABLE: Readonly<Record<string, CommandSpec>> = {
  AT: BASIC,
  ATE: BASIC,
  ATV: BASIC,
  ATI: BASIC,
  'AT&F': BASIC,
  'AT&W': BASIC,
  'AT+CMEE': BASIC,
  'AT+GMR': BASIC,
  'AT+CGMR': BASIC,
  'AT+QGMR': BASIC,
  'AT+CGSN': BASIC,
  'AT+GSN': BASIC,
  'AT+CSQ': BASIC,
  'AT+CCLK': BASIC,
  'AT+QLTS': BASIC,
  'AT+CPIN': { resultMs: 5 * S, source: 'docs/at-behaviour.md#basic-commands AT+CPIN? max 5 s [BG96-ATC §5.3]' },
  'AT+CREG': { ...BASIC, readInfoPattern: /^\+CREG:\s*\d+\s*,\s*\d/, source: 'docs/at-behaviour.md#basic-commands; read answer <n>,<stat>; URC +CREG: <stat>[,"<lac>",...]' },
  'AT+CEREG': { ...BASIC, readInfoPattern: /^\+CEREG:\s*\d+\s*,\s*\d/, source: 'docs/at-behaviour.md#basic-commands; read answer <n>,<stat>; URC +CEREG: <stat>[,"<tac>",...]' },
  'AT+CFUN': { resultMs: 15 * S, source: 'BG96-ATC AT+CFUN max 15 s (docs/uncertain-behaviour.md#cfun-response-time)' },
  'AT+CGREG': { ...BASIC, readInfoPattern: /^\+CGREG:\s*\d+\s*,\s*\d/, source: 'docs/at-behaviour.md#basic-commands (as +CREG); read answer <n>,<stat>; URC +CGREG: <stat>[,...]' },
  'AT+QCDS': { resultMs: 300, source: 'docs/at-behaviour.md#qcds: synchronous query (no time stated)' },
  'AT+QICSGP': { resultMs: 300, source: 'docs/at-behaviour.md#pdp-context [BG96-TCP §2.1.1]' },
  'AT+QIACT': { resultMs: 150 * S, source: 'docs/at-behaviour.md#pdp-context AT+QIACT up to 150 s' },
  'AT+QIDEACT': { resultMs: 40 * S, source: 'docs/at-behaviour.md#pdp-context AT+QIDEACT up to 40 s' },
  'AT+QIGETERROR': { resultMs: 300, source: 'docs/at-behaviour.md#pdp-context, #socket-error-codes: +QIGETERROR: <err>,<description>' },
  'AT+QFUPL': {
    resultMs: 5 * S,
    data: 'upload-connect',
    source: 'docs/at-behaviour.md#files: CONNECT, exact bytes, +QFUPL: <size>,<cksum>, OK; input timeout default 5 s',
  },
  'AT+QFLST': { resultMs: 300, source: 'docs/at-behaviour.md#files (no time stated)' },
  'AT+QFDEL': { resultMs: 300, source: 'docs/at-behaviour.md#files (no time stated)' },
  'AT+QFLDS': { resultMs: 300, source: 'docs/at-behaviour.md#files (no time stated)' },
  'AT+QFDWL': { resultMs: 300, data: 'download-connect', dataMs: 5 * S, source: 'docs/at-behaviour.md#files (CONNECT pattern, BG96-FILE §3)' },
  'AT+QSSLCFG': { resultMs: 300, source: 'docs/at-behaviour.md#tls: not stated, treat as short (UNCERTAIN)' },
  'AT+QHTTPCFG': { resultMs: 300, source: 'docs/at-behaviour.md#qhttpcfg' },
  'AT+QHTTPURL': {
    resultMs: 300,
    data: 'upload-connect',
    source: 'docs/at-behaviour.md#qhttpurl: CONNECT, exactly <URL_length> bytes, OK',
  },
  'AT+QHTTPGET': {
    resultMs: 300,
    info: [],
    deferred: { prefix: '+QHTTPGET:', documentedMs: 60 * S, secondsArg: { index: 0, defaultS: 60 } },
    source: 'docs/at-behaviour.md#qhttpget: OK at once, URC +QHTTPGET within <rsptime> (default 60 s)',
  },
  'AT+QHTTPREAD': {
    resultMs: 300,
    info: [],
    data: 'download-connect',
    dataSecondsArg: { index: 0, defaultS: 60 },
    deferred: { prefix: '+QHTTPREAD:', documentedMs: 60 * S, secondsArg: { index: 0, defaultS: 60 } },
    source: 'docs/at-behaviour.md#qhttpread: CONNECT, body, OK, URC +QHTTPREAD: 0; <wait_time> = max gap (default 60 s)',
  },
  'AT+QHTTPREADFILE': {
    resultMs: 300,
    info: [],
    deferred: { prefix: '+QHTTPREADFILE:', documentedMs: 60 * S, secondsArg: { index: 1, defaultS: 60 } },
    source: 'docs/at-behaviour.md#qhttpreadfile: OK at once, URC +QHTTPREADFILE within <wait_time> (default 60 s)',
  },
  'AT+QHTTPSTOP': { resultMs: 10 * S, source: 'Quectel HTTP(S) manual: cancels the HTTP request in progress; 10 s max (what a pending read then reports: docs/uncertain-behaviour.md#qhttpstop-pending-read)' },
  'AT+QHTTPPOST': {
    resultMs: 125 * S,
    info: [],
    data: 'upload-connect',
    deferred: { prefix: '+QHTTPPOST:', documentedMs: 60 * S, secondsArg: { index: 2, defaultS: 60 } },
    source: 'docs/at-behaviour.md#qhttppost: CONNECT within 125 s, body, OK, URC +QHTTPPOST within <rsptime>',
  },
  'AT+QMTCFG': { resultMs: 300, source: 'docs/at-behaviour.md#qmtcfg / #mqtt-timeouts: max 300 ms' },
  'AT+QMTOPEN': {
    resultMs: 300,
    info: [],
    // Read answer `+QMTOPEN: <idx>,"<host>",<port>` vs the deferred URC `+QMTOPEN: <idx>,<result>`.
    readInfoPattern: /^\+QMTOPEN:\s*\d+\s*,\s*"/,
    deferred: { prefix: '+QMTOPEN:', documentedMs: 75 * S, matchArgs: 1 },
    source: 'docs/at-behaviour.md#qmtopen / #mqtt-timeouts: OK, URC +QMTOPEN: <idx>,<result> within 75 s',
  },
  'AT+QMTCLOSE': {
    resultMs: 300,
    info: [],
    deferred: { prefix: '+QMTCLOSE:', documentedMs: 300, matchArgs: 1 },
    source: 'docs/at-behaviour.md#qmtclose / #mqtt-timeouts: URC within 300 ms (doc)',
  },
  'AT+QMTCONN': {
    resultMs: 300,
    info: [],
    // Documented: <pkt_timeout> (default 5 s); with retries the module may need pkt_timeout ×
    // retry_times + 1 s, which Quectel's own SDK waits (QSDK ql_mqtt.c): 5 × 3 + 1 = 16 s.
    deferred: { prefix: '+QMTCONN:', documentedMs: 16 * S, matchArgs: 1 },
    source: 'docs/at-behaviour.md#qmtconn / #mqtt-timeouts (pkt_timeout 5 s) and QSDK ql_mqtt.c wait pkt×retry+1 s',
  },
  'AT+QMTDISC': {
    resultMs: 300,
    info: [],
    deferred: { prefix: '+QMTDISC:', documentedMs: 300, matchArgs: 1 },
    source: 'docs/at-behaviour.md#qmtdisc / #mqtt-timeouts: URC within 300 ms (doc)',
  },
  'AT+QMTSUB': {
    resultMs: 300,
    info: [],
    deferred: { prefix: '+QMTSUB:', documentedMs: 15 * S, matchArgs: 2 },
    source: 'docs/at-behaviour.md#qmtsub / #mqtt-timeouts: pkt_timeout × retry_times (15 s default)',
  },
  'AT+QMTUNS': {
    resultMs: 300,
    info: [],
    deferred: { prefix: '+QMTUNS:', documentedMs: 15 * S, matchArgs: 2 },
    source: 'docs/at-behaviour.md#qmtsub / #mqtt-timeouts: pkt_timeout × retry_times (15 s default)',
  },
  'AT+QMTPUB': {
    resultMs: 300,
    info: [],
    data: 'prompt',
    deferred: { prefix: '+QMTPUB:', documentedMs: 15 * S, matchArgs: 2 },
    source: 'docs/at-behaviour.md#qmtpub / #mqtt-timeouts: > prompt, payload + Ctrl-Z, OK, URC within 15 s',
  },
  'AT+QISEND': {
    resultMs: 300,
    info: ['+QISEND:'],
    data: 'prompt',
    source: 'docs/at-behaviour.md#qisend: > prompt, payload (Ctrl-Z or fixed length), SEND OK / SEND FAIL; =<id>,0 → +QISEND: <sent>,<acked>,<unacked>',
  },
  'AT+QIOPEN': {
    resultMs: 300,
    info: [],
    deferred: { prefix: '+QIOPEN:', documentedMs: 150 * S },
    source: 'docs/at-behaviour.md#qiopen: OK at once, URC +QIOPEN: <connectID>,<err> within 150 s',
  },
  'AT+QIRD': { resultMs: 300, source: 'docs/at-behaviour.md#qird: +QIRD: <len> CR LF <data>, OK; =<id>,0 → +QIRD: <total>,<read>,<unread>' },
  'AT+QISTATE': { resultMs: 300, source: 'docs/at-behaviour.md#qistate: one +QISTATE line per connection' },
  'AT+QICLOSE': { resultMs: 10 * S, source: 'docs/at-behaviour.md#qiclose: OK within <timeout> (default 10 s)' },
  'AT+QHTTPPOSTFILE': {
    resultMs: 300,
    info: [],
    deferred: { prefix: '+QHTTPPOSTFILE:', documentedMs: 60 * S, secondsArg: { index: 1, defaultS: 60 } },
    source: 'docs/at-behaviour.md#qhttppostfile: OK at once, URC +QHTTPPOSTFILE within <rsptime> (default 60 s)',
  },
  'AT+QFOPEN': { resultMs: 300, source: 'docs/at-behaviour.md#file-handles: +QFOPEN: <filehandle>, OK' },
  'AT+QFWRITE': {
    resultMs: 300,
    data: 'upload-connect',
    dataSecondsArg: { index: 2, defaultS: 5 },
    source: 'docs/at-behaviour.md#file-handles: CONNECT, bytes, +QFWRITE: <written>,<total>, OK; input timeout default 5 s',
  },
  'AT+QFREAD': { resultMs: 300, data: 'download-connect', dataMs: 5 * S, source: 'docs/at-behaviour.md#file-handles: CONNECT <n>, n bytes, OK' },
  'AT+QFSEEK': { resultMs: 300, source: 'docs/at-behaviour.md#file-handles' },
  'AT+QFPOSITION': { resultMs: 300, source: 'docs/at-behaviour.md#file-handles' },
  'AT+QFCLOSE': { resultMs: 300, source: 'docs/at-behaviour.md#file-handles' },
  'AT+QGPS': { resultMs: 300, source: 'docs/at-behaviour.md#gnss: OK or +CME ERROR: 504 (session ongoing)' },
  'AT+QGPSLOC': { resultMs: 300, source: 'docs/at-behaviour.md#qgpsloc: +QGPSLOC: ... or +CME ERROR: 505/516' },
  'AT+QGPSEND': { resultMs: 300, source: 'docs/at-behaviour.md#gnss: OK or +CME ERROR: 505' },
  // SIM and identity (docs/at-behaviour.md#sim-and-identity).
  'AT+QCCID': { resultMs: 300, source: 'docs/at-behaviour.md#sim-and-identity: +QCCID: <iccid>, max 300 ms' },
  'AT+CIMI': { resultMs: 300, source: 'docs/at-behaviour.md#sim-and-identity: bare IMSI line (no prefix)' },
  'AT+CNUM': { resultMs: 300, source: 'docs/at-behaviour.md#sim-and-identity' },
  'AT+QSIMSTAT': { resultMs: 300, source: 'docs/at-behaviour.md#sim-and-identity' },
  'AT+QINISTAT': { resultMs: 300, source: 'docs/at-behaviour.md#sim-and-identity' },
  'AT+QGSN': { resultMs: 300, source: 'docs/at-behaviour.md#sim-and-identity' },
  // Radio and packet domain (docs/at-behaviour.md#network-commands).
  'AT+QNWINFO': { resultMs: 300, source: 'docs/at-behaviour.md#network-commands' },
  'AT+QENG': { resultMs: 300, source: 'docs/at-behaviour.md#network-commands: +QENG: "servingcell",...' },
  'AT+QCSQ': { resultMs: 300, source: 'docs/at-behaviour.md#network-commands' },
  'AT+QSPN': { resultMs: 300, source: 'docs/at-behaviour.md#network-commands' },
  'AT+COPS': { resultMs: 180 * S, source: 'docs/at-behaviour.md#network-commands: AT+COPS max 180 s (the =? scan takes tens of seconds)' },
  'AT+QCFG': { resultMs: 300, source: 'docs/at-behaviour.md#network-commands' },
  'AT+CGDCONT': { resultMs: 300, source: 'docs/at-behaviour.md#network-commands' },
  'AT+CGACT': { resultMs: 150 * S, source: 'docs/at-behaviour.md#network-commands: activation as AT+QIACT, up to 150 s' },
  'AT+CGPADDR': { resultMs: 300, source: 'docs/at-behaviour.md#network-commands' },
  'AT+CGATT': { resultMs: 140 * S, source: 'docs/at-behaviour.md#network-commands: attach/detach up to 140 s' },
  'AT+CEER': { resultMs: 300, source: 'docs/at-behaviour.md#network-commands' },
  'AT+CPAS': { resultMs: 300, source: 'docs/at-behaviour.md#network-commands' },
  'AT+QIDNSGIP': {
    resultMs: 300,
    info: [],
    deferred: { prefix: '+QIURC: "dnsgip",', documentedMs: 60 * S },
    source: 'docs/at-behaviour.md#dns-and-ping: OK, then +QIURC: "dnsgip",<err>,<count>,<ttl> and one line per address (max 60 s)',
  },
  'AT+QPING': {
    resultMs: 300,
    info: [],
    // The first +QPING arrives within <timeout> (default 4 s); the summary after <pingnum> × <timeout>.
    deferred: { prefix: '+QPING:', documentedMs: 4 * S, secondsArg: { index: 2, defaultS: 4 } },
    source: 'docs/at-behaviour.md#dns-and-ping: OK, one +QPING per echo within <timeout>, then the summary',
  },
  // Settings (docs/at-behaviour.md#settings).
  'AT&V': BASIC,
  ATQ: BASIC,
  ATZ: BASIC,
  'AT+IPR': BASIC,
  'AT+ICF': BASIC,
  'AT+IFC': BASIC,
  'AT+CSCS': BASIC,
  'AT+CTZU': BASIC,
  'AT+QURCCFG': BASIC,
  'AT+QINDCFG': BASIC,
  'AT+QSCLK': BASIC,
  'AT+QTEMP': BASIC,
  'AT+QADC': BASIC,
};

/** Lines that are URCs although they carry no `+` prefix (docs/at-behaviour.md#framing power-up URCs, docs/at-behaviour.md#basic-commands). */
export const BARE_URCS: readonly string[] = [
  'RDY',
  'APP RDY',
  'POWERED DOWN',
  'NORMAL POWER DOWN',
  'UNDER-VOLTAGE POWER DOWN',
  'UNDER-VOLTAGE WARNING',
  'OVER-VOLTAGE POWER DOWN',
  'OVER-VOLTAGE WARNING',
  'RING',
];

/** A resync probe (S11): a read-only command whose answer carries a marker line. */
export interface ResyncProbe {
  command: string;
  /** The information line that only this probe's answer (or `printedBy`'s) contains. */
  marker: RegExp;
  /** Commands whose late answer would print the same marker (then that answer is skipped by count). */
  printedBy: RegExp;
}

/**
 * What the AtClient does after a command went unanswered (S10, S11): the recovery ladder.
 *   1. drain, then probe: `AT` when nothing is owed any more, else a marker probe whose answer
 *      cannot be mistaken for a late answer (finals before its marker are late answers),
 *   2. the `+++` escape (a module stuck in a data mode), guard silence before and after, probe again,
 *   3. stop: the module does not answer — power-cycle it. Nothing resets the module on its own.
 */
const RESYNC_PROBES: readonly [ResyncProbe, ...ResyncProbe[]] = [
  { command: 'AT+CMEE?', marker: /^\+CMEE:\s*[0-2]\s*$/, printedBy: /^AT\+CMEE\?$/i },
  { command: 'AT+CGMI', marker: /^Quectel\b/i, printedBy: /^AT(I\d*|\+C?GMI)$/i },
];

export const RESYNC = {
  probes: RESYNC_PROBES,
  /** Longest silence while a probe's answer is awaited; each late final restarts it (a slow module works through its backlog). */
  probeSilenceMs: 5 * S,
  /** At most this many late finals may restart a probe's wait. */
  probeMaxRestarts: 8,
  escape: {
    sequence: '+++',
    /** docs/at-behaviour.md#data-mode: ≥ 1 s of silence before and after `+++` (typed within 1 s); 10 % margin. */
    guardBeforeMs: 1100,
    guardAfterMs: 1100,
    source: 'docs/at-behaviour.md#data-mode [BG96-HTTP §1.3, BG96-FILE §1.2]: +++ with ≥ 1 s silence before and after aborts data mode',
  },
} as const;
