/**
 * Waits for an event instead of polling: resolves with the first event (or the `count`-th) that
 * matches, looking first at the events already collected (`seen`), then at new ones as the source
 * emits them. The timeout is a safety net that names what was awaited, never a timing goal.
 *
 *   const events: RunnerEvent[] = [];
 *   runner.onEvent((e) => events.push(e));
 *   await waitForEvent(runner, (e) => e.type === 'step-started' && e.step === 'live-session', { seen: events });
 */

/** Anything that hands each event to a listener and returns an unsubscribe (SequenceRunner, the demo cloud's traffic…). */
export interface EventSource<E> {
  onEvent(listener: (event: E) => void): () => void;
}

export interface WaitForEventOptions<E> {
  /** Events collected before the wait started; they count too. */
  seen?: readonly E[];
  /** Resolve at the n-th matching event (default 1). */
  count?: number;
  /** Safety net (default 30 s). */
  timeoutMs?: number;
  /** Named in the timeout error. */
  what?: string;
}

export function waitForEvent<E, M extends E = E>(
  source: EventSource<E> | ((listener: (event: E) => void) => () => void),
  predicate: ((event: E) => event is M) | ((event: E) => boolean),
  options: WaitForEventOptions<E> = {},
): Promise<M> {
  const { seen = [], count = 1, timeoutMs = 30_000, what = 'a matching event' } = options;
  const subscribe = typeof source === 'function' ? source : (listener: (event: E) => void) => source.onEvent(listener);
  let matched = 0;
  for (const event of seen) {
    if (predicate(event) && ++matched === count) return Promise.resolve(event as M);
  }
  return new Promise<M>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${matched}/${count} seen)`));
    }, timeoutMs);
    const off = subscribe((event) => {
      if (!predicate(event) || ++matched < count) return;
      clearTimeout(timer);
      off();
      resolve(event as M);
    });
  });
}
