/**
 * The event stream of one run: stamps and redacts each event once, writes it to session.jsonl,
 * hands it to the listeners, and keeps the non-traffic events the report is built from. The one
 * place a run's events live in the engine (listeners get the same object, never a copy).
 */
import type { RunnerEvent, RunnerEventBody } from '../../../shared/events.ts';
import { stampEvent } from '../../../shared/events.ts';
import type { Redactor } from '../session/redaction.ts';
import { openSessionLog, type SessionLog } from '../session/session-log.ts';

export class RunEvents {
  readonly #listeners = new Set<(event: RunnerEvent) => void>();
  /** Every event except AT traffic (the report's input). */
  readonly #kept: RunnerEvent[] = [];
  #log: SessionLog | undefined;
  /** Events emitted before the log file is open (run-started, the first run-state): written on open. */
  #unwritten: RunnerEvent[] | undefined = [];
  #logError: string | undefined;

  constructor(private readonly redactor: Redactor) {}

  /** Every event except AT traffic, in order. */
  get kept(): readonly RunnerEvent[] {
    return this.#kept;
  }

  /** Set when an event could not be written to the session log (or the log failed to close). */
  get logError(): string | undefined {
    return this.#logError;
  }

  get logOpen(): boolean {
    return this.#log !== undefined;
  }

  /** `append`: a run resumed from its folder adds to the session.jsonl it already has. */
  async openLog(outDir: string, runId: string, options: { append?: boolean } = {}): Promise<void> {
    this.#log ??= await openSessionLog({ outDir, runId, redactor: this.redactor, append: options.append ?? false });
    const unwritten = this.#unwritten ?? [];
    this.#unwritten = undefined;
    for (const event of unwritten) this.#write(event);
  }

  async closeLog(): Promise<void> {
    await this.#log?.close().catch((error: unknown) => {
      this.#logError ??= error instanceof Error ? error.message : String(error);
    });
  }

  #write(event: RunnerEvent): void {
    try {
      this.#log?.writeRedacted(event, this.redactor);
    } catch (error) {
      this.#logError ??= error instanceof Error ? error.message : String(error);
    }
  }

  /** The events of a run read back from its folder: kept for the report, not written or sent again. */
  restore(events: readonly RunnerEvent[]): void {
    for (const event of events) if (event.type !== 'at-traffic') this.#kept.push(event);
  }

  subscribe(listener: (event: RunnerEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(body: RunnerEventBody): void {
    const event = this.redactor.redactEvent(stampEvent(body));
    if (event.type !== 'at-traffic') this.#kept.push(event);
    if (this.#unwritten) this.#unwritten.push(event);
    else this.#write(event);
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // a listener's bug must not stop the run
      }
    }
  }
}
