/**
 * Runs command lines one at a time, as the module's AT interpreter does: parse (the reader has
 * already echoed the characters as they arrived), look the
 * command up in the table by name and form, run its handler, frame the information lines and the
 * final result, then start its deferred work. Lines that arrive while a command runs wait their
 * turn. Unknown command → ERROR; a known command without that form → plain ERROR for Quectel's
 * own `+Q…` commands (JC-LOG: `at+qlts?`, `at+qnwinfo?`, `at+qsslcfg?`) and +CME ERROR: 3 for the
 * 3GPP ones (JC-LOG: `at+csq?`); tables override per command where captures show otherwise
 * (docs/uncertain-behaviour.md#missing-form-errors).
 */
import type { CommandEntry, CommandResult, DeviceContext } from '../commands/types.ts';
import type { ModemWriter } from '../line/writer.ts';
import { PowerLost } from '../services/power-cycle.ts';
import { ParamError } from './args.ts';
import { parseCommandLine, type ParsedCommand } from './command-line.ts';

export interface DispatchHooks {
  /** Before a command runs (fault scenarios: cable pulls, storms). */
  beforeCommand?(command: ParsedCommand, ctx: DeviceContext): void;
  /** Before the answer is written (the `slow-answers` delay). */
  delayAnswer?(ctx: DeviceContext): Promise<void> | void;
  /** Between the information lines and the final result (the `urc-storm` URC, S5). */
  beforeFinal?(ctx: DeviceContext): void;
  /** Right after the final result (delivers URCs held during data mode). */
  afterFinal?(): void;
  /** A handler bug: the module answers ERROR and the error is reported here. */
  onInternalError?(error: unknown): void;
}

export interface DispatcherDeps {
  table: ReadonlyMap<string, CommandEntry>;
  writer: ModemWriter;
  /** The current power cycle's context. */
  context(): DeviceContext;
  hooks: DispatchHooks;
}

const UNKNOWN: CommandResult = { final: { kind: 'error' } };
const FORM_NOT_SUPPORTED: CommandResult = { final: { kind: 'cme', code: 3 } };

export class Dispatcher {
  private readonly queue: string[] = [];
  private running = false;

  constructor(private readonly deps: DispatcherDeps) {}

  enqueue(line: string): void {
    this.queue.push(line);
    if (!this.running) void this.drain();
  }

  /** Power lost: lines not yet run are gone. */
  clear(): void {
    this.queue.length = 0;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let line = this.queue.shift(); line !== undefined; line = this.queue.shift()) await this.runLine(line);
    } finally {
      this.running = false;
    }
  }

  private async runLine(line: string): Promise<void> {
    const ctx = this.deps.context();
    const parsed = parseCommandLine(line);
    if (parsed.kind === 'not-at') return;
    if (parsed.kind === 'syntax-error') return this.finish(ctx, [], { final: { kind: 'error' } }, []);
    const lines: string[] = [];
    const afters: Array<NonNullable<CommandResult['after']>> = [];
    for (const command of parsed.commands) {
      this.deps.hooks.beforeCommand?.(command, ctx);
      const result = await this.execute(command, ctx);
      if (!result || !ctx.cycle.alive) return;
      lines.push(...(result.lines ?? []));
      if (result.after) afters.push(result.after);
      if (result.final && result.final.kind !== 'ok') return this.finish(ctx, lines, result, []);
    }
    await this.finish(ctx, lines, {}, afters);
  }

  private async finish(ctx: DeviceContext, lines: string[], result: CommandResult, afters: Array<NonNullable<CommandResult['after']>>): Promise<void> {
    try {
      await this.deps.hooks.delayAnswer?.(ctx);
    } catch (error) {
      if (!(error instanceof PowerLost)) this.deps.hooks.onInternalError?.(error);
      return;
    }
    if (!ctx.cycle.alive) return;
    this.deps.writer.information(lines);
    this.deps.hooks.beforeFinal?.(ctx);
    this.deps.writer.final(result.final ?? { kind: 'ok' });
    this.deps.hooks.afterFinal?.();
    for (const after of afters) void this.runDeferred(after);
  }

  private async runDeferred(after: () => void | Promise<void>): Promise<void> {
    try {
      await after();
    } catch (error) {
      if (!(error instanceof PowerLost)) this.deps.hooks.onInternalError?.(error);
    }
  }

  /** Runs one handler; undefined when power was lost meanwhile. */
  private async execute(command: ParsedCommand, ctx: DeviceContext): Promise<CommandResult | undefined> {
    const entry = this.deps.table.get(command.name);
    if (!entry) return UNKNOWN;
    const handler = entry[command.form];
    if (!handler) return command.name.startsWith('+Q') ? UNKNOWN : FORM_NOT_SUPPORTED;
    try {
      return await handler(command, ctx);
    } catch (error) {
      if (error instanceof PowerLost) return undefined;
      if (error instanceof ParamError) return { final: error.result };
      this.deps.hooks.onInternalError?.(error);
      return UNKNOWN;
    }
  }
}
