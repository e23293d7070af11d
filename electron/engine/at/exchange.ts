/**
 * One command's immediate phase as a small state machine:
 *   send → [connect → payload | data] / [prompt → payload] → result
 * It skips the echo, collects information lines, leaves URCs to the caller and settles on the
 * final result code, a timeout, an abort or a lost port. Deferred URCs are the client's business.
 */
import type { ResolvedCommand } from './command-spec.ts';
import { Deadline, type DeadlineOwner } from './deadline.ts';
import { AtAbortedError, AtCommandError, AtProtocolError, AtTimeoutError, type AtError, type AtPhase } from './errors.ts';
import type { DataExpectation } from './framer.ts';
import { parseFinal } from './results.ts';
import type { AtRequest } from './types.ts';

export type ExchangeLineRole = 'echo' | 'info' | 'final' | 'urc' | 'late';

/**
 * A resync probe (S11): its own answer is the final after its marker line, once every late answer
 * that could print the same marker has gone by. Any other final is a late answer of an earlier
 * command and restarts the wait (a slow module is working through its backlog).
 */
export interface ProbeMode {
  marker: RegExp;
  /** Late answers still owed that would print the same marker (they come first: answers are in order). */
  markersOwed(): number;
  /** A final that is not the probe's; `withMarker` when the marker line came before it. */
  onLateFinal(withMarker: boolean): void;
  maxRestarts: number;
}

export interface ExchangeOutcome {
  final: string;
  lines: string[];
  data?: Buffer;
}

export interface ExchangeIo {
  /** Writes and logs the command line (`AT…` + CR). */
  writeCommand(command: string): Promise<void>;
  /** Writes a data-mode payload, logged as size + checksum, plus an optional terminator byte. */
  writePayload(payload: Uint8Array, terminator: Uint8Array, secret: boolean): Promise<void>;
  expectData(expectation: DataExpectation): void;
  redact(text: string): string;
  /** The client's reusable command timer; without one the exchange uses its own. */
  deadline?: Deadline;
}

const CTRL_Z = Uint8Array.of(0x1a);
const NOTHING = new Uint8Array(0);
/** Extra time for a payload to cross the serial line (≈ 115200 baud: 10 bytes per ms). */
const payloadAllowanceMs = (bytes: number) => Math.ceil(bytes / 10);

export class Exchange implements DeadlineOwner {
  readonly promise: Promise<ExchangeOutcome>;
  private phase: AtPhase;
  private readonly lines: string[] = [];
  private echoSeen = false;
  private payloadSent = false;
  private data: Buffer | undefined;
  private readonly deadline: Deadline;
  private timerMs = 0;
  private done = false;
  private markerSeen = false;
  private restarts = 0;
  private resolve!: (outcome: ExchangeOutcome) => void;
  private reject!: (error: AtError) => void;

  /** True when it ended by timeout or abort: its answer may still arrive (S11). */
  answerMayComeLate = false;

  constructor(
    readonly request: AtRequest,
    readonly spec: ResolvedCommand,
    private readonly io: ExchangeIo,
    private readonly probe?: ProbeMode,
  ) {
    this.deadline = io.deadline ?? new Deadline();
    this.promise = new Promise<ExchangeOutcome>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.promise.catch(() => undefined);
    const { payload, receive } = request;
    this.phase = payload?.after === 'prompt' ? 'prompt' : payload || receive ? 'connect' : 'result';
  }

  get settled(): boolean {
    return this.done;
  }

  get command(): string {
    return this.request.command;
  }

  async start(): Promise<void> {
    this.startTimer(this.spec.resultMs);
    await this.io.writeCommand(this.request.command);
  }

  handleLine(line: string): ExchangeLineRole {
    const text = line.trim();
    if (!this.echoSeen && this.lines.length === 0 && text.toUpperCase() === this.request.command.trim().toUpperCase()) {
      this.echoSeen = true;
      return 'echo';
    }
    const final = parseFinal(text);
    if (this.probe) {
      const probeRole = this.probeLine(text, final !== undefined);
      if (probeRole) return probeRole;
    }
    if (final) {
      if (!final.ok) this.fail(new AtCommandError(this.redacted, this.io.redact(final.line), final.code, this.io.redact(final.meaning), this.redactedLines));
      else if (final.connect && this.phase === 'connect') this.onConnect();
      else if (this.phase === 'connect' || this.phase === 'prompt') {
        this.fail(new AtProtocolError(this.redacted, `${final.line} where ${this.phase === 'connect' ? 'CONNECT' : 'the > prompt'} was required`, this.redactedLines));
      } else this.finish(final.line);
      return 'final';
    }
    if (this.payloadSent && this.isPayloadEcho(text)) return 'echo';
    if (this.spec.isInfo(text)) {
      this.lines.push(text);
      return 'info';
    }
    return 'urc';
  }

