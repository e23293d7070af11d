/**
 * URC routing by prefix (S5): subscribers (`'*'` = every URC) and one-shot waiters (deferred results,
 * `waitForUrc`). A waiter can be registered before its command is sent, so a URC that overtakes the
 * command's OK is not missed; its timer starts when the caller says so.
 */
import { AtAbortedError, AtTimeoutError, type AtError } from './errors.ts';

export type UrcHandler = (line: string) => void;

export interface UrcWaiter {
  readonly promise: Promise<string>;
  /** Starts (or restarts) the timeout; until then the waiter waits without limit. */
  startTimer(timeoutMs: number): void;
  /** Gives up with this error (the promise rejects). */
  fail(error: AtError): void;
}

interface WaiterEntry {
  label: string;
  match: (line: string) => boolean;
  resolve: (line: string) => void;
  fail: (error: AtError) => void;
}

export interface WaitOptions {
  /** Name used in errors: the command the URC belongs to, or `URC <prefix>`. */
  label: string;
  prefix: string;
  match: (line: string) => boolean;
  signal?: AbortSignal;
}

export class UrcRouter {
  private readonly handlers = new Set<{ prefix: string; handler: UrcHandler }>();
  private readonly waiters = new Set<WaiterEntry>();

  constructor(private readonly onHandlerError: (error: unknown) => void) {}

  on(prefix: string, handler: UrcHandler): () => void {
    const entry = { prefix, handler };
    this.handlers.add(entry);
    return () => this.handlers.delete(entry);
  }

  /** Delivers one URC line to matching subscribers and waiters. */
  dispatch(line: string): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.match(line)) waiter.resolve(line);
    }
    for (const { prefix, handler } of [...this.handlers]) {
      if (prefix !== '*' && !line.startsWith(prefix)) continue;
      try {
        handler(line);
      } catch (error) {
        this.onHandlerError(error);
      }
    }
  }

  wait(options: WaitOptions): UrcWaiter {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let entry!: WaiterEntry;
    const onAbort = () => entry.fail(new AtAbortedError(options.label));
    const promise = new Promise<string>((resolve, reject) => {
      const settle = () => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(entry);
      };
      entry = {
        label: options.label,
        match: (line) => line.startsWith(options.prefix) && options.match(line),
        resolve: (line) => {
          settle();
          resolve(line);
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      };
    });
    promise.catch(() => undefined); // the caller observes it; never an unhandled rejection
    this.waiters.add(entry);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    return {
      promise,
      startTimer: (timeoutMs) => {
        if (!this.waiters.has(entry)) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => entry.fail(new AtTimeoutError(options.label, 'deferred', timeoutMs, [], options.prefix)), timeoutMs);
      },
      fail: (error) => entry.fail(error),
    };
  }

  /** Rejects every pending waiter (port closed, client disposed). */
  failAll(makeError: (label: string) => AtError): void {
    for (const waiter of [...this.waiters]) waiter.fail(makeError(waiter.label));
  }

  clear(): void {
    this.handlers.clear();
  }
}
