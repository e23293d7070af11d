/**
 * Collects back-end events and applies them once per animation frame: a burst of thousands of
 * AT lines costs one state update and one React render, not thousands.
 */
import type { IpcEvent } from '../../shared/ipc.ts';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from './app-state.ts';
import { routeEvent } from './event-router.ts';
import type { LogSink } from './event-router.ts';
import type { LogBuffer } from '../features/at-log/log-buffer.ts';
import type { LogView } from '../features/at-log/log-view.ts';
import { trafficToLine } from '../features/at-log/line-kinds.ts';

/** Calls `flush` soon, once; returns a cancel function. */
export type FrameScheduler = (flush: () => void) => () => void;

export const animationFrameScheduler: FrameScheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(() => flush());
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(flush, 16);
  return () => clearTimeout(id);
};

export class EventPump {
  private queue: IpcEvent[] = [];
  private cancel: (() => void) | null = null;
  private readonly sink: LogSink;

  constructor(
    private readonly store: StoreApi<AppState>,
    private readonly log: { buffer: LogBuffer; view: LogView },
    private readonly schedule: FrameScheduler = animationFrameScheduler,
  ) {
    this.sink = {
      traffic: (event) => {
        const line = trafficToLine(event);
        log.buffer.append(line.t, line.kind, line.text);
      },
      clear: () => log.buffer.clear(),
    };
  }

  push(event: IpcEvent): void {
    this.queue.push(event);
    this.cancel ??= this.schedule(() => this.flush());
  }

  /** Applies every queued event now (also used for session replay and by tests). */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const before = this.log.buffer.endSeq;
    const generation = this.log.buffer.generation;
    let state = this.store.getState();
    for (const event of batch) state = routeEvent(state, event, this.sink);
    if (this.log.buffer.endSeq !== before || this.log.buffer.generation !== generation) {
      this.log.view.sync();
      state = { ...state, log: { ...state.log, revision: state.log.revision + 1 } };
    }
    if (state !== this.store.getState()) this.store.setState(state, true);
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = null;
    this.queue = [];
  }
}
