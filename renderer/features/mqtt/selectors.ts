import type { MqttMessage, MqttState } from '../../../shared/events.ts';
import type { AppState } from '../../store/app-state.ts';

export const selectMqttTimeline = (s: AppState) => s.mqtt.timeline;
export const selectMqttMessages = (s: AppState) => s.mqtt.messages;
export const selectPublish = (s: AppState) => s.mqtt.publish;

export const selectMqttState = (s: AppState): MqttState | null => s.mqtt.timeline.at(-1)?.state ?? null;

/** JSON `pt` of a payload ('INIT', 'LWT', ...), or null when it is not our JSON envelope. */
export function payloadType(payload: string): string | null {
  const parsed = parseJson(payload);
  if (parsed === null || typeof parsed !== 'object' || !('pt' in parsed)) return null;
  return typeof parsed.pt === 'string' ? parsed.pt : null;
}

/** The INIT message the device published (the last one, after a reconnect). */
export function findInit(messages: readonly MqttMessage[]): MqttMessage | null {
  return messages.findLast((m) => m.direction === 'out' && payloadType(m.payload) === 'INIT') ?? null;
}

export const incoming = (messages: readonly MqttMessage[]) => messages.filter((m) => m.direction === 'in');
export const outgoing = (messages: readonly MqttMessage[]) => messages.filter((m) => m.direction === 'out');

/** Pretty JSON when the payload is JSON, else the payload as received. Always plain text. */
export function prettyPayload(payload: string): string {
  const parsed = parseJson(payload);
  return parsed === undefined ? payload : JSON.stringify(parsed, null, 2);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
