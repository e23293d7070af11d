/**
 * Lines for a log file, written in batches: every line pushed within `delayMs` (or until
 * `maxChars` are waiting) goes to the sink in one write. A run emits many small events (each AT
 * line is one); one write call each cost a system call and a thread-pool round trip per line, which
 * with dozens of runs in one process (station mode) was a large share of the host's CPU. Order is
 * kept; `flush()` writes what waits at once (before a close).
 */
export interface LineBatchOptions {
  /** Longest a pushed line waits before it is written. */
  delayMs?: number;
  /** Waiting text that is written at once, whatever the delay. */
  maxChars?: number;
}

export const LINE_BATCH_DEFAULTS = { delayMs: 100, maxChars: 64 * 1024 } as const;

export class LineBatch {
  #parts: string[] = [];
  #chars = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #delayMs: number;
  readonly #maxChars: number;

  constructor(
    private readonly sink: (text: string) => void,
    options: LineBatchOptions = {},
  ) {
    this.#delayMs = options.delayMs ?? LINE_BATCH_DEFAULTS.delayMs;
    this.#maxChars = options.maxChars ?? LINE_BATCH_DEFAULTS.maxChars;
  }

  /** Characters waiting to be written. */
  get pending(): number {
    return this.#chars;
  }

  push(line: string): void {
    this.#parts.push(line);
    this.#chars += line.length;
    if (this.#chars >= this.#maxChars) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#delayMs);
  }

  /** Writes everything waiting now, in one call. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#parts.length === 0) return;
    const text = this.#parts.length === 1 ? (this.#parts[0] ?? '') : this.#parts.join('');
    this.#parts = [];
    this.#chars = 0;
    this.sink(text);
  }
}
