/**
 * `fieldlink diagnose`: the connect sequence's step ids, each replaced by a read-only look at the
 * device (identity, SIM, signal, registration, data service, files and SSL context, G-sensor,
 * MQTT configuration). The steps that would contact the servers or change the device are skipped.
 * Run with SequenceRunner({ steps: DIAGNOSIS, continueAfterFailure: true }) for the same report.
 */
import { parseProfile, type Profile } from '../../../../shared/profile.ts';
import type { StepId } from '../../../../shared/steps.ts';
import { skipped, type SequenceStep } from '../step.ts';
import { diagnoseCalibration } from './calibration.ts';
import { diagnoseDataService, diagnoseIdentity } from './device.ts';
import { diagnoseMqtt } from './mqtt.ts';
import { NO_PROFILE_CERT, diagnoseSsl } from './ssl.ts';
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

/**
 * The profile of a diagnosis without one: context ids only (SSL context 1, PDP context 1), no file
 * is read and no certificate compared. Used by `fieldlink diagnose` and the app's Diagnose.
 */
export function inspectionProfile(): Profile {
  return parseProfile({ name: 'diagnose', serverInfoUrl: 'https://127.0.0.1/unused', tls: { caCert: NO_PROFILE_CERT, clientCert: NO_PROFILE_CERT, clientKey: NO_PROFILE_CERT } });
}
