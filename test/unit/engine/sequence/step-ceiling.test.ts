/**
 * The step time limit is a hard ceiling for the whole step, retries and backoff included (S10):
 * a server that never answers used to cost 3 × 80 s against a 120 s limit. Here the virtual
 * module's HTTP server never answers (`http-timeout`: +QHTTPGET: 702 after <rsptime>) and the
 * profile gives server-info a short limit with many retries; the recorded durations show the step
 * ended at its limit and the message says how long was waited and how many attempts were made.
 */
import { describe, expect, it } from 'vitest';
import { SimRig, eventsOf } from '../../../helpers/sim-rig.ts';
import { failureText } from '../../../../shared/messages/failure-text.ts';

const rig = SimRig.perFile();

describe('step time limit = ceiling for the whole step (S10)', () => {
  it('server-info against a server that never answers ends at steps.server-info.timeoutMs, not after every retry', async () => {
    const timeoutMs = 5000; // → 2 s module waits (httpWaitSeconds); 5 attempts would need > 10 s
    const { result, events } = await rig.run({ port: 'sim:http-timeout', profile: { steps: { 'server-info': { timeoutMs, retries: 4 } } } });
    expect(result.outcome).toBe('failed');
    expect(result.failure).toMatchObject({ step: 'server-info', code: 'STEP_TIMEOUT', category: 'network', command: 'AT+QHTTPGET', moduleSaid: '+QHTTPGET: 702' });

    const starts = eventsOf(events, 'step-started').filter((e) => e.step === 'server-info');
    const failed = eventsOf(events, 'step-failed').find((e) => e.step === 'server-info');
    if (!failed || starts.length === 0) throw new Error('server-info did not run');
    const firstStart = starts[0]?.t ?? 0;
    // The recorded step duration and the session's own timestamps: within the ceiling (+ the time to notice it).
    expect(failed.durationMs).toBeGreaterThanOrEqual(timeoutMs - 2500);
    expect(failed.durationMs).toBeLessThanOrEqual(timeoutMs + 1000);
    expect(failed.t - firstStart).toBeLessThanOrEqual(timeoutMs + 1000);
    // Fewer attempts than the profile allowed: the ceiling, not the retry count, ended the step.
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(starts.length).toBeLessThan(5);

    const meaning = result.failure?.meaning ?? '';
    const said = /^the step did not finish within 5000 ms \(waited (\d+) ms over (\d+) attempt\(s\)\); last failure: the HTTP server did not answer in time/.exec(meaning);
    expect(said, meaning).not.toBeNull();
    expect(Number(said?.[1])).toBe(failed.durationMs);
    expect(Number(said?.[2])).toBe(starts.length);
    expect(result.failure ? failureText(result.failure, 'ko').meaning : '').toContain(`${starts.length}회 시도`);
  }, 60_000);

  it('a limit that leaves room: every retry the profile allows still happens', async () => {
    const { result, events } = await rig.run({ port: 'sim:http-500', profile: { steps: { 'server-info': { timeoutMs: 60_000, retries: 2 } } } });
    expect(result.failure).toMatchObject({ step: 'server-info', code: 'HTTP_SERVER_ERROR' });
    expect(eventsOf(events, 'step-started').filter((e) => e.step === 'server-info')).toHaveLength(3);
  }, 60_000);
});
