/**
 * Serial pacing: bytes leave at most at the line rate of an 8N1 UART (10 bits per byte, so
 * 115200 baud ≈ 11.52 kB/s), delivered in small timed chunks. The budget is counted from the start
 * of a busy period, so late timers never lower the throughput below the line rate.
 * `bytesPerSecond` undefined = no pacing (`fast`): bytes pass through at once.
 */
const TICK_MS = 4;
const BITS_PER_BYTE = 10;

export function bytesPerSecondOf(baud: number): number {
  return baud / BITS_PER_BYTE;
}

export class SerialPacer {
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The first chunk of a busy period waits for the rest of this turn (see push). */
  private starting: NodeJS.Immediate | undefined;
  private busySince = 0;
  private sent = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly bytesPerSecond: number | undefined,
    private readonly sink: (chunk: Buffer) => void,
  ) {}

  get pending(): number {
    return this.queued;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.bytesPerSecond === undefined) {
      this.sink(chunk);
      return;
    }
    this.queue.push(chunk);
    this.queued += chunk.length;
    if (!this.timer && !this.starting) {
      this.busySince = performance.now();
      this.sent = 0;
      // An answer is written in pieces (information lines, then the result) in one turn of the
      // event loop: they leave together, as one chunk, as a UART's FIFO would send them, instead
      // of the first piece alone and the rest a tick later (two writes and two reads a response).
      this.starting = setImmediate(() => {
        this.starting = undefined;
        this.tick();
      });
    }
  }

  /** Drops everything not yet sent (cable pulled, power lost). */
  clear(): void {
    this.queue.length = 0;
    this.queued = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.starting) clearImmediate(this.starting);
    this.starting = undefined;
    this.settleIdle();
  }

  /** Resolves when every queued byte has been delivered. */
  whenIdle(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private tick(): void {
    this.timer = undefined;
    const rate = this.bytesPerSecond ?? Infinity;
    const burst = Math.max(1, Math.ceil((rate * TICK_MS) / 1000));
    const budget = Math.floor(((performance.now() - this.busySince) * rate) / 1000) + burst - this.sent;
    if (budget > 0) this.deliver(Math.min(budget, this.queued));
    if (this.queued > 0) this.timer = setTimeout(() => this.tick(), TICK_MS);
    else this.settleIdle();
  }

  private deliver(count: number): void {
    const parts: Buffer[] = [];
    let left = count;
    while (left > 0) {
      const head = this.queue[0];
      if (!head) break;
      if (head.length <= left) {
        parts.push(head);
        this.queue.shift();
        left -= head.length;
      } else {
        parts.push(head.subarray(0, left));
        this.queue[0] = head.subarray(left);
        left = 0;
      }
    }
    const chunk = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    this.queued -= chunk.length;
    this.sent += chunk.length;
    this.sink(chunk);
  }

  private settleIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
