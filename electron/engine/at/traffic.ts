/**
 * Turns wire activity into redacted TrafficEvents. Received bytes are emitted in segments cut at
 * line ends (or on a prompt, a data block, a size limit or a short idle), so a registered secret
 * echoed back by the module (QMTCONN password with ATE1) is seen whole by the redactor even when
 * the port delivers it one byte at a time (K1).
 */
import { formatQfuplChecksum, qfuplChecksum } from './checksum.ts';
import type { Redactor } from '../session/redaction.ts';
import type { TrafficEvent } from './types.ts';

type LineRole = Extract<TrafficEvent, { kind: 'line' }>['role'];
export type TrafficHandler = (event: TrafficEvent) => void;

/** Payloads up to this many bytes are shown as text when not secret. */
const SHOW_PAYLOAD_MAX = 256;
const RX_FLUSH_BYTES = 4096;
const RX_IDLE_MS = 50;

/** latin1 text with control bytes escaped (`\r`, `\n`, `\t`, `\x1a`). */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x0d) out += '\\r';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x09) out += '\\t';
    else if (byte < 0x20 || byte === 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}

export class TrafficRecorder {
  /** Replaced (never mutated) on subscribe/unsubscribe, so emitting needs no copy. */
  private handlers: readonly TrafficHandler[] = [];
  private rxPending: Buffer[] = [];
  private rxPendingLength = 0;
  private rxTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly redactor: Redactor,
    private readonly onHandlerError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  subscribe(handler: TrafficHandler): () => void {
    if (!this.handlers.includes(handler)) this.handlers = [...this.handlers, handler];
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handler);
    };
  }

  /** False while nobody listens: events are then not built at all (no escaping, no redaction). */
  get active(): boolean {
    return this.handlers.length > 0;
  }

  command(text: string): void {
    if (!this.active) return;
    this.emit({ kind: 'command', t: this.now(), dir: 'tx', text: this.redactor.redact(text) });
  }

  txBytes(bytes: Uint8Array): void {
    if (!this.active) return;
    this.emit({ kind: 'bytes', t: this.now(), dir: 'tx', length: bytes.length, text: this.redactor.redact(escapeBytes(bytes)) });
  }

  /**
   * Queues received bytes; whole lines are emitted at once. The segmenting goes on while nobody
   * listens, so a subscriber that joins mid-line never gets a segment that starts inside a secret.
   */
  rxBytes(chunk: Buffer): void {
    const lastEnd = Math.max(chunk.lastIndexOf(0x0a), chunk.lastIndexOf(0x0d));
    if (lastEnd >= 0) {
      const end = lastEnd + 1;
      if (this.rxPendingLength === 0) {
        // The common case (a whole answer in one chunk): no copy.
        this.emitRx(chunk.subarray(0, end));
      } else {
        this.rxPending.push(chunk.subarray(0, end));
        const pending = Buffer.concat(this.rxPending);
        this.rxPending = [];
        this.rxPendingLength = 0;
        this.emitRx(pending);
      }
      if (end < chunk.length) this.rxBytes(Buffer.from(chunk.subarray(end)));
      return;
    }
    this.rxPending.push(chunk);
    this.rxPendingLength += chunk.length;
    if (this.rxPendingLength >= RX_FLUSH_BYTES) this.flushRx();
    else this.armRxTimer();
  }

  flushRx(): void {
    if (this.rxTimer) clearTimeout(this.rxTimer);
    this.rxTimer = undefined;
    if (this.rxPendingLength === 0) return;
    const pending = Buffer.concat(this.rxPending);
    this.rxPending = [];
    this.rxPendingLength = 0;
    this.emitRx(pending);
  }

  line(text: string, role: LineRole): void {
    if (!this.active) return;
    this.emit({ kind: 'line', t: this.now(), dir: 'rx', text: this.redactor.redact(text), role });
  }

  prompt(): void {
    this.flushRx();
    if (!this.active) return;
    this.emit({ kind: 'prompt', t: this.now(), dir: 'rx' });
  }

  /** A data-mode payload: size + checksum; text only when short and not secret. */
  data(dir: 'tx' | 'rx', bytes: Uint8Array, secret: boolean): void {
    if (dir === 'rx') this.flushRx();
    if (!this.active) return;
    const checksum = formatQfuplChecksum(qfuplChecksum(bytes));
    const event: TrafficEvent = { kind: 'data', t: this.now(), dir, length: bytes.length, checksum };
    if (!secret && bytes.length <= SHOW_PAYLOAD_MAX) {
      const text = escapeBytes(bytes);
      if (!this.redactor.containsSecret(text)) event.text = text;
    }
    this.emit(event);
  }

  dispose(): void {
    this.flushRx();
    this.handlers = [];
  }

  private emitRx(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.rxTimer && this.rxPendingLength === 0) {
      clearTimeout(this.rxTimer);
      this.rxTimer = undefined;
    }
    if (!this.active) return;
    this.emit({ kind: 'bytes', t: this.now(), dir: 'rx', length: bytes.length, text: this.redactor.redact(escapeBytes(bytes)) });
  }

  private armRxTimer(): void {
    if (this.rxTimer) return;
    this.rxTimer = setTimeout(() => {
      this.rxTimer = undefined;
      this.flushRx();
    }, RX_IDLE_MS);
    this.rxTimer.unref?.();
  }

  private emit(event: TrafficEvent): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        this.onHandlerError(error);
      }
    }
  }
}
