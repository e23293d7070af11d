/**
 * AtClient: runs one AT command at a time over a Transport. It skips echoes (S4), routes URCs by
 * prefix at any moment (S5), waits a guard delay after each final result (S6), treats answers
 * that arrive after a timeout as late and drains/resyncs before the next command (S11) — climbing
 * the recovery ladder of command-table.ts RESYNC when the module stays silent (S10) — waits for
 * deferred results with their own timeout (S13), drives data modes (CONNECT upload/download, `>`
 * prompt, S14/S15) and rejects at once when the port is lost (S1). Every byte is a TrafficEvent,
 * redacted through `redactor` (K1).
 */
import { TransportError } from '../transport/errors.ts';
import type { Transport } from '../transport/types.ts';
import { isBareUrc, resolveCommand, type ResolvedCommand } from './command-spec.ts';
import { isAnswerOf, validateRequest } from './request-rules.ts';
import { RESYNC, type ResyncProbe } from './command-table.ts';
import { Deadline } from './deadline.ts';
import { AtAbortedError, AtClosedError, AtCommandError, AtError, AtTimeoutError, AtUnresponsiveError } from './errors.ts';
import { Exchange, type ExchangeIo, type ExchangeOutcome, type ProbeMode } from './exchange.ts';
import { parseFinal } from './results.ts';
import { AtFramer, type FrameEvent } from './framer.ts';
import { Redactor } from '../session/redaction.ts';
import { TrafficRecorder, type TrafficHandler } from './traffic.ts';
import type { AtRequest, AtResponse, UrcHandler } from './types.ts';
import { UrcRouter, type UrcWaiter } from './urc-router.ts';
import { CommandQueue, sleep } from './queue.ts';

export interface AtClientOptions {
  /** Pause after a final result before the next command is sent (S6). Default 20 ms. */
  guardMs?: number;
  /** After a timeout: the line must be quiet this long before the next command (S11). Default 100 ms. */
  drainQuietMs?: number;
  /** Upper bound of one drain. Default 2000 ms. */
  drainMaxMs?: number;
  /**
   * After a timeout, resync before the next command (S11): drain, probe (`AT`, or a marker probe
   * while a late answer is owed), `+++` escape, probe again, else AtUnresponsiveError. Default true.
   */
  resyncAfterTimeout?: boolean;
  /** Longest silence while a resync probe's answer is awaited. Default RESYNC.probeSilenceMs. */
  probeSilenceMs?: number;
  /** Longest line kept by the framer (S9). */
  maxLineLength?: number;
  /** Called when a URC or traffic subscriber throws (the engine keeps running). */
  onHandlerError?: (error: unknown) => void;
  /** An existing redactor to share with the session log. */
  redactor?: Redactor;
}

export interface SyncOptions {
  attempts?: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

export interface WaitForUrcOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  match?: (line: string) => boolean;
}

const ESC = Uint8Array.of(0x1b);

export class AtClient {
  readonly redactor: Redactor;
  private readonly framer: AtFramer;
  private readonly traffic: TrafficRecorder;
  private readonly urcs: UrcRouter;
  private readonly queue = new CommandQueue();
  private readonly deadline = new Deadline();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly options: Required<Omit<AtClientOptions, 'redactor' | 'maxLineLength'>>;
  private active: Exchange | undefined;
  /** The last exchange that timed out or was aborted: its answer may still arrive. */
  private late: Exchange | undefined;
  /** Every exchange whose answer may still arrive, oldest first (answers come in order, S11). */
  private owed: Exchange[] = [];
  /** `RDY` lines seen: a command sent before a reboot is never answered, so it is not owed. */
  private boots = 0;
  /** While `+++` is typed: its own `OK` pays no owed answer. */
  private escaping = false;
  private needsResync = false;
  private lastFinalAt = 0;
  private lastRxAt = 0;
  private closed: { cause: TransportError | undefined } | undefined;
  private disposed = false;

