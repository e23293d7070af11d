/**
 * How an incoming PUBLISH is shown (docs/at-behaviour.md#mqtt-urcs, docs/uncertain-behaviour.md#qmtrecv-formats):
 * recv/mode 0 → `+QMTRECV: <idx>,<msgId>,"<topic>"[,<len>],"<payload>"` (payload raw, unescaped);
 * recv/mode 1 → stored in one of five slots, `+QMTRECV: <idx>,<recv_id>`, read with
 * AT+QMTRECV=<idx>,<recv_id>.
 */
import type { MqttConfig } from './mqtt-config.ts';

export interface ReceivedMessage {
  msgId: number;
  topic: string;
  payload: Buffer;
}

export const RECV_BUFFER_SLOTS = 5;

/** The URC / read answer carrying the message itself (latin1, so payload bytes pass unchanged). */
export function formatRecv(index: number, message: ReceivedMessage, config: MqttConfig): string {
  const payload = message.payload.toString('latin1');
  const length = config.recv.lengthEnabled === 1 ? `,${message.payload.length}` : '';
  const topic = Buffer.from(message.topic, 'utf8').toString('latin1');
  return `+QMTRECV: ${index},${message.msgId},"${topic}"${length},"${payload}"`;
}

/** recv/mode 1 storage: five slots, a message is dropped when all are full. */
export class RecvBuffer {
  private readonly slots: Array<ReceivedMessage | undefined> = Array.from({ length: RECV_BUFFER_SLOTS }, () => undefined);

  /** Stores a message; returns its recv_id or undefined when full. */
  store(message: ReceivedMessage): number | undefined {
    const free = this.slots.findIndex((slot) => slot === undefined);
    if (free < 0) return undefined;
    this.slots[free] = message;
    return free;
  }

  take(recvId: number): ReceivedMessage | undefined {
    const message = this.slots[recvId];
    this.slots[recvId] = undefined;
    return message;
  }

  /** 1 per occupied slot, as `AT+QMTRECV?` prints them. */
  occupancy(): number[] {
    return this.slots.map((slot) => (slot ? 1 : 0));
  }
}
