/**
 * RunRecorder: puts one run on record in a ResultsStore (docs/results-store.md#recording).
 *
 *   const recorder = new RunRecorder(store, meta);
 *   const runner = new SequenceRunner({ ..., checkUnit: recorder.checkUnit });
 *   recorder.attach(runner);               // begin() at run-started, finish() at run-finished
 *   await runner.start();
 *   await recorder.settle();               // every store write done (or warned about)
 *
 * The duplicates policy is asked right after identify (`checkUnit`, before anything changes on
 * the unit): a refusal fails the run with DUPLICATE_IMEI or DUPLICATES_UNCHECKABLE. A claim whose
 * run does not pass is released at the end. A store that fails never loses the run: the recorder
 * reports a RESULTS_STORE warning (into the run's own log when the runner can take one) and the
 * run goes on; its folder keeps everything.
 */
import type { RunnerEvent, RunnerEventType } from '../../shared/events.ts';
import { formatMessage, ref, type MessageRef } from '../../shared/messages/index.ts';
import type { DeviceIds, Profile } from '../../shared/profile.ts';
import type { RunRecord } from '../../shared/run-record.ts';
import { StepError } from '../engine/sequence/step-error.ts';
import { buildRunRecord, type RecordMeta } from './run-record-builder.ts';
import { StoreError, type ResultsStore } from './types.ts';

/** Events the record is not built from (many and large): not kept. */
const NOT_KEPT: ReadonlySet<RunnerEventType> = new Set(['at-traffic', 'step-progress', 'fota-progress', 'mqtt-message', 'device-status', 'run-state']);

/** What the recorder needs of a runner (SequenceRunner has it). */
export interface RecordedRunner {
  readonly runId: string;
  /** The run folder. */
  readonly dir: string;
  onEvent(listener: (event: RunnerEvent) => void): () => void;
  /** Adds a warning to the run's events and log (SequenceRunner.warn); false when it could not (closed). */
  warn?(code: 'RESULTS_STORE', words: MessageRef): boolean;
}

export interface RunRecorderOptions {
  /** The events of the run so far, when it was read back from its folder (`fieldlink run --resume`). */
  earlier?: readonly RunnerEvent[];
  /** Hears a store problem in words when the runner could not log it (closed, or not attached). */
  onProblem?: (message: string) => void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The unit check when the store could not be opened: a profile that refuses duplicates (and does
 * not allow offline work) cannot check them, so it refuses every unit before anything changes on
 * it; any other profile needs no check (undefined).
 */
export function uncheckableUnits(profile: Profile, detail: string): ((ids: DeviceIds) => Promise<void>) | undefined {
  if (profile.duplicates !== 'refuse' || profile.allowOfflineDuplicates) return undefined;
  return async (ids) => Promise.reject(new StepError('DUPLICATES_UNCHECKABLE', { imei: ids.imei, detail }));
}

export class RunRecorder {
  private readonly events: RunnerEvent[] = [];
  /** Store writes in order (begin before finish). */
  private queue: Promise<void> = Promise.resolve();
  private runner: RecordedRunner | undefined;
  private claimed: { imei: string; runId: string } | undefined;
  private lastRecord: RunRecord | undefined;
  /** Between run-started/run-resumed and run-finished: the stored record is `running`. */
  private running = false;
  /** Store problems so far, in words (already masked by the store). */
  readonly problems: string[] = [];

  constructor(
    private readonly store: ResultsStore,
    private meta: RecordMeta,
    private readonly options: RunRecorderOptions = {},
  ) {
    for (const event of options.earlier ?? []) this.keep(event);
  }

  /** The record as last written (or tried). */
  get record(): RunRecord | undefined {
    return this.lastRecord;
  }

  /** Listens to the runner; returns the unsubscribe. */
  attach(runner: RecordedRunner): () => void {
    this.runner = runner;
    return runner.onEvent((event) => this.onEvent(event));
  }

