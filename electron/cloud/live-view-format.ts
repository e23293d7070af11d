/** One printable line per live-view message (CLI); control characters are shown escaped. */
import type { CloudTrafficEvent } from './traffic.ts';

export function formatTrafficLine(event: CloudTrafficEvent): string {
  const time = new Date(event.time);
  const clock = [time.getHours(), time.getMinutes(), time.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  const millis = String(time.getMilliseconds()).padStart(3, '0');
  return `${clock}.${millis}  ${event.channel.padEnd(3)}  ${event.topic}  ${printable(event.payload)}`;
}

export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
