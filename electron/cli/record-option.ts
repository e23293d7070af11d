/**
 * Every run of `fieldlink run`, `run --resume`, `demo` and `diagnose` goes on record in the results
 * store (docs/results-store.md#recording): `--db <url>` (or FIELDLINK_DB; default
 * `sqlite:~/.fieldlink/results.sqlite`) and `--operator <name>`. A store that cannot be opened
 * never stops a run: a note says so and the run goes on (its folder keeps everything), except
 * that a profile refusing duplicates cannot check them and refuses the unit (DUPLICATES_UNCHECKABLE).
 */
import { homedir, hostname } from 'node:os';
import path from 'node:path';
import { Option } from 'commander';
import type { RunnerEvent } from '../../shared/events.ts';
import { formatMessage, type Language } from '../../shared/messages/index.ts';
import type { DeviceIds, Profile } from '../../shared/profile.ts';
import type { RunKind } from '../../shared/run-record.ts';
import type { SequenceRunner } from '../engine/sequence/runner.ts';
import { appVersion } from '../store/app-version.ts';
import type { RunRecorder } from '../store/run-recorder.ts';
import type { ResultsStore } from '../store/types.ts';

export function dbOption(): Option {
  return new Option('--db <url>', 'results store: sqlite:FILE or postgres://… (default: sqlite:~/.fieldlink/results.sqlite)').env('FIELDLINK_DB');
}

export function operatorOption(): Option {
  return new Option('--operator <name>', 'who runs it, kept in the run\'s record');
}

/** The default store's file, read at call time so HOME decides (tests point it at a temp folder). */
export function defaultDbFile(): string {
  return path.join(homedir(), '.fieldlink', 'results.sqlite');
}

function defaultDbUrl(): string {
  return `sqlite:${defaultDbFile()}`;
}

/**
 * The store URL a `--db` value names: blank (an empty FIELDLINK_DB, which dbOption hands over as
 * '') means "not set", as for `fieldlink results` and the app, so the default file is used.
 */
export function givenStoreUrl(db: string | undefined): string | undefined {
  const trimmed = db?.trim();
  return trimmed ? trimmed : undefined;
}

/** Opens the store `--db` names (dbOption also reads FIELDLINK_DB), else the default file. */
export async function openCliStore(db: string | undefined): Promise<ResultsStore> {
  const { openResultsStore } = await import('../store/open.ts');
  return openResultsStore({ url: givenStoreUrl(db) ?? defaultDbUrl(), setting: '--db / FIELDLINK_DB' });
}

export interface RecordRequest {
  kind: RunKind;
  db?: string | undefined;
  operator?: string | undefined;
}

/** A run's recording from the CLI: the runner options it adds, attach, and the closing words. */
export interface CliRecording {
  /** The runner option that asks the duplicates policy after identify (undefined for a diagnosis). */
  checkUnit: ((ids: DeviceIds) => Promise<void>) | undefined;
  attach(runner: SequenceRunner): void;
  /** Waits for the store, closes it and returns the lines to print (where the record went, the outbox). */
  finish(lang: Language): Promise<string[]>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Opens the store and makes the recorder; never throws (a store that cannot open is a note). */
export async function startRecording(
  request: RecordRequest,
  run: { profile: Profile; port: string; earlier?: readonly RunnerEvent[] },
  note: (text: string) => void,
): Promise<CliRecording> {
  let store: ResultsStore;
  try {
    store = await openCliStore(request.db);
  } catch (error) {
    const detail = messageOf(error);
    note(formatMessage('en', 'warning.resultsStore', { detail }));
    const { uncheckableUnits } = await import('../store/run-recorder.ts');
    return {
      checkUnit: request.kind === 'diagnose' ? undefined : uncheckableUnits(run.profile, detail),
      attach: () => undefined,
      finish: async () => [],
    };
  }
  const { RunRecorder } = await import('../store/run-recorder.ts');
  const recorder: RunRecorder = new RunRecorder(
    store,
    { kind: request.kind, host: hostname(), operator: request.operator ?? null, appVersion: appVersion(), profile: run.profile, port: run.port, runDir: '' },
    { ...(run.earlier ? { earlier: run.earlier } : {}), onProblem: note },
  );
  return {
    checkUnit: request.kind === 'diagnose' ? undefined : recorder.checkUnit,
    attach: (runner) => void recorder.attach(runner),
    finish: async (lang) => {
      await recorder.settle();
      const lines: string[] = [];
      if (recorder.record && recorder.problems.length === 0) lines.push(formatMessage(lang, 'cli.recorded', { url: store.displayUrl }));
      const pending = await store.pending().catch(() => 0);
      if (pending > 0) lines.push(formatMessage(lang, 'cli.outboxPending', { count: pending }));
      await store.close().catch(() => undefined);
      return lines;
    },
  };
}
