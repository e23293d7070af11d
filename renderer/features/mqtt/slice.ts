/** MQTT session as seen through runner events: the state timeline and the messages both ways. */
import type { MqttMessage, MqttStateEvent, RunnerEvent } from '../../../shared/events.ts';

/** Messages kept for display (older ones are in the session log). */
export const MQTT_MESSAGE_LIMIT = 500;

export type PublishStatus = 'idle' | 'sending' | 'sent' | 'failed';

export interface MqttViewState {
  timeline: MqttStateEvent[];
  messages: MqttMessage[];
  publish: { status: PublishStatus; error: string | null };
}

export const initialMqtt: MqttViewState = { timeline: [], messages: [], publish: { status: 'idle', error: null } };

export function reduceMqtt(state: MqttViewState, event: RunnerEvent): MqttViewState {
  if (event.type === 'mqtt-state') return { ...state, timeline: [...state.timeline, event] };
  if (event.type === 'mqtt-message') {
    const messages = [...state.messages, event];
    return { ...state, messages: messages.length > MQTT_MESSAGE_LIMIT ? messages.slice(-MQTT_MESSAGE_LIMIT) : messages };
  }
  return state;
}