  private constructor(
    private readonly transport: Transport,
    options: AtClientOptions,
  ) {
    this.options = {
      guardMs: options.guardMs ?? 20,
      drainQuietMs: options.drainQuietMs ?? 100,
      drainMaxMs: options.drainMaxMs ?? 2000,
      resyncAfterTimeout: options.resyncAfterTimeout ?? true,
      probeSilenceMs: options.probeSilenceMs ?? RESYNC.probeSilenceMs,
      onHandlerError: options.onHandlerError ?? (() => undefined),
    };
    this.redactor = options.redactor ?? new Redactor();
    this.traffic = new TrafficRecorder(this.redactor, this.options.onHandlerError);
    this.urcs = new UrcRouter(this.options.onHandlerError);
    const framerOptions = { onEvent: (event: FrameEvent) => this.onFrame(event) };
    this.framer = new AtFramer(options.maxLineLength ? { ...framerOptions, maxLineLength: options.maxLineLength } : framerOptions);
  }

  /** Wraps an already open transport. */
  static attach(transport: Transport, options: AtClientOptions = {}): AtClient {
    const client = new AtClient(transport, options);
    client.unsubscribe.push(
      transport.onData((chunk) => client.onChunk(chunk)),
      transport.onClose((cause) => client.onClose(cause)),
    );
    if (!transport.isOpen) client.onClose(undefined);
    return client;
  }

  get port(): string {
    return this.transport.uri;
  }

  /** Runs one command (queued behind any running one) and returns its answer. */
  async run(input: AtRequest | string): Promise<AtResponse> {
    const request: AtRequest = typeof input === 'string' ? { command: input } : { ...input };
    const spec = resolveCommand(request);
    validateRequest(request, spec);
    const started = Date.now();
    // The label (redacted command) only appears in errors: redacted when one is made, not per command.
    const { outcome, waiter } = await this.queue.enqueue(
      () => this.redactor.redact(request.command),
      request.signal,
      () => this.execute(request, spec),
    );
    const response: AtResponse = { command: request.command, lines: outcome.lines, final: outcome.final, durationMs: 0 };
    if (outcome.data) response.data = outcome.data;
    if (waiter && spec.deferred) {
      waiter.startTimer(spec.deferred.timeoutMs);
      response.deferred = await waiter.promise;
    }
    response.durationMs = Date.now() - started;
    return response;
  }

  /** Subscribes to URCs starting with `prefix` (`'*'` = all). Returns the unsubscribe function. */
  onUrc(prefix: string, handler: UrcHandler): () => void {
    return this.urcs.on(prefix, handler);
  }

  onTraffic(handler: TrafficHandler): () => void {
    return this.traffic.subscribe(handler);
  }

  /** Resolves with the next URC starting with `prefix` (and accepted by `match`). */
  waitForUrc(prefix: string, options: WaitForUrcOptions): Promise<string> {
    const label = `URC ${prefix}`;
    if (this.closed) return Promise.reject(new AtClosedError(label, this.port, this.closed.cause));
    const waiter = this.urcs.wait({ label, prefix, match: options.match ?? (() => true), signal: options.signal });
    waiter.startTimer(options.timeoutMs);
    return waiter.promise;
  }

