/**
 * The run context: what each step found out, typed, so later steps (and a resumed run) read it
 * instead of asking the device again. A step declares the fields it needs; `need` turns a missing
 * one into the MISSING_EARLIER_STEP failure.
 */
import type { ServerInfo } from '../../../shared/server-info.ts';
import type { DeviceStatusReading } from './device-status.ts';
import type { FindingCode, FindingValues } from '../../../shared/diagnosis.ts';
import type { DeviceFiles } from './profile-loader.ts';
import { StepError } from './step-error.ts';

export interface DeviceIdentity {
  imei: string;
  /** `TMS2_<imei>`: MQTT client id and user name. */
  deviceId: string;
  manufacturer: string | undefined;
  model: string;
  /** Module firmware revision (AT+QGMR). */
  revision: string;
  /** Device firmware as AT+TMSVER? prints it (updated after a FOTA). */
  mainFw: string;
  subFw: string;
  signal: { rssi: number; ber: number } | undefined;
  registration: { command: 'CEREG' | 'CREG'; stat: number } | undefined;
  /** SIM, cell and clock (absent fields when the module could not say); absent after a FOTA re-identify. */
  status?: DeviceStatusReading;
}

export interface SslSetup {
  ctx: number;
  /** The module file names bound to the context. */
  moduleFiles: { caCert: string; clientCert: string; clientKey: string };
  /** Files actually uploaded by this run (the others already matched). */
  uploaded: string[];
}

export interface DataService {
  method: 'qcds' | 'fallback';
  detail: string;
}

export interface CalibrationOutcome {
  residualDeg: number;
  pass: boolean;
}

export interface FotaOutcome {
  before: string;
  after: string;
  updated: boolean;
  note: string;
}

export interface MqttTopics {
  up: string;
  rpc: string;
  lwt: string;
}

export interface DiagnosisFinding {
  code: FindingCode;
  values: FindingValues;
}

export interface RunContext {
  identity?: DeviceIdentity;
  deviceFiles?: DeviceFiles;
  ssl?: SslSetup;
  dataService?: DataService;
  serverInfo?: ServerInfo;
  calibration?: CalibrationOutcome;
  fotaMain?: FotaOutcome;
  fotaSub?: FotaOutcome;
  topics?: MqttTopics;
  /** `fieldlink diagnose`: the findings so far (verdict table codes), in the order found. */
  diagnosis?: DiagnosisFinding[];
}

export type ContextKey = keyof RunContext;

/** Which step produces each context field (named in the MISSING_EARLIER_STEP failure). */
export const PRODUCED_BY: Readonly<Record<ContextKey, string>> = {
  identity: 'identify',
  deviceFiles: 'ssl-configure',
  ssl: 'ssl-configure',
  dataService: 'data-service',
  serverInfo: 'server-info',
  calibration: 'calibration',
  fotaMain: 'fota-main',
  fotaSub: 'fota-sub',
  topics: 'mqtt-connect',
  diagnosis: 'identify',
};

/** The field, or a MISSING_EARLIER_STEP failure naming the step that produces it. */
export function need<K extends ContextKey>(ctx: RunContext, key: K): NonNullable<RunContext[K]> {
  const value = ctx[key];
  if (value === undefined || value === null) throw new StepError('MISSING_EARLIER_STEP', { missing: PRODUCED_BY[key] });
  return value as NonNullable<RunContext[K]>;
}
