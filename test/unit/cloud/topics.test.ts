import { describe, expect, it } from 'vitest';
import { deviceMay, deviceTopic, liveViewFilters, parseDeviceTopic } from '../../../electron/cloud/topics.ts';

const ME = 'TMS2_867969066452788';
const OTHER = 'TMS2_111111111111111';

describe('device topic rules', () => {
  it.each([
    ['publish', `DDTM/UP/${ME}`, true],
    ['publish', `DDTM/LWT/${ME}`, true],
    ['publish', `DDTM/RPC/${ME}`, false],
    ['publish', `DDTM/UP/${OTHER}`, false],
    ['publish', 'DDTM/UP/#', false],
    ['subscribe', `DDTM/RPC/${ME}`, true],
    ['subscribe', `DDTM/RPC/${OTHER}`, false],
    ['subscribe', 'DDTM/RPC/+', false],
    ['subscribe', 'DDTM/#', false],
    ['subscribe', `DDTM/UP/${ME}`, false],
  ] as const)('%s on %s → %s', (action, topic, allowed) => {
    expect(deviceMay('DDTM', ME, action, topic)).toBe(allowed);
  });

  it('builds and parses device topics under a configurable root', () => {
    expect(deviceTopic('FLEET', 'LWT', ME)).toBe(`FLEET/LWT/${ME}`);
    expect(parseDeviceTopic('FLEET', `FLEET/RPC/${ME}`)).toEqual({ channel: 'RPC', deviceId: ME });
    expect(parseDeviceTopic('DDTM', `FLEET/RPC/${ME}`)).toBeNull();
    expect(parseDeviceTopic('DDTM', `DDTM/XX/${ME}`)).toBeNull();
    expect(parseDeviceTopic('DDTM', `DDTM/UP/${ME}/extra`)).toBeNull();
    expect(liveViewFilters('DDTM')).toEqual(['DDTM/UP/#', 'DDTM/LWT/#', 'DDTM/RPC/#']);
  });
});
