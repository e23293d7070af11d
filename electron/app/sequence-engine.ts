/**
 * The RunEngine of the app: a SequenceRunner that stays in the live session until the user
 * disconnects (stayConnected), with the app's FOTA decision and the demo cloud's provisioning.
 */
import { SequenceRunner } from '../engine/sequence/runner.ts';
import type { RunEngine, RunEngineOptions } from './run-engine.ts';

export function createSequenceEngine(options: RunEngineOptions): RunEngine {
  const runner = new SequenceRunner({
    runId: options.runId,
    port: options.port,
    profile: options.profile,
    outDir: options.outDir,
    fotaPolicy: options.fotaPolicy,
    decide: options.decide,
    stayConnected: true,
    lang: options.lang,
    ...(options.provision ? { provision: options.provision } : {}),
    ...(options.checkUnit ? { checkUnit: options.checkUnit } : {}),
  });
  return {
    onEvent: (listener) => runner.onEvent(listener),
    start: async () => void (await runner.start()),
    resume: async (fromStep) => void (await runner.resume(fromStep)),
    cancel: () => runner.cancel(),
    publishTest: (payload) => runner.publishTest(payload),
    disconnect: () => runner.disconnect(),
    sendAt: (command) => runner.sendAt(command),
    close: () => runner.close(),
    redactor: runner.redactor,
  };
}
