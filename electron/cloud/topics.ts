/**
 * The device topics and who may do what on them, as data. Both broker backends derive their
 * rules from this table (Aedes authorizers, Mosquitto acl_file), so they cannot drift apart.
 */
export const DEFAULT_TOPIC_ROOT = 'DDTM';

export type TopicChannel = 'UP' | 'LWT' | 'RPC';

export interface ChannelRule {
  channel: TopicChannel;
  /** What the device itself may do on its own topic of this channel. */
  device: 'publish' | 'subscribe';
}

export const DEVICE_TOPIC_RULES: readonly ChannelRule[] = [
  { channel: 'UP', device: 'publish' },
  { channel: 'LWT', device: 'publish' },
  { channel: 'RPC', device: 'subscribe' },
];

export const TOPIC_CHANNELS: readonly TopicChannel[] = DEVICE_TOPIC_RULES.map((rule) => rule.channel);

export function deviceTopic(root: string, channel: TopicChannel, deviceId: string): string {
  return `${root}/${channel}/${deviceId}`;
}

/** The live view filters: `<root>/UP/#`, `<root>/LWT/#`, `<root>/RPC/#`. */
export function liveViewFilters(root: string): string[] {
  return TOPIC_CHANNELS.map((channel) => `${root}/${channel}/#`);
}

/** Splits `<root>/<channel>/<deviceId>`; null for any other topic. */
export function parseDeviceTopic(root: string, topic: string): { channel: TopicChannel; deviceId: string } | null {
  const parts = topic.split('/');
  if (parts.length !== 3 || parts[0] !== root) return null;
  const channel = TOPIC_CHANNELS.find((c) => c === parts[1]);
  const deviceId = parts[2];
  if (!channel || !deviceId) return null;
  return { channel, deviceId };
}

/** May `deviceId` do `action` on `topic`? Exact topics only (no wildcards for devices). */
export function deviceMay(root: string, deviceId: string, action: ChannelRule['device'], topic: string): boolean {
  return DEVICE_TOPIC_RULES.some((rule) => rule.device === action && deviceTopic(root, rule.channel, deviceId) === topic);
}
