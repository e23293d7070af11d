/**
 * The device's MQTT session as the runner sees it: its state (emitted as mqtt-state events),
 * RPC messages arriving as +QMTRECV (mqtt-message events), +QMTSTAT (M2: the module closed the
 * client), publishing and a clean disconnect. Lives across steps: mqtt-connect opens it,
 * live-session watches it, cancel() and disconnect() close it.
 */
import type { MqttState, RunnerEventBody } from '../../../shared/events.ts';
import { mqttClose, mqttDisconnect, mqttPublish } from '../quectel/mqtt.ts';
import { onMqttMessage, onMqttStatus } from '../quectel/mqtt-urcs.ts';
import { parsePdpDeactivated } from '../quectel/network.ts';
import type { AtRunner } from '../quectel/runner.ts';
import type { MqttTopics } from './context.ts';
import type { DeviceLink } from './device-link.ts';
import { formatMessage, ref, type MessageRef } from '../../../shared/messages/index.ts';

export const MQTT_CLIENT_INDEX = 0;

/** Why the session was lost: a +QMTSTAT code (M2), or the PDP context under it went away (M6). */
export interface SessionLost {
  /** The +QMTSTAT error code; undefined when the loss came from `+QIURC: "pdpdeact"`. */
  code: number | undefined;
  /** English words for the mqtt-state detail (session log). */
  reason: string;
  /** The same, as catalogue words for the progress line (rendered in the reader's language). */
  words: MessageRef;
}

export class MqttSession {
  state: MqttState | 'idle' = 'idle';
  /** Why the session was last lost (cleared when it is up again). */
  lostReason: string | undefined;
  /** The same as catalogue words (for the reconnect progress line). */
  lostWords: MessageRef | undefined;
  topics: MqttTopics | undefined;
  qos: 0 | 1 | 2 = 1;
  private msgId = 0;
  private detach: Array<() => void> = [];
  private readonly lostListeners = new Set<(event: SessionLost) => void>();
  /** The PDP context the client runs on (set by watch). */
  private pdpCid: number | undefined;
  private endRequested: (() => void) | undefined;
  private endPromise: Promise<void> | undefined;

  constructor(
    private readonly link: DeviceLink,
    private readonly emit: (body: RunnerEventBody) => void,
  ) {}

  /** True while the broker session is up (connected, subscribed or published). */
  get isUp(): boolean {
    return this.state === 'connected' || this.state === 'subscribed' || this.state === 'published';
  }

  /** True while the module may hold an open client (anything after opening, before closed/lost). */
  get isOpen(): boolean {
    return this.state === 'open' || this.state === 'opening' || this.isUp;
  }

  /** Starts watching +QMTRECV, +QMTSTAT and the PDP context's `+QIURC: "pdpdeact"` (idempotent). */
  watch(topics: MqttTopics, qos: 0 | 1 | 2, pdpCid?: number): void {
    this.topics = topics;
    this.qos = qos;
    if (pdpCid !== undefined) this.pdpCid = pdpCid;
    if (this.detach.length > 0) return;
    const urcs = { onUrc: (prefix: string, handler: (line: string) => void) => this.link.onUrc(prefix, handler) };
    this.detach = [
      onMqttMessage(urcs, (event) => {
        if (event.kind === 'message' && event.clientIdx === MQTT_CLIENT_INDEX) {
          this.emit({ type: 'mqtt-message', topic: event.topic, payload: event.payload, direction: 'in' });
        }
      }),
      onMqttStatus(urcs, (event) => {
        if (event.clientIdx !== MQTT_CLIENT_INDEX) return;
        if (event.normal) this.setState('closed', event.meaning, event.code);
        else this.lose({ code: event.code, reason: `${event.meaning} — ${event.hint}`, words: ref('mqttLost.qmtstat', { meaning: ref(event.meaningKey, event.values), hint: ref(event.hintKey, event.values) }) }, event.code);
      }),
      this.link.onUrc('+QIURC:', (line) => {
        const cid = safely(() => parsePdpDeactivated(line));
        if (cid === undefined || cid !== this.pdpCid || !this.isOpen) return;
        const words = ref('mqttLost.pdpDeactivated', { cid });
        this.lose({ code: undefined, reason: formatMessage('en', words.key, words.values), words });
      }),
    ];
  }

  /** `words`: why a lost session was lost, in catalogue words (the reconnect progress line). */
  setState(state: MqttState, detail?: string, qmtstat?: number, words?: MessageRef): void {
    this.state = state;
    this.lostReason = state === 'lost' ? (detail ?? 'the session was lost') : this.isUp ? undefined : this.lostReason;
    this.lostWords = state === 'lost' ? (words ?? ref('mqttLost.unknown')) : this.isUp ? undefined : this.lostWords;
    this.emit({ type: 'mqtt-state', state, ...(detail ? { detail } : {}), ...(qmtstat === undefined ? {} : { qmtstat }) });
  }

  /** 0 for QoS 0, else 1…65535 cycling. */
  nextMsgId(qos: 0 | 1 | 2 = this.qos): number {
    if (qos === 0) return 0;
    this.msgId = (this.msgId % 65_535) + 1;
    return this.msgId;
  }

  /** Publishes and reports the message as an outgoing mqtt-message once the module confirms it. */
  async publish(at: AtRunner, topic: string, payload: string): Promise<void> {
    await mqttPublish(at, MQTT_CLIENT_INDEX, { msgId: this.nextMsgId(), qos: this.qos, retain: false, topic, payload });
    this.emit({ type: 'mqtt-message', topic, payload, direction: 'out' });
  }

  /** Clean close (M5: no will): QMTDISC, and QMTCLOSE when the DISCONNECT failed. Never rejects. */
  async disconnect(at: AtRunner): Promise<void> {
    if (!this.isOpen) return;
    try {
      await mqttDisconnect(at, MQTT_CLIENT_INDEX);
    } catch {
      await mqttClose(at, MQTT_CLIENT_INDEX).catch(() => undefined);
    }
    this.setState('closed', 'disconnected cleanly (AT+QMTDISC)');
  }

  /** Subscribes to the session being lost (+QMTSTAT other than 5, or its PDP context deactivated). */
  onLost(listener: (event: SessionLost) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Resolves when requestEnd() is called (the live session's "disconnect" button). */
  untilEndRequested(): Promise<void> {
    this.endPromise ??= new Promise<void>((resolve) => {
      this.endRequested = resolve;
    });
    return this.endPromise;
  }

  requestEnd(): void {
    this.untilEndRequested().catch(() => undefined);
    this.endRequested?.();
  }

  /** Forgets a pending end request (a resumed live session waits afresh). */
  resetEnd(): void {
    this.endPromise = undefined;
    this.endRequested = undefined;
  }

  dispose(): void {
    for (const off of this.detach.splice(0)) off();
    this.lostListeners.clear();
  }

  /**
   * Any close the host did not ask for (M6): the state is cleared at once, so nothing reads a stale
   * "connected" (publishTest refuses, the next connect does not QMTDISC a dead client), then the
   * listeners (the live session's reconnect) are told.
   */
  private lose(event: SessionLost, qmtstat?: number): void {
    this.setState('lost', event.reason, qmtstat, event.words);
    for (const listener of [...this.lostListeners]) listener(event);
  }
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