  /** Sends `AT` until the module answers OK (boot URCs are routed as usual). */
  async sync(options: SyncOptions = {}): Promise<{ attempts: number }> {
    const attempts = options.attempts ?? 10;
    const intervalMs = options.intervalMs ?? 1000;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.queue.enqueue('AT', options.signal, () => this.syncAttempt(intervalMs, options.signal));
        return { attempts: attempt };
      } catch (error) {
        if (!(error instanceof AtError) || error.kind === 'closed' || error.kind === 'aborted') throw error;
        lastError = error;
        if (error.kind === 'command' && attempt < attempts) await sleep(intervalMs, options.signal);
      }
    }
    // A marker probe that went unanswered is still "no answer to AT" for the caller.
    throw lastError instanceof AtTimeoutError ? new AtTimeoutError('AT', 'result', intervalMs) : lastError;
  }

  /**
   * One sync attempt: `AT` while no answer is owed; once one is (a booting module drops commands, a
   * slow one answers late) a marker probe, so a late `OK` is never taken for this attempt's (S11).
   */
  private async syncAttempt(intervalMs: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.needsResync && !this.closed) await this.drain(signal); // let a late answer or a boot burst go by first
    await this.guard(signal);
    const probe = this.owed.length > 0 ? this.chooseProbe() : undefined;
    const command = probe?.command ?? 'AT';
    await this.runExchange({ command, timeoutMs: intervalMs, ...(signal ? { signal } : {}) }, resolveCommand({ command, timeoutMs: intervalMs }), probe && this.probeMode(probe));
    this.synced();
  }

  /** Stops the client: pending work rejects with AtAbortedError. The transport stays open. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    this.active?.abort('client disposed');
    this.queue.rejectAll((label) => new AtAbortedError(label, 'client disposed'));
    this.urcs.failAll((label) => new AtAbortedError(label, 'client disposed'));
    this.urcs.clear();
    this.traffic.dispose();
    this.framer.reset();
    this.deadline.dispose();
  }

  // ── one command ────────────────────────────────────────────────────────────────────────────

  private async execute(request: AtRequest, spec: ResolvedCommand): Promise<{ outcome: ExchangeOutcome; waiter?: UrcWaiter }> {
    const label = this.redactor.redact(request.command);
    await this.beforeCommand(spec, request.signal, label);
    // Registered before sending, so a deferred URC that overtakes the OK is not missed (S13).
    const waiter = spec.deferred
      ? this.urcs.wait({ label, prefix: spec.deferred.prefix, match: spec.deferred.match, signal: request.signal })
      : undefined;
    try {
      const outcome = await this.runExchange(request, spec);
      return waiter ? { outcome, waiter } : { outcome };
    } catch (error) {
      waiter?.fail(error instanceof AtError ? error : new AtAbortedError(label));
      throw error;
    }
  }

  private async runExchange(request: AtRequest, spec: ResolvedCommand, probe?: ProbeMode): Promise<ExchangeOutcome> {
    if (this.disposed) throw new AtAbortedError(this.redactor.redact(request.command), 'client disposed');
    if (this.closed) throw this.closedError(request.command);
    if (request.signal?.aborted) throw new AtAbortedError(this.redactor.redact(request.command));
    const exchange = new Exchange(request, spec, this.io, probe);
    const bootsAtSend = this.boots;
    this.active = exchange;
    // The listener only when there is a signal: a closure per command is measurable (AtClient bench).
    const { signal } = request;
    const onAbort = signal ? () => exchange.abort() : undefined;
    if (signal && onAbort) signal.addEventListener('abort', onAbort, { once: true });
    exchange.start().catch((error: unknown) => exchange.fail(this.asAtError(request.command, error)));
    try {
      return await exchange.promise;
    } finally {
      if (signal && onAbort) signal.removeEventListener('abort', onAbort);
      if (exchange.answerMayComeLate) {
        this.late = exchange;
        if (this.boots === bootsAtSend) this.owed.push(exchange);
        this.needsResync = true;
        // A data-phase timeout means the module went silent mid-body: do not stay in data mode.
        if (exchange.failedPhase === 'data' && exchange.failure?.kind === 'timeout') this.framer.reset();
      }
      if (this.active === exchange) this.active = undefined;
      this.lastFinalAt = Date.now();
    }
  }

  private async beforeCommand(spec: ResolvedCommand, signal: AbortSignal | undefined, label: string): Promise<void> {
    if (this.needsResync && !this.closed) {
      this.needsResync = false;
      await this.drain(signal);
      if (this.framer.inDataMode) this.framer.reset(); // an abandoned download that never completed
      // A plain AT next with nothing owed is its own probe.
      if (this.options.resyncAfterTimeout && (spec.name !== 'AT' || this.owed.length > 0)) await this.recover(label, signal);
      if (this.owed.length === 0) this.late = undefined;
    }
    await this.guard(signal);
  }

  private async guard(signal: AbortSignal | undefined): Promise<void> {
    const guard = this.lastFinalAt + this.options.guardMs - Date.now();
    if (guard > 0 && !this.closed) await sleep(guard, signal);
  }

  /**
   * The recovery ladder (command-table.ts RESYNC): probe; else `+++` with its guard silences and
   * probe again; else stop with AtUnresponsiveError — the module is never reset without the user.
   */
  private async recover(label: string, signal: AbortSignal | undefined): Promise<void> {
    const tried: string[] = [];
    if (await this.probeOnce(tried, signal)) return;
    await this.escape(signal);
    tried.push(`${RESYNC.escape.sequence} escape`);
    if (await this.probeOnce(tried, signal)) return;
    this.owed = [];
    this.needsResync = true; // the next command climbs the ladder again (after a power cycle it answers)
    throw new AtUnresponsiveError(label, tried);
  }

  /** One probe: true when the module answered it (its own answer, not a late one). */
  private async probeOnce(tried: string[], signal: AbortSignal | undefined): Promise<boolean> {
    const probe = this.owed.length > 0 ? this.chooseProbe() : undefined;
    const command = probe?.command ?? 'AT';
    const timeoutMs = this.options.probeSilenceMs;
    tried.push(command);
    await this.guard(signal);
    try {
      await this.runExchange({ command, timeoutMs, ...(signal ? { signal } : {}) }, resolveCommand({ command, timeoutMs }), probe && this.probeMode(probe));
    } catch (error) {
      if (error instanceof AtTimeoutError) return false;
      if (!(error instanceof AtCommandError)) throw error; // closed, aborted
      // ERROR is an answer too: the module is alive and in step.
    }
    this.synced();
    await this.drain(signal);
    return true;
  }

  /** The probe whose marker the fewest owed answers could print (ideally none). */
  private chooseProbe(): ResyncProbe {
    const owedPrinting = (probe: ResyncProbe) => this.owed.filter((exchange) => probe.printedBy.test(exchange.command.trim())).length;
    return RESYNC.probes.reduce<ResyncProbe>((best, probe) => (owedPrinting(probe) < owedPrinting(best) ? probe : best), RESYNC.probes[0]);
  }

  private probeMode(probe: ResyncProbe): ProbeMode {
    return {
      marker: probe.marker,
      markersOwed: () => this.owed.filter((exchange) => probe.printedBy.test(exchange.command.trim())).length,
      onLateFinal: (withMarker) => this.payOwed(withMarker ? probe.printedBy : undefined),
      maxRestarts: RESYNC.probeMaxRestarts,
    };
  }

  /** A late final arrived: it answers the oldest owed exchange (the oldest that prints `printedBy`'s marker). */
  private payOwed(printedBy?: RegExp): void {
    if (this.escaping || this.owed.length === 0) return;
    const index = printedBy ? this.owed.findIndex((exchange) => printedBy.test(exchange.command.trim())) : 0;
    this.owed.splice(Math.max(index, 0), 1);
  }

  /** The module answered a probe: every earlier command is answered or will never be (answers come in order). */
  private synced(): void {
    this.owed = [];
    this.late = undefined;
    this.needsResync = false;
  }

  /** `+++` with a guard silence before and after (docs/at-behaviour.md#data-mode): leaves a data mode the module is stuck in. */
  private async escape(signal: AbortSignal | undefined): Promise<void> {
    const { sequence, guardBeforeMs, guardAfterMs } = RESYNC.escape;
    this.escaping = true;
    try {
      const start = Date.now();
      // Silence before: nothing received for the guard time (bounded: a chattering line gets +++ anyway).
      for (;;) {
        const quietFor = Date.now() - Math.max(this.lastRxAt, start);
        if (quietFor >= guardBeforeMs || Date.now() - start >= 3 * guardBeforeMs || this.closed || signal?.aborted) break;
        await sleep(guardBeforeMs - quietFor, signal);
      }
      if (this.closed || signal?.aborted) return;
      await this.io.writeRaw(Buffer.from(sequence, 'latin1'));
      await sleep(guardAfterMs, signal);
      await this.drain(signal);
      if (this.framer.inDataMode) this.framer.reset();
    } finally {
      this.escaping = false;
    }
  }

  /** Waits until nothing has been received for drainQuietMs since the drain began (at most drainMaxMs). */
  private async drain(signal: AbortSignal | undefined): Promise<void> {
    const { drainQuietMs, drainMaxMs } = this.options;
    const start = Date.now();
    const deadline = start + drainMaxMs;
    for (;;) {
      const quietFor = Date.now() - Math.max(this.lastRxAt, start);
      if (quietFor >= drainQuietMs || Date.now() >= deadline || this.closed) return;
      await sleep(Math.min(drainQuietMs - quietFor, deadline - Date.now()), signal);
    }
  }

  // ── bytes in ───────────────────────────────────────────────────────────────────────────────

  private onChunk(chunk: Buffer): void {
    this.lastRxAt = Date.now();
    this.traffic.rxBytes(chunk);
    this.active?.rxActivity();
    this.framer.push(chunk);
  }

  private onFrame(event: FrameEvent): void {
    switch (event.kind) {
      case 'line':
        return this.onLine(event.text);
      case 'prompt':
        return this.onPrompt();
      case 'data':
        if (!this.active?.handleData(event.data)) this.traffic.line(`[${event.data.length} data bytes after the command ended]`, 'late');
        return this.traffic.data('rx', event.data, false);
      case 'overflow':
        return this.traffic.line(`[${event.dropped} bytes discarded: line too long]`, 'noise');
      case 'noise':
        return this.traffic.line(event.text, 'noise');
    }
  }

  private onLine(text: string): void {
    if (text.trim() === 'RDY') {
      this.owed = []; // the module restarted: nothing sent before will be answered
      this.boots += 1;
    }
    const exchange = this.active;
    if (exchange && !exchange.settled) {
      const role = exchange.handleLine(text);
      // During a probe: an information line of an owed answer is late, not a URC.
      if (role === 'urc' && exchange.isProbe && this.owed.some((owed) => isAnswerOf(owed, text))) return this.traffic.line(text, 'late');
      this.traffic.line(text, role);
      if (role === 'urc') this.urcs.dispatch(text.trim());
      return;
    }
    const late = this.late ?? (exchange?.answerMayComeLate ? exchange : undefined);
    if (late && isAnswerOf(late, text)) {
      if (parseFinal(text.trim())) this.payOwed();
      return this.traffic.line(text, 'late');
    }
    if (text.startsWith('+') || isBareUrc(text)) {
      this.traffic.line(text, 'urc');
      return this.urcs.dispatch(text.trim());
    }
    this.traffic.line(text, 'noise');
  }

  private onPrompt(): void {
    this.traffic.prompt();
    if (this.active?.handlePrompt()) return;
    // A prompt for a publish we gave up on: ESC cancels it (docs/at-behaviour.md#framing, BG96-MQTT §3.2.8).
    const late = this.late ?? this.active;
    if (late?.request.payload?.after === 'prompt') this.io.writeRaw(ESC).catch(() => undefined);
  }

  private onClose(cause: TransportError | undefined): void {
    if (this.closed) return;
    this.closed = { cause };
    this.traffic.flushRx();
    this.active?.fail(this.closedError(this.active.command));
    this.queue.rejectAll((label) => new AtClosedError(label, this.port, cause));
    this.urcs.failAll((label) => new AtClosedError(label, this.port, cause));
  }

  // ── bytes out ──────────────────────────────────────────────────────────────────────────────

  private readonly io: ExchangeIo & { writeRaw(bytes: Uint8Array): Promise<void> } = {
    writeCommand: async (command) => {
      const bytes = Buffer.from(`${command}\r`, 'utf8');
      this.traffic.command(command);
      this.traffic.txBytes(bytes);
      await this.write(command, bytes);
    },
    writePayload: async (payload, terminator, secret) => {
      this.traffic.data('tx', payload, secret);
      if (terminator.length > 0) this.traffic.txBytes(terminator);
      await this.write(this.active?.command ?? 'payload', Buffer.concat([payload, terminator]));
    },
    writeRaw: async (bytes) => {
      this.traffic.txBytes(bytes);
      await this.write('raw bytes', bytes);
    },
    expectData: (expectation) => this.framer.expectData(expectation),
    redact: (text) => this.redactor.redact(text),
    deadline: this.deadline,
  };

  private async write(command: string, bytes: Uint8Array): Promise<void> {
    if (this.closed) throw this.closedError(command);
    try {
      await this.transport.write(bytes);
    } catch (error) {
      throw this.asAtError(command, error);
    }
  }

  private closedError(command: string): AtClosedError {
    return new AtClosedError(this.redactor.redact(command), this.port, this.closed?.cause);
  }

  private asAtError(command: string, error: unknown): AtError {
    if (error instanceof AtError) return error;
    const cause = error instanceof TransportError ? error : undefined;
    return new AtClosedError(this.redactor.redact(command), this.port, cause ?? this.closed?.cause);
  }
}
