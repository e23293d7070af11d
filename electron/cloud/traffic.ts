/**
 * The live view: every message on `<root>/UP/#`, `<root>/LWT/#` and `<root>/RPC/#`, as the broker
 * saw it. Both broker backends feed one TrafficHub; the CLI prints it, tests wait on it.
 */
import { parseDeviceTopic } from './topics.ts';
import type { TopicChannel } from './topics.ts';

export interface CloudTrafficEvent {
  /** Unix ms when the cloud saw the message. */
  time: number;
  topic: string;
  channel: TopicChannel;
  deviceId: string;
  /** The payload as UTF-8 text. */
  payload: string;
}

export type TrafficListener = (event: CloudTrafficEvent) => void;

export class TrafficHub {
  private readonly listeners = new Set<TrafficListener>();

  constructor(private readonly topicRoot: string) {}

  /** Subscribes; returns the unsubscribe function. */
  on(listener: TrafficListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feeds one broker message; messages outside the device topics are ignored. */
  record(topic: string, payload: Uint8Array | string): void {
    const parsed = parseDeviceTopic(this.topicRoot, topic);
    if (!parsed) return;
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    const event: CloudTrafficEvent = { time: Date.now(), topic, ...parsed, payload: text };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener must not break the broker or the other listeners.
      }
    }
  }
}
