/**
 * The connect sequence: steps as data (steps/*.ts), the runner, the failure table.
 *
 *   const runner = new SequenceRunner({ port, profile, outDir, fotaPolicy: 'auto' });
 *   runner.onEvent(render);
 *   const result = await runner.start();   // result.outcome, result.exitCategory, result.files
 */
export { SequenceRunner, RunnerStateError, type RunResult, type SequenceRunnerOptions } from './runner.ts';
export { SEQUENCE, stepById } from './steps/index.ts';
export type { SequenceStep, StepEnv, StepResult, FotaDecision } from './step.ts';
export type { RunContext, DeviceIdentity, MqttTopics } from './context.ts';
export { FAILURES, EXIT_BY_CATEGORY, type FailureCode, type FailureRow } from './failure-table.ts';
export { classify, describe, describeFailure, mqttLostFailure, type DescribedFailure } from './failures.ts';
export { StepError } from './step-error.ts';
export { LWT_PAYLOAD, initPayload, topicsFor, deviceIdOf, prettyPayload } from './payloads.ts';
export { loadProfile, resolveDeviceFiles, demoProfile, DEMO_PROFILE_NAME, type DemoProfileInputs } from './profile-loader.ts';
