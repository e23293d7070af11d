/**
 * Host bytes → what the module does with them. Three modes, like the module's UART:
 *  - command: characters up to CR form a command line (LF ignored, so `\r\n` is tolerated;
 *    backspace edits; other control bytes dropped; over-long lines discarded);
 *  - data (after CONNECT): exactly n raw bytes, ended early by an idle or total timeout or by
 *    the `+++` escape (escape.ts);
 *  - prompt (after `> `): raw bytes up to Ctrl-Z (send) or ESC (cancel), or exactly n bytes.
 * An LF right after the CR that ended a command is swallowed in every mode (hosts ending lines
 * with `\r\n` must not see the LF land in the payload that follows CONNECT).
 * Echo (ATE1) happens here, per byte as it arrives, not per line: a half-typed command shows on
 * the wire before a URC that comes in between (JC-LOG). In command mode the kept characters, BS
 * and the ending CR are echoed (the swallowed LF is not); at the `>` prompt the payload is echoed,
 * not the Ctrl-Z/ESC that ends it; data mode is never echoed
 * (docs/uncertain-behaviour.md#echo-per-character).
 */
import { EscapeDetector } from './escape.ts';

const CR = 0x0d;
const LF = 0x0a;
const BS = 0x08;
const CTRL_Z = 0x1a;
const ESC = 0x1b;
const MAX_LINE = 4096;

export interface DataRequest {
  length: number;
  /** Data mode ends when no byte arrives for this long (QFUPL <timeout>). */
  idleTimeoutMs?: number;
  /** Data mode ends this long after CONNECT whatever arrives (QHTTPURL <timeout>). */
  totalTimeoutMs?: number;
  /** Called after every chunk with the byte count so far (ACK mode, faults). */
  onProgress?: (received: number) => void;
}

export interface DataResult {
  bytes: Buffer;
  complete: boolean;
  /** Data mode was left with `+++` (the `+` bytes are not part of `bytes`). */
  escaped?: boolean;
}

export interface PromptRequest {
  /** Fixed-length form: exactly this many bytes, no Ctrl-Z. */
  length?: number;
  /** Bytes beyond this are dropped (QMTPUB: 1548). */
  maxLength: number;
}

export interface PromptResult {
  bytes: Buffer;
  outcome: 'send' | 'cancel' | 'aborted';
}

interface DataWait {
  kind: 'data';
  request: DataRequest;
  parts: Buffer[];
  received: number;
  idleTimer: NodeJS.Timeout | undefined;
  totalTimer: NodeJS.Timeout | undefined;
  escape: EscapeDetector;
  resolve: (result: DataResult) => void;
}

interface PromptWait {
  kind: 'prompt';
  request: PromptRequest;
  bytes: number[];
  resolve: (result: PromptResult) => void;
}

export class InputReader {
  /** False while the module is off or booting: bytes are lost, as on a real UART. */
  enabled = false;
  private line: number[] = [];
  private overflow = false;
  private swallowLf = false;
  private wait: DataWait | PromptWait | undefined;

  constructor(
    private readonly onLine: (line: string) => void,
    /** Bytes to echo back (the device drops them when echo is off). */
    private readonly onEcho: (bytes: Buffer) => void = () => undefined,
  ) {}

  get mode(): 'command' | 'data' | 'prompt' {
    return this.wait?.kind ?? 'command';
  }

  feed(chunk: Buffer): void {
    if (!this.enabled) return;
    let i = 0;
    while (i < chunk.length) {
      const byte = chunk[i] as number;
      if (this.swallowLf) {
        this.swallowLf = false;
        if (byte === LF) {
          i += 1;
          continue;
        }
      }
      if (this.wait?.kind === 'data') i = this.feedData(this.wait, chunk, i);
      else if (this.wait?.kind === 'prompt') i = this.feedPrompt(this.wait, chunk, i);
      else i = this.feedCommand(chunk, i);
    }
  }

  receiveData(request: DataRequest): Promise<DataResult> {
    return new Promise((resolve) => {
      const wait: DataWait = {
        kind: 'data',
        request,
        parts: [],
        received: 0,
        idleTimer: undefined,
        totalTimer: undefined,
        escape: new EscapeDetector(() => this.finishData(wait, false, true)),
        resolve,
      };
      this.wait = wait;
      if (request.length === 0) return this.finishData(wait, true);
      if (request.totalTimeoutMs !== undefined) wait.totalTimer = setTimeout(() => this.finishData(wait, false), request.totalTimeoutMs);
      this.armIdle(wait);
    });
  }

