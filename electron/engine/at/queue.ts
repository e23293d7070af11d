/**
 * One command at a time: a FIFO of jobs. A queued job whose AbortSignal fires leaves the queue
 * without ever being sent; `rejectAll` empties the queue when the port is lost or the client stops.
 */
import { AtAbortedError, type AtError } from './errors.ts';

/**
 * One queued command. A class rather than closures per command: the queue is on every command's
 * path, and a job costs one object (plus an abort listener only when the caller passed a signal).
 */
class Job {
  private onAbort: (() => void) | undefined;

  constructor(
    private readonly makeLabel: string | (() => string),
    private readonly signal: AbortSignal | undefined,
    private readonly work: () => Promise<unknown>,
    private readonly resolve: (value: unknown) => void,
    private readonly rejectPromise: (error: unknown) => void,
  ) {}

  get label(): string {
    return typeof this.makeLabel === 'string' ? this.makeLabel : this.makeLabel();
  }

  /** Leaves the queue (through `drop`) without ever running when the signal fires first. */
  listen(drop: (job: Job) => boolean): void {
    if (!this.signal) return;
    this.onAbort = () => {
      if (drop(this)) this.rejectPromise(new AtAbortedError(this.label));
    };
    this.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  run(): Promise<void> {
    this.unlisten();
    let pending: Promise<unknown>;
    try {
      pending = this.work();
    } catch (error) {
      this.rejectPromise(error);
      return Promise.resolve();
    }
    return pending.then(this.resolve, this.rejectPromise);
  }

  reject(error: AtError): void {
    this.unlisten();
    this.rejectPromise(error);
  }

  private unlisten(): void {
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
    this.onAbort = undefined;
  }
}

export class CommandQueue {
  private readonly jobs: Job[] = [];
  private running = false;

  /** `label` names the job in errors; a function is called only when an error is made. */
  enqueue<T>(label: string | (() => string), signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(new AtAbortedError(typeof label === 'string' ? label : label()));
    return new Promise<T>((resolve, reject) => {
      const job = new Job(label, signal, work, resolve as (value: unknown) => void, reject);
      job.listen(this.drop);
      this.jobs.push(job);
      if (!this.running) void this.pump();
    });
  }

  /** Rejects every job that has not started yet. */
  rejectAll(makeError: (label: string) => AtError): void {
    for (const job of this.jobs.splice(0)) job.reject(makeError(job.label));
  }

  /** Removes a job that has not started; false when it is already running (the exchange handles the abort). */
  private readonly drop = (job: Job): boolean => {
    const index = this.jobs.indexOf(job);
    if (index < 0) return false;
    this.jobs.splice(index, 1);
    return true;
  };

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.jobs.shift(); job; job = this.jobs.shift()) await job.run();
    } finally {
      this.running = false;
    }
  }
}

/** Resolves after `ms` (or at once when `signal` aborts; the caller checks the signal). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
