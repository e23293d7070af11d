import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../../electron/cloud/cloud.ts';
import type { DemoCloudOptions } from '../../../electron/cloud/cloud.ts';
import { CloudError } from '../../../electron/cloud/errors.ts';

describe('startDemoCloud options', () => {
  it.each([
    [{ topicRoot: 'DDTM/#' }, /topicRoot/],
    [{ topicRoot: '' }, /topicRoot/],
    [{ keepalive: 3601 }, /keepalive/],
    [{ keepalive: 1.5 }, /keepalive/],
    [{ rollInfo: { roll: 200, pitch: 0 } }, /rollInfo/],
  ] satisfies Array<[DemoCloudOptions, RegExp]>)('rejects %o', async (options, message) => {
    const error = await startDemoCloud({ ephemeral: true, ...options }).then(
      async (cloud) => {
        await cloud.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CloudError);
    expect((error as CloudError).kind).toBe('bad-request');
    expect((error as CloudError).message).toMatch(message);
  });
});
