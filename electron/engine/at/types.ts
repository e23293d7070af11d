/**
 * Public types of the AT engine (framer + AtClient). The quectel/ and tms2/ command libraries,
 * the sequence, the session log and the UI depend on these names only.
 */

/** One observable thing that crossed the wire. Text is already redacted (see Redactor). */
export type TrafficEvent =
  /** Raw bytes as they were written or read (latin1 text with control bytes escaped like \r \n \x1a). */
  | { kind: 'bytes'; t: number; dir: 'tx' | 'rx'; length: number; text: string }
  /** A command line the host sent (without the trailing CR). */
  | { kind: 'command'; t: number; dir: 'tx'; text: string }
  /**
   * A decoded line from the device and what the engine made of it.
   * `late` = an answer that arrived after its command timed out (never given to the next command).
   */
  | { kind: 'line'; t: number; dir: 'rx'; text: string; role: 'echo' | 'info' | 'final' | 'urc' | 'late' | 'noise' }
  /** The `> ` prompt of QMTPUB/QISEND. */
  | { kind: 'prompt'; t: number; dir: 'rx' }
  /**
   * A data-mode payload (QFUPL/QHTTPURL upload, QHTTPREAD/QFDWL download), logged as size and
   * checksum; `text` holds the payload only when it is not secret and short enough to show.
   */
  | { kind: 'data'; t: number; dir: 'tx' | 'rx'; length: number; checksum: string; text?: string };

export interface AtRequest {
  /** The command without CR, e.g. `AT+QMTOPEN=0,"broker",8883`. */
  command: string;
  /** Overrides the command table's timeout for the immediate result (OK/ERROR...). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Deferred result: after `OK`, wait for a URC with this prefix (e.g. `+QMTOPEN:`) and return it
   * in `AtResponse.deferred`. The matcher lets the caller pick its own client index / msg id.
   * When omitted the command table's entry for the command is used.
   */
  deferred?: { prefix: string; timeoutMs?: number; match?: (line: string) => boolean } | false;
  /**
   * Data to send in data mode: after `CONNECT` (QFUPL, QHTTPURL: exactly these bytes) or after the
   * `>` prompt (QMTPUB: the bytes then Ctrl-Z unless terminator 'none'). Secret payloads are logged
   * as size + checksum only.
   */
  payload?: { data: Uint8Array | string; after: 'connect' | 'prompt'; terminator?: 'ctrl-z' | 'none'; secret?: boolean };
  /**
   * Data to receive in data mode after `CONNECT` (QHTTPREAD, QFDWL): exactly `length` bytes when
   * known, otherwise up to the `\r\nOK\r\n` that ends data mode.
   */
  receive?: { length?: number };
  /**
   * Prefixes of this command's information lines, overriding the command table (any other `+` line
   * during the command is routed as a URC).
   */
  infoPrefixes?: readonly string[];
  /** Overrides the maximum gap while receiving data-mode bytes. */
  dataTimeoutMs?: number;
}

export interface AtResponse {
  command: string;
  /** Information lines of this command (echo, URCs and blank lines removed). */
  lines: string[];
  /** The final result code line: `OK`, `CONNECT`, ... (errors reject instead). */
  final: string;
  /** The deferred URC line, when one was awaited. */
  deferred?: string;
  /** Bytes received in data mode. */
  data?: Buffer;
  durationMs: number;
}

export type UrcHandler = (line: string) => void;
