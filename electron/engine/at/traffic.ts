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
  private readonly handlers = new Set<TrafficHandler>();
  private rxPending: Buffer[] = [];
  private rxPendingLength = 0;
  private rxTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly redactor: Redactor,
    private readonly onHandlerError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  subscribe(handler: TrafficHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  command(text: string): void {
    this.emit({ kind: 'command', t: this.now(), dir: 'tx', text: this.redactor.redact(text) });
  }

  txBytes(bytes: Uint8Array): void {
    this.emit({ kind: 'bytes', t: this.now(), dir: 'tx', length: bytes.length, text: this.redactor.redact(escapeBytes(bytes)) });
  }

  /** Queues received bytes; whole lines are emitted at once. */
  rxBytes(chunk: Buffer): void {
    this.rxPending.push(chunk);
    this.rxPendingLength += chunk.length;
    const lastEnd = Math.max(chunk.lastIndexOf(0x0a), chunk.lastIndexOf(0x0d));
    if (lastEnd >= 0) {
      const keep = chunk.subarray(lastEnd + 1);
      const pending = Buffer.concat(this.rxPending);
      this.rxPending = [];
      this.rxPendingLength = 0;
      this.emitRx(pending.subarray(0, pending.length - keep.length));
      if (keep.length > 0) this.rxBytes(Buffer.from(keep));
      return;
    }
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
    this.emit({ kind: 'line', t: this.now(), dir: 'rx', text: this.redactor.redact(text), role });
  }

  prompt(): void {
    this.flushRx();
    this.emit({ kind: 'prompt', t: this.now(), dir: 'rx' });
  }

  /** A data-mode payload: size + checksum; text only when short and not secret. */
  data(dir: 'tx' | 'rx', bytes: Uint8Array, secret: boolean): void {
    if (dir === 'rx') this.flushRx();
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
    this.handlers.clear();
  }

  private emitRx(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.rxTimer && this.rxPendingLength === 0) {
      clearTimeout(this.rxTimer);
      this.rxTimer = undefined;
    }
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
    for (const handler of [...this.handlers]) {
      try {
        handler(event);
      } catch (error) {
        this.onHandlerError(error);
      }
    }
  }
}
