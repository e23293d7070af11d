/**
 * RunRecorder's decisions over a small in-memory ResultsStore (the real SQLite store is in
 * test/integration/store/run-recorder.test.ts): the duplicates policy as typed step failures,
 * offline work, begin/finish in order, a claim released when the run does not pass, and store
 * problems reported instead of thrown.
 */
import { describe, expect, it } from 'vitest';
import { StepError } from '../../../electron/engine/sequence/step-error.ts';
import { RunRecorder, uncheckableUnits, type RecordedRunner } from '../../../electron/store/run-recorder.ts';
import type { RecordMeta } from '../../../electron/store/run-record-builder.ts';
import { StoreError, type ClaimRequest, type ClaimResult, type ResultsStore } from '../../../electron/store/types.ts';
import type { RunnerEvent, RunnerEventBody } from '../../../shared/events.ts';
import { stampEvent } from '../../../shared/events.ts';
import { parseProfile, type ProfileInput } from '../../../shared/profile.ts';
import type { RunRecord } from '../../../shared/run-record.ts';

const IMEI = '867969066452788';
const ids = { imei: IMEI, deviceId: `TMS2_${IMEI}` };

class MemoryStore implements ResultsStore {
  readonly backend = 'sqlite' as const;
  readonly displayUrl = 'memory';
  readonly calls: string[] = [];
  readonly records = new Map<string, RunRecord>();
  claimAnswer: ClaimResult | Error = { decision: 'proceed', rework: false };
  failWrites = false;
  async claim(request: ClaimRequest): Promise<ClaimResult> {
    this.calls.push(`claim ${request.imei} ${request.policy}${request.allowOffline ? ' offline' : ''}`);
    if (this.claimAnswer instanceof Error) throw this.claimAnswer;
    return this.claimAnswer;
  }
  async release(imei: string, runId: string) {
    this.calls.push(`release ${imei} ${runId}`);
  }
  async begin(record: RunRecord, options?: { reopen?: boolean }) {
    this.calls.push(`begin ${record.outcome}${options?.reopen ? ' reopen' : ''}`);
    if (this.failWrites) throw new StoreError('unreachable', 'disk gone');
    this.records.set(record.runId, record);
  }
  async finish(record: RunRecord) {
    this.calls.push(`finish ${record.outcome}`);
    if (this.failWrites) throw new StoreError('unreachable', 'disk gone');
    this.records.set(record.runId, record);
  }
  list = async () => [...this.records.values()];
  get = async (runId: string) => this.records.get(runId);
  history = async () => [];
  yieldReport = async () => ({ by: 'day' as const, rows: [], pareto: [], totals: { units: 0, passed: 0, failed: 0, firstPassYield: 0, unitsPerHour: 0 } });
  pending = async () => 0;
  flush = async () => 0;
  close = async () => undefined;
}

function profileWith(overrides: Partial<ProfileInput>) {
  return parseProfile({ serverInfoUrl: 'https://tms.example.com/i', tls: { caCert: '/a', clientCert: '/b', clientKey: '/c' }, ...overrides });
}

