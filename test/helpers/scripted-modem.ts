/**
 * A scripted modem for tests: drives the device end of a memory link (or any Transport). It reads
 * the host's command lines (and raw data-mode bytes) and answers from a script of steps; it can
 * push URCs or raw bytes at any time and records everything the host sent.
 *
 *   const { host, device } = createMemoryLink();
 *   await host.open(); await device.open();
 *   const modem = new ScriptedModem(device, { echo: true });
 *   modem.script({ expect: 'AT+CSQ', reply: '\r\n+CSQ: 19,99\r\n\r\nOK\r\n' });
 */
import type { Transport } from '../../electron/engine/transport/types.ts';

export type Bytes = string | Uint8Array;
export type LineMatcher = string | RegExp | ((line: string) => boolean);

export interface ScriptStep {
  /** A host command line (without CR): exact string, RegExp or predicate. */
  expect?: LineMatcher;
  /** Instead of a line: consume exactly this many raw bytes (a CONNECT upload). */
  expectBytes?: number;
  /** Instead of a line: consume raw bytes up to and including this byte (0x1a for QMTPUB). */
  expectUntilByte?: number;
  /**
   * The answer. A string or bytes is sent as one write (split by `chunkSize` if set); an array
   * is sent as separate writes in order. Omit (or null) for a modem that stays silent.
   */
  reply?: Bytes | Bytes[] | null;
  /** Overrides the modem's echo setting for this step. */
  echo?: boolean;
  /** Called with what the step consumed (line text or raw bytes) before the reply is sent. */
  onMatch?: (consumed: string | Buffer) => void;
}

export interface ScriptedModemOptions {
  /** Echo every host command line back (`ATE1`, the factory default). Default false. */
  echo?: boolean;
  /** Split every reply into writes of at most this many bytes (tests chunk handling). */
  chunkSize?: number;
}

interface Responder {
  expect: LineMatcher;
  reply: Bytes | Bytes[];
}

const CR = 0x0d;
const LF = 0x0a;

function matches(matcher: LineMatcher, line: string): boolean {
  if (typeof matcher === 'string') return matcher === line;
  if (matcher instanceof RegExp) return matcher.test(line);
  return matcher(line);
}

function toBuffer(bytes: Bytes): Buffer {
  return typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
}

export class ScriptedModem {
  /** Every byte the host sent. */
  received = Buffer.alloc(0);
  /** Every command line the host sent, in order. */
  readonly lines: string[] = [];
  /** Raw data-mode blocks the host sent (consumed by expectBytes / expectUntilByte steps). */
  readonly rawBlocks: Buffer[] = [];
  /** Host lines that matched neither the next step nor a standing responder. */
  readonly unexpected: string[] = [];
  echo: boolean;
  private readonly steps: ScriptStep[] = [];
  private readonly responders: Responder[] = [];
  private pending = Buffer.alloc(0);
  private writing: Promise<void> = Promise.resolve();
  private readonly lineWaiters: Array<{ matcher: LineMatcher; resolve: (line: string) => void }> = [];
  private readonly doneWaiters: Array<() => void> = [];
  private readonly offData: () => void;

  constructor(
    readonly device: Transport,
    private readonly options: ScriptedModemOptions = {},
  ) {
    this.echo = options.echo ?? false;
    this.offData = device.onData((chunk) => this.onData(chunk));
  }

  /** Appends steps to the script. */
  script(...steps: ScriptStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  /** A standing answer used whenever a line does not match the next script step (e.g. `AT` probes). */
  always(expect: LineMatcher, reply: Bytes | Bytes[]): this {
    this.responders.push({ expect, reply });
    return this;
  }

  /** Sends bytes to the host now (URCs, garbage, late answers). */
  push(bytes: Bytes | Bytes[]): Promise<void> {
    const parts = Array.isArray(bytes) ? bytes : [bytes];
    // Serialised, so a reply and a URC pushed at the same moment never interleave mid-line.
    const next = this.writing.then(async () => {
      for (const part of parts) {
        const buffer = toBuffer(part);
        const size = Math.max(this.options.chunkSize ?? buffer.length, 1);
        for (let i = 0; i < buffer.length; i += size) await this.device.write(buffer.subarray(i, i + size));
      }
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** Resolves with the next (or an already received) host line that matches. */
  waitForLine(matcher: LineMatcher): Promise<string> {
    const seen = this.lines.find((line) => matches(matcher, line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.lineWaiters.push({ matcher, resolve }));
  }

  /** Resolves when every script step has been consumed. */
  whenScriptDone(): Promise<void> {
    if (this.steps.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.doneWaiters.push(resolve));
  }

  get remainingSteps(): number {
    return this.steps.length;
  }

  stop(): void {
    this.offData();
  }

  private onData(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length > 0 && this.consumeOne()) {
      // keep consuming
    }
  }

  /** Consumes one line or raw block from `pending`; false when more bytes are needed. */
  private consumeOne(): boolean {
    const step = this.steps[0];
    if (step?.expectBytes !== undefined) {
      if (this.pending.length < step.expectBytes) return false;
      return this.takeRaw(step, step.expectBytes);
    }
    if (step?.expectUntilByte !== undefined) {
      const end = this.pending.indexOf(step.expectUntilByte);
      return end < 0 ? false : this.takeRaw(step, end + 1);
    }
    while (this.pending[0] === LF || this.pending[0] === CR) this.pending = this.pending.subarray(1);
    const end = this.pending.findIndex((byte) => byte === CR || byte === LF);
    if (end < 0) return false;
    const line = this.pending.subarray(0, end).toString('utf8');
    this.pending = this.pending.subarray(end + 1);
    this.onLine(line);
    return true;
  }

  private takeRaw(step: ScriptStep, length: number): boolean {
    const block = Buffer.from(this.pending.subarray(0, length));
    this.pending = this.pending.subarray(length);
    this.rawBlocks.push(block);
    this.steps.shift();
    step.onMatch?.(block);
    this.answer(step.reply, false, '');
    return true;
  }

  private onLine(line: string): void {
    this.lines.push(line);
    for (const waiter of [...this.lineWaiters]) {
      if (!matches(waiter.matcher, line)) continue;
      this.lineWaiters.splice(this.lineWaiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
    const step = this.steps[0];
    if (step?.expect !== undefined && matches(step.expect, line)) {
      this.steps.shift();
      step.onMatch?.(line);
      this.answer(step.reply, step.echo ?? this.echo, line);
      return;
    }
    const responder = this.responders.find((r) => matches(r.expect, line));
    if (responder) return this.answer(responder.reply, this.echo, line);
    this.unexpected.push(line);
  }

  private answer(reply: ScriptStep['reply'], echo: boolean, line: string): void {
    const parts: Bytes[] = [];
    if (echo) parts.push(`${line}\r`);
    if (reply !== undefined && reply !== null) parts.push(...(Array.isArray(reply) ? reply : [reply]));
    void this.push(parts).catch(() => undefined);
    if (this.steps.length === 0) for (const resolve of this.doneWaiters.splice(0)) resolve();
  }
}
