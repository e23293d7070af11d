import { describe, expect, it } from 'vitest';
import { formatTrafficLine, printable } from '../../../electron/cloud/live-view-format.ts';

describe('live view line', () => {
  it('shows time, channel, topic and payload on one line', () => {
    const time = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();
    const line = formatTrafficLine({ time, topic: 'DDTM/UP/TMS2_1', channel: 'UP', deviceId: 'TMS2_1', payload: '{"pt":"INIT"}' });
    expect(line).toBe('03:04:05.067  UP   DDTM/UP/TMS2_1  {"pt":"INIT"}');
  });

  it('escapes control characters so a payload cannot break or recolour the terminal', () => {
    expect(printable('a\nb\r\x1b[31mc\x00')).toBe('a\\nb\\r\\x1b[31mc\\x00');
  });
});
