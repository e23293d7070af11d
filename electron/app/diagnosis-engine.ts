/**
 * The RunEngine of a diagnosis (the UI's "Diagnose"): the same SequenceRunner path as
 * `fieldlink diagnose` — the read-only DIAGNOSIS steps, every step run even after a failure,
 * ending with the verdict — and then the port is released at once: a diagnosis is never retried
 * (diagnose again instead), so it never holds its port.
 */
import { DIAGNOSIS } from '../engine/sequence/diagnose/index.ts';
import { SequenceRunner } from '../engine/sequence/runner.ts';
import type { Profile } from '../../shared/profile.ts';
import type { Language } from '../../shared/steps.ts';
import { AppError } from './errors.ts';
import type { RunEngine } from './run-engine.ts';

export interface DiagnosisEngineOptions {
  runId: string;
  port: string;
  /** Which SSL context, PDP context and certificate fingerprints to look at (inspectionProfile() when none is chosen). */
  profile: Profile;
  /** Session logs and reports go to `<outDir>/<runId>/`, like a run's. */
  outDir: string;
  lang: Language;
}

export type DiagnosisEngineFactory = (options: DiagnosisEngineOptions) => RunEngine | Promise<RunEngine>;

export function createDiagnosisEngine(options: DiagnosisEngineOptions): RunEngine {
  const runner = new SequenceRunner({
    runId: options.runId,
    port: options.port,
    profile: options.profile,
    outDir: options.outDir,
    steps: DIAGNOSIS,
    continueAfterFailure: true,
    lang: options.lang,
  });
  const notConnected = (method: string) => Promise.reject(new AppError('bad-state', `${method}: a diagnosis has no MQTT session`));
  return {
    onEvent: (listener) => runner.onEvent(listener),
    start: async () => {
      try {
        await runner.start();
      } finally {
        await runner.close(); // faults or not, the port is released and the session log flushed
      }
    },
    resume: () => Promise.reject(new AppError('bad-state', 'retryRun: a diagnosis is not resumed; diagnose again')),
    cancel: () => runner.cancel(),
    publishTest: () => notConnected('publishTest'),
    disconnect: () => notConnected('disconnect'),
    sendAt: (command) => runner.sendAt(command),
    close: () => runner.close(),
  };
}