  receivePrompt(request: PromptRequest): Promise<PromptResult> {
    return new Promise((resolve) => {
      this.wait = { kind: 'prompt', request, bytes: [], resolve };
    });
  }

  /** Power lost: pending data/prompt waits end as incomplete, the line buffer is cleared. */
  reset(): void {
    const wait = this.wait;
    if (wait?.kind === 'data') this.finishData(wait, false);
    if (wait?.kind === 'prompt') this.finishPrompt(wait, 'aborted');
    this.line = [];
    this.overflow = false;
    this.swallowLf = false;
  }

  private feedCommand(chunk: Buffer, start: number): number {
    const echoed: number[] = [];
    for (let i = start; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (byte === CR) {
        echoed.push(byte);
        this.onEcho(Buffer.from(echoed));
        this.endLine();
        return i + 1; // the command may switch modes before the next byte
      }
      if (byte === BS) {
        this.line.pop();
        echoed.push(byte);
      } else if (byte >= 0x20 || byte === 0x09) {
        this.pushLineByte(byte);
        echoed.push(byte);
      }
    }
    this.onEcho(Buffer.from(echoed));
    return chunk.length;
  }

  private pushLineByte(byte: number): void {
    if (this.line.length >= MAX_LINE) {
      this.overflow = true;
      this.line = [];
    }
    if (!this.overflow) this.line.push(byte);
  }

  private endLine(): void {
    const text = Buffer.from(this.line).toString('latin1');
    const dropped = this.overflow;
    this.line = [];
    this.overflow = false;
    this.swallowLf = true;
    if (!dropped && text.trim() !== '') this.onLine(text);
  }

  private feedData(wait: DataWait, chunk: Buffer, start: number): number {
    const take = Math.min(wait.request.length - wait.received, chunk.length - start);
    const slice = Buffer.from(chunk.subarray(start, start + take));
    wait.escape.see(slice);
    wait.parts.push(slice);
    wait.received += take;
    wait.request.onProgress?.(wait.received);
    if (this.wait !== wait) return chunk.length; // onProgress ended the wait (power loss)
    if (wait.received >= wait.request.length) this.finishData(wait, true);
    else this.armIdle(wait);
    return start + take;
  }

  private armIdle(wait: DataWait): void {
    if (wait.idleTimer) clearTimeout(wait.idleTimer);
    const idle = wait.request.idleTimeoutMs;
    if (idle !== undefined) wait.idleTimer = setTimeout(() => this.finishData(wait, false), idle);
  }

  private finishData(wait: DataWait, complete: boolean, escaped = false): void {
    if (this.wait !== wait) return;
    this.wait = undefined;
    if (wait.idleTimer) clearTimeout(wait.idleTimer);
    if (wait.totalTimer) clearTimeout(wait.totalTimer);
    wait.escape.stop();
    const bytes = Buffer.concat(wait.parts);
    wait.resolve(escaped ? { bytes: bytes.subarray(0, bytes.length - 3), complete: false, escaped } : { bytes, complete });
  }

  private feedPrompt(wait: PromptWait, chunk: Buffer, start: number): number {
    const fixed = wait.request.length;
    const echo = (end: number) => this.onEcho(Buffer.from(chunk.subarray(start, end)));
    for (let i = start; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (fixed === undefined && (byte === CTRL_Z || byte === ESC)) {
        echo(i);
        return this.finishPrompt(wait, byte === CTRL_Z ? 'send' : 'cancel', i + 1);
      }
      if (wait.bytes.length < wait.request.maxLength) wait.bytes.push(byte);
      if (fixed !== undefined && wait.bytes.length >= fixed) {
        echo(i + 1);
        return this.finishPrompt(wait, 'send', i + 1);
      }
    }
    echo(chunk.length);
    return chunk.length;
  }

  private finishPrompt(wait: PromptWait, outcome: PromptResult['outcome'], next = 0): number {
    if (this.wait === wait) this.wait = undefined;
    wait.resolve({ bytes: Buffer.from(wait.bytes), outcome });
    return next;
  }
}
