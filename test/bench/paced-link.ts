/**
 * A receiving UART at a fixed baud rate in front of a fast link (a PTY pair is unpaced): bytes
 * reach the listeners no faster than `bytesPerSecond`, as a module at 115200 baud reads them.
 */
import type { Transport } from '../../electron/engine/transport/types.ts';

const TICK_MS = 5;

/** 8N1: 10 bits on the wire per byte. */
export function bytesPerSecondAt(baud: number): number {
  return baud / 10;
}

export function pacedReceiver(inner: Transport, bytesPerSecond: number): Transport {
  const listeners = new Set<(chunk: Buffer) => void>();
  const queue: Buffer[] = [];
  let queued = 0;
  let released = 0;
  let clockStart = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const release = () => {
    const due = Math.floor(((performance.now() - clockStart) / 1000) * bytesPerSecond) - released;
    let budget = Math.min(due, queued);
    const out: Buffer[] = [];
    while (budget > 0 && queue.length > 0) {
      const head = queue[0] as Buffer;
      const take = Math.min(budget, head.length);
      out.push(head.subarray(0, take));
      if (take === head.length) queue.shift();
      else queue[0] = head.subarray(take);
      budget -= take;
      queued -= take;
      released += take;
    }
    if (out.length > 0) for (const listener of [...listeners]) listener(Buffer.concat(out));
    if (queued === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  inner.onData((chunk) => {
    if (timer === undefined) {
      // The UART was idle: its clock starts with this byte.
      clockStart = performance.now();
      released = 0;
      timer = setInterval(release, TICK_MS);
    }
    queue.push(Buffer.from(chunk));
    queued += chunk.length;
  });

  return {
    get uri() {
      return inner.uri;
    },
    get isOpen() {
      return inner.isOpen;
    },
    open: () => inner.open(),
    write: (data) => inner.write(data),
    close: async () => {
      clearInterval(timer);
      await inner.close();
    },
    onData: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose: (listener) => inner.onClose(listener),
  };
}
