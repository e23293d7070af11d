/**
 * AT traffic on its way to the run's events. Received byte chunks are merged until the next
 * decoded event (line, data, prompt, command), so a secret can never be split across two events
 * where redaction would miss its halves (K1); `hold()` keeps events back while a secret that is
 * still in flight cannot be registered yet (the server-info body carries the MQTT password).
 */
import type { TrafficEvent } from '../at/types.ts';

type BytesEvent = Extract<TrafficEvent, { kind: 'bytes' }>;

/** Merged received text is flushed beyond this size (bounded memory for long data modes). */
const MAX_MERGED_CHARS = 256 * 1024;

export class TrafficPipe {
  private pendingRx: BytesEvent | undefined;
  private held: TrafficEvent[] | undefined;
  private holds = 0;

  constructor(private readonly deliver: (event: TrafficEvent) => void) {}

  push(event: TrafficEvent): void {
    if (event.kind === 'bytes' && event.dir === 'rx') {
      this.mergeRx(event);
      return;
    }
    this.flushRx();
    this.out(event);
  }

  /** Keeps events back until every returned release has been called. */
  hold(): () => void {
    this.holds += 1;
    this.held ??= [];
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0) this.release();
    };
  }

  /** Delivers what is pending (end of a run). Held events stay held. */
  flush(): void {
    this.flushRx();
  }

  private mergeRx(event: BytesEvent): void {
    const pending = this.pendingRx;
    if (!pending) {
      this.pendingRx = { ...event };
    } else {
      pending.length += event.length;
      pending.text += event.text;
    }
    if ((this.pendingRx?.text.length ?? 0) > MAX_MERGED_CHARS) this.flushRx();
  }

  private flushRx(): void {
    const pending = this.pendingRx;
    this.pendingRx = undefined;
    if (pending) this.out(pending);
  }

  private out(event: TrafficEvent): void {
    if (this.held) this.held.push(event);
    else this.deliver(event);
  }

  private release(): void {
    this.flushRx();
    const events = this.held ?? [];
    this.held = undefined;
    for (const event of events) this.deliver(event);
  }
}
