/** The connect sequence, in order (shared/steps.ts STEP_IDS): one file per step. */
import type { StepId } from '../../../../shared/steps.ts';
import type { SequenceStep } from '../step.ts';
import { calibrationStep } from './calibration.ts';
import { dataServiceStep } from './data-service.ts';
import { fotaMainStep } from './fota-main.ts';
import { fotaSubStep } from './fota-sub.ts';
import { identifyStep } from './identify.ts';
import { liveSessionStep } from './live-session.ts';
import { mqttConnectStep } from './mqtt-connect.ts';
import { serverInfoStep } from './server-info.ts';
import { sslConfigureStep } from './ssl-configure.ts';

export const SEQUENCE: readonly SequenceStep[] = [
  identifyStep,
  sslConfigureStep,
  dataServiceStep,
  serverInfoStep,
  calibrationStep,
  fotaMainStep,
  fotaSubStep,
  mqttConnectStep,
  liveSessionStep,
];

export function stepById(id: StepId): SequenceStep {
  const step = SEQUENCE.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
}
