/**
 * Byte stream → AT frames. A small state machine that gives the same events however the bytes are
 * chunked (S7): lines ending in CR, LF, CRLF or CRCRLF (S8; blank lines ignored), the `>` prompt of
 * QMTPUB/QISEND detected bytewise at the start of a line with an optional following space (S14),
 * and raw data after CONNECT when the client arms it with `expectData()` (S15). NUL and other
 * control bytes are dropped; a line longer than `maxLineLength` is discarded up to its end (S9).
 *
 * Events are delivered synchronously from `push()`, so a listener that sees `CONNECT` can call
 * `expectData()` and the very next byte of the same chunk is already treated as data.
 */

export type FrameEvent =
  | { kind: 'line'; text: string }
  | { kind: 'prompt' }
  | { kind: 'data'; data: Buffer }
  /** A line longer than the buffer was thrown away (`dropped` bytes, terminator excluded). */
  | { kind: 'overflow'; dropped: number }
  /** A line of line noise (wrong baud, 8-bit junk): not UTF-8 text; `text` shows its bytes escaped (S9). */
  | { kind: 'noise'; text: string };

export interface FramerOptions {
  onEvent: (event: FrameEvent) => void;
  /** Longest line kept (bytes); longer lines are discarded. Default 8192 (QMTRECV payloads fit). */
  maxLineLength?: number;
}

/** Data mode: exactly `length` bytes, or (length omitted) everything up to `\r\nOK\r\n`. */
export interface DataExpectation {
  length?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const SPACE = 0x20;
const PROMPT = 0x3e; // '>'
const DEL = 0x7f;
const DATA_TRAILER = Buffer.from('\r\nOK\r\n', 'latin1');

/** Collects data-mode bytes; returns how many bytes of the chunk it consumed. */
interface DataCollector {
  feed(chunk: Uint8Array, from: number): number;
  readonly done: boolean;
  /** The payload; for a delimited read the trailer is excluded. */
  readonly data: Buffer;
  /** Bytes to run through line parsing after the data (the `\r\nOK\r\n` trailer). */
  readonly rest: Buffer;
}

class FixedLengthCollector implements DataCollector {
  private readonly buffer: Buffer;
  private got = 0;
  readonly rest = Buffer.alloc(0);
  constructor(length: number) {
    this.buffer = Buffer.alloc(length);
  }
  get done(): boolean {
    return this.got === this.buffer.length;
  }
  get data(): Buffer {
    return this.buffer;
  }
  feed(chunk: Uint8Array, from: number): number {
    const take = Math.min(this.buffer.length - this.got, chunk.length - from);
    this.buffer.set(chunk.subarray(from, from + take), this.got);
    this.got += take;
    return take;
  }
}

class TrailerCollector implements DataCollector {
  private buffer = Buffer.alloc(1024);
  private length = 0;
  done = false;
  get data(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length - DATA_TRAILER.length));
  }
  get rest(): Buffer {
    return DATA_TRAILER;
  }
  feed(chunk: Uint8Array, from: number): number {
    let i = from;
    while (i < chunk.length && !this.done) {
      if (this.length === this.buffer.length) this.grow();
      this.buffer[this.length++] = chunk[i++] ?? 0;
      this.done = this.endsWithTrailer();
    }
    return i - from;
  }
  private endsWithTrailer(): boolean {
    if (this.length < DATA_TRAILER.length) return false;
    return this.buffer.subarray(this.length - DATA_TRAILER.length, this.length).equals(DATA_TRAILER);
  }
  private grow(): void {
    const bigger = Buffer.alloc(this.buffer.length * 2);
    this.buffer.copy(bigger);
    this.buffer = bigger;
  }
}

export class AtFramer {
  private readonly onEvent: (event: FrameEvent) => void;
  private readonly line: Buffer;
  private lineLength = 0;
  private discarding = false;
  private dropped = 0;
  /** The previous byte was a CR that ended a line: a following LF belongs to it. */
  private skipLf = false;
  /** The previous byte was the `>` prompt: one following space belongs to it. */
  private skipSpace = false;
  private collector: DataCollector | undefined;

