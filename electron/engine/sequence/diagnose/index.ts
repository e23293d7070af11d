/**
 * `fieldlink diagnose`: the connect sequence's step ids, each replaced by a read-only look at the
 * device (identity, SIM, signal, registration, data service, files and SSL context, G-sensor,
 * MQTT configuration). The steps that would contact the servers or change the device are skipped.
 * Run with SequenceRunner({ steps: DIAGNOSIS, continueAfterFailure: true }) for the same report.
 */
import type { StepId } from '../../../../shared/steps.ts';
import { skipped, type SequenceStep } from '../step.ts';
import { diagnoseCalibration } from './calibration.ts';
import { diagnoseDataService, diagnoseIdentity } from './device.ts';
import { diagnoseMqtt } from './mqtt.ts';
import { diagnoseSsl } from './ssl.ts';
import { diagnoseVerdict } from './verdict.ts';

function notDiagnosed(id: StepId, reason: 'skip.diagServers' | 'skip.diagServersFirmware'): SequenceStep {
  return { id, needs: [], timeoutMs: undefined, retries: 0, run: async () => skipped(reason) };
}

const SERVERS = 'skip.diagServers';

export const DIAGNOSIS: readonly SequenceStep[] = [
  diagnoseIdentity,
  diagnoseSsl,
  diagnoseDataService,
  notDiagnosed('server-info', SERVERS),
  diagnoseCalibration,
  notDiagnosed('fota-main', 'skip.diagServersFirmware'),
  notDiagnosed('fota-sub', SERVERS),
  diagnoseMqtt,
  diagnoseVerdict,
];
