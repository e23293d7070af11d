/**
 * One command at a time: a FIFO of jobs. A queued job whose AbortSignal fires leaves the queue
 * without ever being sent; `rejectAll` empties the queue when the port is lost or the client stops.
 */
import { AtAbortedError, type AtError } from './errors.ts';

interface Job {
  label: string;
  run: () => Promise<void>;
  reject: (error: AtError) => void;
}

export class CommandQueue {
  private readonly jobs: Job[] = [];
  private running = false;

  enqueue<T>(label: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(new AtAbortedError(label));
      const onAbort = () => {
        const index = this.jobs.indexOf(job);
        if (index < 0) return; // already running: the exchange handles the abort
        this.jobs.splice(index, 1);
        reject(new AtAbortedError(label));
      };
      const job: Job = {
        label,
        run: async () => {
          signal?.removeEventListener('abort', onAbort);
          try {
            resolve(await work());
          } catch (error) {
            reject(error);
          }
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.jobs.push(job);
      void this.pump();
    });
  }

  /** Rejects every job that has not started yet. */
  rejectAll(makeError: (label: string) => AtError): void {
    for (const job of this.jobs.splice(0)) job.reject(makeError(job.label));
  }

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