  /**
   * The duplicates policy (runner option `checkUnit`): claims the unit in the store; a refusal
   * throws the StepError that fails identify before anything changes on the unit.
   */
  readonly checkUnit = async (ids: DeviceIds): Promise<void> => {
    const profile = this.meta.profile;
    const runId = this.runner?.runId ?? this.meta.runId ?? '';
    await this.queue; // the store sees this run's begin first
    let result;
    try {
      // The claim names the same line as the record (both from this recorder's meta).
      result = await this.store.claim({ imei: ids.imei, runId, policy: profile.duplicates, allowOffline: profile.allowOfflineDuplicates, line: this.meta.line ?? null });
    } catch (error) {
      if (error instanceof StoreError && error.kind === 'duplicate-imei') throw new StepError('DUPLICATE_IMEI', { imei: ids.imei, detail: error.message });
      const detail = messageOf(error);
      if (profile.duplicates === 'refuse' && !profile.allowOfflineDuplicates) throw new StepError('DUPLICATES_UNCHECKABLE', { imei: ids.imei, detail });
      this.problem(`cannot claim ${ids.imei}: ${detail}`);
      return;
    }
    if (result.decision === 'proceed') {
      this.claimed = { imei: ids.imei, runId };
      return;
    }
    if (result.reason === 'cannot-check') throw new StepError('DUPLICATES_UNCHECKABLE', { imei: ids.imei, detail: 'the line database cannot be reached' });
    const detail = result.reason === 'already-passed' ? `passed in run ${result.byRunId ?? '?'}` : `in progress in run ${result.byRunId ?? '?'}`;
    throw new StepError('DUPLICATE_IMEI', { imei: ids.imei, detail });
  };

  /**
   * A unit serial scanned after the record began (a station's `serial SLOT VALUE` while the unit
   * runs): every record written from now on carries it, the final one included. While the run is
   * under way the running record is rewritten at once, so a run that dies before its end still
   * has the serial on record.
   */
  setUnitSerial(serial: string | null): void {
    if ((this.meta.unitSerial ?? null) === serial) return;
    this.meta = { ...this.meta, unitSerial: serial };
    if (this.running) this.write('begin', true);
  }

  /** Resolves when every store write asked so far is done (or failed and was warned about). */
  settle(): Promise<void> {
    return this.queue;
  }

  private keep(event: RunnerEvent): void {
    if (!NOT_KEPT.has(event.type)) this.events.push(event);
  }

  private onEvent(event: RunnerEvent): void {
    this.keep(event);
    if (event.type === 'run-started') {
      this.running = true;
      this.write('begin');
    } else if (event.type === 'run-resumed') {
      // A resumed run's record (failed or cancelled so far) is `running` again under this process.
      this.running = true;
      this.write('begin', true);
    } else if (event.type === 'run-finished') {
      this.running = false;
      this.write('finish');
    }
  }

  private write(what: 'begin' | 'finish', reopen = false): void {
    let record: RunRecord;
    try {
      record = buildRunRecord(this.events, { ...this.meta, ...(this.runner ? { runId: this.runner.runId, runDir: this.runner.dir } : {}) });
    } catch (error) {
      this.problem(`the record could not be built: ${messageOf(error)}`);
      return;
    }
    this.lastRecord = record;
    const claimed = this.claimed;
    this.queue = this.queue.then(async () => {
      try {
        if (what === 'begin') await this.store.begin({ ...record, outcome: 'running', finishedAt: null }, reopen ? { reopen: true } : undefined);
        else await this.store.finish(record);
      } catch (error) {
        this.problem(`${what === 'begin' ? 'the run could not be put on record' : 'the final record could not be written'}: ${messageOf(error)}`);
      }
      if (what === 'finish' && record.outcome !== 'passed' && claimed) {
        this.claimed = undefined;
        await this.store.release(claimed.imei, claimed.runId).catch((error: unknown) => this.problem(`the claim on ${claimed.imei} could not be released: ${messageOf(error)}`));
      }
    });
  }

  private problem(detail: string): void {
    this.problems.push(detail);
    const logged = this.runner?.warn?.('RESULTS_STORE', ref('warning.resultsStore', { detail })) ?? false;
    if (!logged) this.options.onProblem?.(formatMessage('en', 'warning.resultsStore', { detail }));
  }
}