  constructor(options: FramerOptions) {
    this.onEvent = options.onEvent;
    this.line = Buffer.alloc(options.maxLineLength ?? 8192);
  }

  /** True while bytes are being collected as data-mode payload. */
  get inDataMode(): boolean {
    return this.collector !== undefined;
  }

  /** Arms data mode: the bytes after the current line (normally `CONNECT`) are payload. */
  expectData(expectation: DataExpectation = {}): void {
    const { length } = expectation;
    if (length !== undefined && (!Number.isInteger(length) || length < 0)) {
      throw new TypeError(`expectData: length must be a non-negative integer, got ${length}`);
    }
    if (length === 0) {
      this.onEvent({ kind: 'data', data: Buffer.alloc(0) });
      return;
    }
    this.collector = length === undefined ? new TrailerCollector() : new FixedLengthCollector(length);
  }

  /** Forgets any partial line and leaves data mode (after a resync). */
  reset(): void {
    this.lineLength = 0;
    this.discarding = false;
    this.dropped = 0;
    this.skipLf = false;
    this.skipSpace = false;
    this.collector = undefined;
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.collector) i += this.feedData(chunk, i);
      else this.feedByte(chunk[i++] ?? 0);
    }
  }

  private feedData(chunk: Uint8Array, from: number): number {
    const collector = this.collector;
    if (!collector) return 0;
    if (this.skipLf) {
      this.skipLf = false;
      if (chunk[from] === LF) return 1;
    }
    const used = collector.feed(chunk, from);
    if (collector.done) {
      this.collector = undefined;
      this.onEvent({ kind: 'data', data: collector.data });
      for (const byte of collector.rest) this.feedByte(byte);
    }
    return used;
  }

  private feedByte(byte: number): void {
    if (this.skipLf) {
      this.skipLf = false;
      if (byte === LF) return;
    }
    if (this.skipSpace) {
      this.skipSpace = false;
      if (byte === SPACE) return;
    }
    if (byte === CR || byte === LF) {
      this.endLine();
      this.skipLf = byte === CR;
    } else if (this.discarding) {
      this.dropped++;
    } else if (byte === PROMPT && this.lineLength === 0) {
      this.skipSpace = true;
      this.onEvent({ kind: 'prompt' });
    } else if ((byte < SPACE && byte !== TAB) || byte === DEL) {
      // NUL floods, stray Ctrl-Z, wrong-baud noise: dropped (S9).
    } else if (this.lineLength === this.line.length) {
      this.discarding = true;
      this.dropped = this.lineLength + 1;
      this.lineLength = 0;
    } else {
      this.line[this.lineLength++] = byte;
    }
  }

  private endLine(): void {
    if (this.discarding) {
      const dropped = this.dropped;
      this.discarding = false;
      this.dropped = 0;
      this.onEvent({ kind: 'overflow', dropped });
      return;
    }
    if (this.lineLength === 0) return;
    const bytes = this.line.subarray(0, this.lineLength);
    this.lineLength = 0;
    const decoded = decodeLine(bytes);
    if (decoded.noise) this.onEvent({ kind: 'noise', text: escapeNoise(decoded.noise) });
    if (decoded.text !== undefined && decoded.text.trim() !== '') this.onEvent({ kind: 'line', text: decoded.text });
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * AT lines are ASCII (UTF-8 at most, in MQTT payloads). Bytes that are not valid UTF-8 are line
 * noise (S9): junk in front of a real answer (`\xff\xfe+CSQ: 19,99`) is split off so the answer
 * survives; a line that is junk all through is noise only.
 */
function decodeLine(bytes: Buffer): { text?: string; noise?: Buffer } {
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    let start = 0;
    while (start < bytes.length && bytes[start]! >= 0x80) start++;
    if (start === 0 || start === bytes.length) return { noise: bytes };
    try {
      return { noise: bytes.subarray(0, start), text: strictUtf8.decode(bytes.subarray(start)) };
    } catch {
      return { noise: bytes };
    }
  }
}

function escapeNoise(bytes: Buffer): string {
  return `[noise: ${Array.from(bytes.subarray(0, 32), (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}${bytes.length > 32 ? '…' : ''}]`;
}