class FakeRunner implements RecordedRunner {
  readonly runId = 'run-1';
  readonly dir = '/runs/run-1';
  readonly warnings: string[] = [];
  private readonly listeners = new Set<(event: RunnerEvent) => void>();
  open = true;
  onEvent(listener: (event: RunnerEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(body: RunnerEventBody) {
    for (const listener of this.listeners) listener(stampEvent(body));
  }
  warn(_code: 'RESULTS_STORE', words: { key: string; values?: Record<string, unknown> }) {
    if (!this.open) return false;
    this.warnings.push(String(words.values?.detail));
    return true;
  }
}

function setup(policy: Partial<ProfileInput> = {}) {
  const store = new MemoryStore();
  const meta: RecordMeta = { kind: 'run', host: 'h', appVersion: '1', runDir: '', profile: profileWith(policy), port: 'sim:' };
  const outside: string[] = [];
  const recorder = new RunRecorder(store, meta, { onProblem: (message) => outside.push(message) });
  const runner = new FakeRunner();
  recorder.attach(runner);
  return { store, recorder, runner, outside };
}

const refusal = async (promise: Promise<void>) => {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(StepError);
  return error as StepError;
};

describe('RunRecorder.checkUnit (duplicates policy)', () => {
  it('proceeds on a granted claim and passes the profile policy and offline permission', async () => {
    const { store, recorder } = setup({ duplicates: 'refuse', allowOfflineDuplicates: true });
    await recorder.checkUnit(ids);
    expect(store.calls).toEqual([`claim ${IMEI} refuse offline`]);
  });

  it('already passed → DUPLICATE_IMEI naming the run; cannot check → DUPLICATES_UNCHECKABLE', async () => {
    const { store, recorder } = setup({ duplicates: 'refuse' });
    store.claimAnswer = { decision: 'refused', reason: 'already-passed', byRunId: 'run-0' };
    const duplicate = await refusal(recorder.checkUnit(ids));
    expect(duplicate.code).toBe('DUPLICATE_IMEI');
    expect(duplicate.vars).toEqual({ imei: IMEI, detail: 'passed in run run-0' });
    store.claimAnswer = { decision: 'refused', reason: 'cannot-check' };
    expect((await refusal(recorder.checkUnit(ids))).code).toBe('DUPLICATES_UNCHECKABLE');
  });

  it('a store that throws: refuse → DUPLICATES_UNCHECKABLE; allow → a problem, and the run goes on', async () => {
    const refuse = setup({ duplicates: 'refuse' });
    refuse.store.claimAnswer = new StoreError('unreachable', 'line database down');
    expect((await refusal(refuse.recorder.checkUnit(ids))).vars).toMatchObject({ detail: 'line database down' });
    const allow = setup({ duplicates: 'allow' });
    allow.store.claimAnswer = new StoreError('unreachable', 'line database down');
    await allow.recorder.checkUnit(ids);
    expect(allow.runner.warnings).toEqual([`cannot claim ${IMEI}: line database down`]);
  });

  it('without a store: only a profile that refuses duplicates (and not offline) refuses every unit', async () => {
    expect(uncheckableUnits(profileWith({ duplicates: 'allow' }), 'x')).toBeUndefined();
    expect(uncheckableUnits(profileWith({ duplicates: 'refuse', allowOfflineDuplicates: true }), 'x')).toBeUndefined();
    const check = uncheckableUnits(profileWith({ duplicates: 'refuse' }), 'cannot open results.sqlite');
    expect((await refusal(check?.(ids) ?? Promise.resolve())).code).toBe('DUPLICATES_UNCHECKABLE');
  });
});

describe('RunRecorder writes', () => {
  it('begin at run-started, finish at run-finished, then the claim of a run that did not pass is released', async () => {
    const { store, recorder, runner } = setup({ duplicates: 'refuse' });
    runner.emit({ type: 'run-started', runId: 'run-1', port: 'sim:', profileName: 'p', startedAt: Date.now() });
    await recorder.checkUnit(ids);
    runner.emit({ type: 'run-finished', outcome: 'failed', exitCategory: 'device' });
    await recorder.settle();
    expect(store.calls).toEqual(['begin running', `claim ${IMEI} refuse`, 'finish failed', `release ${IMEI} run-1`]);
    expect(store.records.get('run-1')).toMatchObject({ outcome: 'failed', runDir: '/runs/run-1' });
  });

  it('a passed run keeps its claim (the store turns it into the pass)', async () => {
    const { store, recorder, runner } = setup();
    runner.emit({ type: 'run-started', runId: 'run-1', port: 'sim:', profileName: 'p', startedAt: Date.now() });
    await recorder.checkUnit(ids);
    runner.emit({ type: 'run-finished', outcome: 'passed', exitCategory: 'ok' });
    await recorder.settle();
    expect(store.calls.some((c) => c.startsWith('release'))).toBe(false);
  });

  it('store failures become warnings in the run while it is open, and problems outside once it is closed', async () => {
    const { store, recorder, runner, outside } = setup();
    store.failWrites = true;
    runner.emit({ type: 'run-started', runId: 'run-1', port: 'sim:', profileName: 'p', startedAt: Date.now() });
    await recorder.settle();
    runner.open = false;
    runner.emit({ type: 'run-finished', outcome: 'passed', exitCategory: 'ok' });
    await recorder.settle();
    expect(runner.warnings).toEqual(['the run could not be put on record: disk gone']);
    expect(outside).toEqual(['results store: the final record could not be written: disk gone; the run goes on and its folder keeps everything']);
    expect(recorder.problems).toHaveLength(2);
  });

  it('a unit serial set while the run is under way rewrites the running record at once; the final record keeps it; after the end nothing is written', async () => {
    const { store, recorder, runner } = setup();
    runner.emit({ type: 'run-started', runId: 'run-1', port: 'sim:', profileName: 'p', startedAt: Date.now() });
    recorder.setUnitSerial('SN-1');
    recorder.setUnitSerial('SN-1'); // the same serial again: nothing to write
    await recorder.settle();
    expect(store.calls).toEqual(['begin running', 'begin running reopen']);
    expect(store.records.get('run-1')).toMatchObject({ outcome: 'running', unitSerial: 'SN-1' });
    runner.emit({ type: 'run-finished', outcome: 'passed', exitCategory: 'ok' });
    await recorder.settle();
    expect(store.records.get('run-1')).toMatchObject({ outcome: 'passed', unitSerial: 'SN-1' });
    recorder.setUnitSerial('SN-2');
    await recorder.settle();
    expect(store.calls).toEqual(['begin running', 'begin running reopen', 'finish passed']);
  });

  it('a resumed run reopens its record', async () => {
    const { store, recorder, runner } = setup();
    runner.emit({ type: 'run-started', runId: 'run-1', port: 'sim:', profileName: 'p', startedAt: Date.now() });
    runner.emit({ type: 'run-finished', outcome: 'failed', exitCategory: 'device' });
    runner.emit({ type: 'run-resumed', fromStep: 'fota-main', source: 'run-folder', reread: [] });
    await recorder.settle();
    expect(store.calls).toEqual(['begin running', 'finish failed', 'begin running reopen']);
  });
});
