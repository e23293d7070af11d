/**
 * One power-on period of the module. Every timer and background task of the device belongs to a
 * cycle; a reboot or a pulled cable ends it, which cancels the timers and makes pending sleeps
 * reject with PowerLost, so nothing from before the reset leaks into the next boot.
 */
export class PowerLost extends Error {
  override readonly name = 'PowerLost';
  constructor() {
    super('the module lost power or rebooted');
  }
}

export class PowerCycle {
  private readonly controller = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();

  get alive(): boolean {
    return !this.controller.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs `fn` after `ms` unless the cycle ends first; returns a cancel (a timer no longer needed lets go of what it holds). */
  later(ms: number, fn: () => void): () => void {
    if (!this.alive) return () => undefined;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.alive) fn();
    }, ms);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Timers of this cycle still pending. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Runs `fn` every `ms` until the cycle ends. */
  every(ms: number, fn: () => void): void {
    if (!this.alive) return;
    const timer = setInterval(() => (this.alive ? fn() : clearInterval(timer)), ms);
    this.timers.add(timer);
  }

  /** Resolves after `ms`; rejects with PowerLost if the cycle ends first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.alive) return reject(new PowerLost());
      const onEnd = () => reject(new PowerLost());
      this.signal.addEventListener('abort', onEnd, { once: true });
      this.later(ms, () => {
        this.signal.removeEventListener('abort', onEnd);
        resolve();
      });
    });
  }

  /** Throws PowerLost when the cycle has ended (call after every await in long tasks). */
  check(): void {
    if (!this.alive) throw new PowerLost();
  }

  end(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.controller.abort();
  }
}
