/**
 * RunRecorder with the real SQLite store, the virtual TMS2 and the demo cloud
 * (docs/results-store.md#recording, #duplicates): a passed run is on record; under
 * `duplicates: refuse` the same unit is refused right after identify (DUPLICATE_IMEI) with nothing
 * changed on it (no AT+QFUPL, AT+QSSLCFG or AT+TMSGCAL= in its session.jsonl), and the refusal is
 * on record too; `rework` lets it run again; a store that fails never loses the run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openResultsStore } from '../../../electron/store/open.ts';
import { RunRecorder } from '../../../electron/store/run-recorder.ts';
import type { RecordMeta } from '../../../electron/store/run-record-builder.ts';
import type { ResultsStore } from '../../../electron/store/types.ts';
import type { ProfileInput } from '../../../shared/profile.ts';
import { failureText } from '../../../shared/messages/failure-text.ts';
import { SimRig, eventsOf } from '../../helpers/sim-rig.ts';
import type { RunnerEvent } from '../../../shared/events.ts';

const rig = SimRig.perFile();
let temp: string;

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'fl-recorder-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** One run on the rig's `sim:` device with the demo profile and these overrides, recorded from run-started on. */
async function recordedRun(store: ResultsStore, profile: Partial<ProfileInput>) {
  const meta: RecordMeta = { kind: 'run', host: 'test-host', appVersion: '0.0.0-test', profile: rig.profile(profile), port: 'sim:', runDir: '' };
  const recorder = new RunRecorder(store, meta);
  const runner = rig.runner({ fotaPolicy: 'never', profile, checkUnit: recorder.checkUnit });
  recorder.attach(runner);
  const events: RunnerEvent[] = [];
  runner.onEvent((event) => events.push(event));
  const result = await runner.start();
  await recorder.settle();
  await runner.close();
  return { result, events, recorder, runId: runner.runId };
}

describe('RunRecorder', () => {
  it('duplicates: refuse — a unit that passed is refused after identify, before anything changes on it; rework runs it again', { timeout: 120_000 }, async () => {
    const store = await openResultsStore({ url: `sqlite:${join(temp, 'dup.sqlite')}` });
    try {
      const run = async (profile: Partial<ProfileInput>) => {
        const out = await recordedRun(store, profile);
        return { ...out, record: await store.get(out.runId) };
      };
      const first = await run({ duplicates: 'refuse' });
      expect(first.result.outcome).toBe('passed');
      expect(first.record).toMatchObject({ outcome: 'passed', failureCode: null });
      const imei = first.record?.imei;

      const second = await run({ duplicates: 'refuse' });
      expect(second.result.failure).toMatchObject({ step: 'identify', code: 'DUPLICATE_IMEI', category: 'user' });
      expect(second.result.exitCategory).toBe('failed');
      expect(second.result.failure && failureText(second.result.failure, 'en').meaning).toContain(`unit ${imei} already passed (passed in run ${first.result.runId})`);
      const log = await readFile(second.result.files.log, 'utf8');
      expect(log).toContain('"type":"device-identified"');
      for (const command of ['AT+QFUPL', 'AT+QSSLCFG', 'AT+TMSGCAL=', 'AT+QHTTPURL']) expect(log).not.toContain(command);
      expect(eventsOf(second.events, 'step-started').map((e) => e.step)).toEqual(['identify']);
      expect(second.record).toMatchObject({ outcome: 'failed', failureCode: 'DUPLICATE_IMEI', failureStep: 'identify', imei });

      const third = await run({ duplicates: 'rework' });
      expect(third.result.outcome).toBe('passed');
      expect(third.record).toMatchObject({ outcome: 'passed', rework: true });
      expect((await store.history(imei ?? '')).map((r) => r.outcome)).toEqual(['passed', 'failed', 'passed']);
    } finally {
      await store.close();
    }
  });

  it('a store that fails (closed under the run) never loses the run: it passes, with a RESULTS_STORE warning in its log', { timeout: 60_000 }, async () => {
    const store = await openResultsStore({ url: `sqlite:${join(temp, 'closed.sqlite')}` });
    await store.close();
    const { result, events, recorder } = await recordedRun(store, {});
    expect(result.outcome).toBe('passed');
    const warnings = eventsOf(events, 'warning').filter((w) => w.code === 'RESULTS_STORE');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]?.message).toMatch(/^results store: the run could not be put on record: .*closed/);
    expect(recorder.problems.length).toBeGreaterThanOrEqual(warnings.length);
    expect(await readFile(result.files.log, 'utf8')).toContain('"code":"RESULTS_STORE"');
  });
});
