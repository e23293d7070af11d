/**
 * Step 0 — open & identify: sync with AT (the module may still be booting), ATE0, AT+CMEE=2, ATI,
 * AT+QGMR, AT+CGSN, AT+CPIN? (must be READY), AT+CSQ, AT+CEREG?/AT+CREG?, then the SIM, cell and
 * clock (device-status.ts: ICCID, IMSI, operator, RAT/band, RSRP/RSRQ/SINR, APN/PDP address, clock
 * skew; each absent when the module cannot say), AT+TMSVER?. deviceId = TMS2_<imei>. A device that
 * comes back with another IMEI is refused (S2). Without a SIM, device-identified is still emitted
 * (SIM fields absent) before the step fails with SIM_NOT_INSERTED.
 */
import { AtCommandError } from '../../at/errors.ts';
import { isPlainError, moduleErrorCode } from '../../quectel/module-errors.ts';
import { parseCpin, readFirmwareRevision, readIdentity, readImei, readRegistration, readSignalQuality } from '../../quectel/info.ts';
import type { Registration } from '../../quectel/info.ts';
import type { AtRunner } from '../../quectel/at-runner.ts';
import { need, type DeviceIdentity } from '../context.ts';
import { csqToDbm } from '../measurements.ts';
import { readDeviceStatus } from '../device-status.ts';
import { deviceIdOf } from '../payloads.ts';
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep, type StepEnv, type StepResult } from '../step.ts';

/** AT+CEREG? (LTE), and AT+CREG? when CEREG is not registered or not supported. */
async function readAnyRegistration(at: AtRunner): Promise<Registration | undefined> {
  const lte = await readRegistration(at, 'AT+CEREG?').catch(() => undefined);
  if (lte?.registered) return lte;
  return (await readRegistration(at, 'AT+CREG?').catch(() => undefined)) ?? lte;
}

/** AT+CPIN?: undefined when READY, else the failure quoting what the module said (+CPIN: SIM PIN, +CME ERROR: 10). */
async function checkSim(at: AtRunner): Promise<StepError | undefined> {
  let lines: string[];
  try {
    lines = (await at.run({ command: 'AT+CPIN?', timeoutMs: 5_000 })).lines;
  } catch (error) {
    const notInserted = moduleErrorCode(error) === 10;
    if (!(error instanceof AtCommandError) || !(notInserted || moduleErrorCode(error) === 13)) throw error;
    return new StepError(notInserted ? 'SIM_NOT_INSERTED' : 'SIM_NOT_READY', { detail: error.meaning }, { command: 'AT+CPIN?', moduleSaid: error.final });
  }
  const sim = parseCpin(lines);
  return sim.ready ? undefined : new StepError('SIM_NOT_READY', { detail: sim.state }, { command: 'AT+CPIN?', moduleSaid: lines.join(' | ') });
}

export interface DeviceReading {
  identity: DeviceIdentity;
  /** Set when AT+CPIN? is not READY (thrown by the caller after device-identified is out). */
  simProblem: StepError | undefined;
}

/** Reads who the device is (everything after the AT sync); shared with `fieldlink diagnose`. */
export async function readDevice(env: StepEnv): Promise<DeviceReading> {
  const { at } = env;
  const module = await readIdentity(at);
  const revision = await readFirmwareRevision(at).catch((error: unknown) => {
    if (isPlainError(error)) return module.revision; // no AT+QGMR on this firmware: ATI's Revision
    throw error;
  });
  const imei = await readImei(at);
  const known = env.ctx.identity;
  if (known && known.imei !== imei) throw new StepError('DEVICE_CHANGED', { found: imei, expected: known.imei });
  const simProblem = await checkSim(at);
  const signal = await readSignalQuality(at);
  const registration = await readAnyRegistration(at);
  const status = await readDeviceStatus(at, { cid: env.profile.pdp.contextId, signal: env.signal });
  const versions = await env.mcu.readVersions();
  const identity: DeviceIdentity = {
    imei,
    deviceId: deviceIdOf(imei),
    manufacturer: module.manufacturer,
    model: module.model,
    revision,
    mainFw: versions.main,
    subFw: versions.sub,
    signal: { rssi: signal.rssi, ber: signal.ber },
    registration: registration && { command: registration.command === 'AT+CEREG?' ? 'CEREG' : 'CREG', stat: registration.stat },
    status,
  };
  env.ctx.identity = identity;
  env.emit({
    type: 'device-identified',
    imei,
    deviceId: identity.deviceId,
    ...(identity.manufacturer ? { manufacturer: identity.manufacturer } : {}),
    model: identity.model,
    revision,
    mainFw: versions.main,
    subFw: versions.sub,
    signal: { rssi: signal.rssi, ber: signal.ber },
    ...status,
    ...(identity.registration ? { registration: identity.registration } : {}),
  });
  return { identity, simProblem };
}

/** Signal measurements (docs/sequence.md#measurements): RSSI from AT+CSQ when known, RSRP when the module reports it. */
function measureSignal(env: StepEnv, identity: DeviceIdentity): void {
  const rssi = identity.signal ? csqToDbm(identity.signal.rssi) : undefined;
  if (rssi !== undefined) env.measure('signal-rssi', rssi);
  const rsrp = identity.status?.rsrpDbm;
  if (rsrp !== undefined) env.measure('signal-rsrp', rsrp);
}

export function identitySummary(identity: DeviceIdentity): string {
  const dbm = identity.signal && identity.signal.rssi !== 99 ? `${-113 + 2 * identity.signal.rssi} dBm` : 'unknown';
  const { status } = identity;
  const cell = [
    status?.operator,
    status?.accessTechnology,
    status?.band,
    status?.rsrpDbm !== undefined ? `RSRP ${status.rsrpDbm} dBm` : undefined,
    status?.rsrqDb !== undefined ? `RSRQ ${status.rsrqDb} dB` : undefined,
    status?.sinrDb !== undefined ? `SINR ${status.sinrDb} dB` : undefined,
  ].filter(Boolean);
  const sim = status?.iccid ? `, ICCID ${status.iccid}` : ', no SIM data';
  return `${identity.deviceId} (${identity.model} ${identity.revision}), main ${identity.mainFw}, sub ${identity.subFw}, signal ${dbm}${cell.length ? ` (${cell.join(', ')})` : ''}${sim}`;
}

/**
 * The step's work once `prepare` has brought the AT link to a known state: the identify step
 * initialises (AT, ATE0, CMEE=2); `fieldlink diagnose` only syncs, so nothing in the module changes.
 */
export async function identify(
  env: StepEnv,
  prepare: () => Promise<void>,
  /** What diagnose records: the reading (also without a SIM), or the error that stopped it. */
  hooks: { read?: (reading: DeviceReading) => void; readFailed?: (error: unknown) => void } = {},
): Promise<StepResult> {
  await prepare();
  const reading = await readDevice(env).catch((error: unknown) => {
    hooks.readFailed?.(error);
    throw error;
  });
  hooks.read?.(reading);
  if (reading.simProblem) throw reading.simProblem;
  measureSignal(env, reading.identity);
  return passed('summary.detail', { detail: identitySummary(reading.identity) });
}

export const identifyStep: SequenceStep = {
  id: 'identify',
  needs: [],
  timeoutMs: 60_000,
  retries: 1,
  async run(env) {
    const result = await identify(env, () => env.link.initialise(env.signal));
    const { imei, deviceId } = need(env.ctx, 'identity');
    // Before anything changes on the unit (ssl-configure uploads): the duplicates policy may refuse it.
    await env.checkUnit?.({ imei, deviceId });
    return result;
  },
};