  get isProbe(): boolean {
    return this.probe !== undefined;
  }

  /** A probe's view of a line; undefined when it is the probe's own final (normal handling). */
  private probeLine(text: string, isFinal: boolean): ExchangeLineRole | undefined {
    const probe = this.probe;
    if (!probe) return undefined;
    if (!isFinal) {
      if (!probe.marker.test(text)) return 'urc'; // a URC or a late information line: the client sorts them
      this.markerSeen = true;
      this.lines.length = 0;
      this.lines.push(text);
      return 'info';
    }
    if (this.markerSeen && probe.markersOwed() === 0) return undefined;
    probe.onLateFinal(this.markerSeen);
    this.markerSeen = false;
    this.lines.length = 0;
    if (this.restarts < probe.maxRestarts) {
      this.restarts += 1;
      this.startTimer(this.timerMs);
    }
    return 'late';
  }

  /** Returns false when no prompt was expected (the caller logs it as noise). */
  handlePrompt(): boolean {
    const payload = this.request.payload;
    if (this.done || this.phase !== 'prompt' || !payload) return false;
    this.sendPayload(payload.terminator === 'none' ? NOTHING : CTRL_Z);
    return true;
  }

  /** Returns false when no data was expected. */
  handleData(data: Buffer): boolean {
    if (this.done || this.phase !== 'data') return false;
    this.data = data;
    this.phase = 'result';
    this.startTimer(this.spec.resultMs);
    return true;
  }

  /** Any received byte: while receiving data the timeout is a maximum gap, so it restarts. */
  rxActivity(): void {
    if (this.phase === 'data' && !this.done) this.startTimer(this.timerMs);
  }

  abort(reason?: string): void {
    this.fail(new AtAbortedError(this.redacted, reason));
  }

  /** The error this exchange ended with, and the phase it was in. */
  failure: AtError | undefined;
  failedPhase: AtPhase | undefined;

  fail(error: AtError): void {
    if (this.done) return;
    this.done = true;
    this.failure = error;
    this.failedPhase = this.phase;
    this.answerMayComeLate = error.kind === 'timeout' || error.kind === 'aborted';
    this.clearTimer();
    this.reject(error);
  }

  private onConnect(): void {
    if (this.request.receive) {
      this.phase = 'data';
      this.io.expectData(this.request.receive);
      this.startTimer(this.spec.dataMs);
    } else {
      this.sendPayload(NOTHING);
    }
  }

  private sendPayload(terminator: Uint8Array): void {
    const payload = this.request.payload;
    if (!payload) return;
    const bytes = typeof payload.data === 'string' ? Buffer.from(payload.data, 'utf8') : payload.data;
    this.phase = 'result';
    this.payloadSent = true;
    this.startTimer(this.spec.resultMs + payloadAllowanceMs(bytes.length));
    // A write failure is reported by the client's close handling; here it only must not go unhandled.
    this.io.writePayload(bytes, terminator, payload.secret ?? false).catch(() => undefined);
  }

  /** With ATE1 the module echoes what is typed after the `>` prompt. */
  private isPayloadEcho(text: string): boolean {
    const payload = this.request.payload;
    if (payload?.after !== 'prompt') return false;
    const sent = typeof payload.data === 'string' ? payload.data : Buffer.from(payload.data).toString('utf8');
    return !text.startsWith('+') || sent.includes(text);
  }

  private finish(final: string): void {
    if (this.done) return;
    this.done = true;
    this.clearTimer();
    const outcome: ExchangeOutcome = { final, lines: this.lines };
    if (this.data) outcome.data = this.data;
    this.resolve(outcome);
  }

  /** The armed time passed: a timeout in the current phase. */
  onDeadline(): void {
    this.fail(new AtTimeoutError(this.redacted, this.phase, this.timerMs, this.redactedLines));
  }

  private startTimer(ms: number): void {
    this.timerMs = ms;
    this.deadline.arm(this, ms);
  }

  private clearTimer(): void {
    this.deadline.disarm(this);
  }

  private get redacted(): string {
    return this.io.redact(this.request.command);
  }

  private get redactedLines(): string[] {
    return this.lines.map((line) => this.io.redact(line));
  }
}
