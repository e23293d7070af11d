/**
 * Applying a downloaded image and confirming it: AT+TMSFOTA with the server's sha256 (progress
 * from +TMSFOTA URCs), then the module reboots (RDY); the host re-syncs, sends ATE0/CMEE again,
 * identifies the device again and checks that it reports the offered version. A refused image
 * (F1), a reboot before DONE or a lost port (F5) is never re-sent: the host only asks which
 * version runs now.
 */
import { AtClosedError } from '../../at/errors.ts';
import { readImei } from '../../quectel/info.ts';
import { FOTA_APPLY_TIMEOUT_MS } from '../../tms2/at-mcu.ts';
import { McuError } from '../../tms2/errors.ts';
import type { FirmwareTarget } from '../../tms2/types.ts';
import type { FirmwareInfo } from '../../../../shared/server-info.ts';
import { compareFirmware } from '../../../../shared/version.ts';
import { need } from '../context.ts';
import { StepError } from '../step-error.ts';
import type { StepEnv } from '../step.ts';

/** From DONE to RDY (the device flashes and boots). */
export const REBOOT_WAIT_MS = 120_000;

type ApplyEnd = { kind: 'done' } | { kind: 'rejected'; reason: string } | { kind: 'rebooted' } | { kind: 'lost' };

async function runApply(env: StepEnv, target: FirmwareTarget, info: FirmwareInfo, file: string, rebootsBefore: number): Promise<ApplyEnd> {
  const stop = new AbortController();
  const signal = AbortSignal.any([env.signal, stop.signal]);
  let rebooted = false;
  void env.link.waitForReboot(rebootsBefore, FOTA_APPLY_TIMEOUT_MS, signal).then((seen) => {
    rebooted = seen;
    if (seen) stop.abort();
  });
  const onProgress = ({ percent }: { percent: number }) => {
    env.emit({ type: 'fota-progress', target, phase: 'apply', percent });
    env.progress('progress.fotaApplying', { target, version: info.version }, { percent });
  };
  try {
    await env.mcu.applyFirmware({ target, file, size: info.size, sha256: info.sha256 }, { signal, onProgress });
    return { kind: 'done' };
  } catch (error) {
    if (rebooted) return { kind: 'rebooted' };
    if (error instanceof McuError && error.kind === 'fota-rejected') return { kind: 'rejected', reason: error.reason ?? error.message };
    if (error instanceof AtClosedError && !env.signal.aborted) return { kind: 'lost' };
    throw error;
  } finally {
    stop.abort();
  }
}

/**
 * Re-identifies after a reboot: same IMEI (S2), current versions; emits device-identified again,
 * with the SIM, cell and clock readings identify made (the dashboard would otherwise lose them
 * until the next status refresh; the SIM does not change across a firmware update).
 */
async function reidentify(env: StepEnv): Promise<void> {
  const identity = need(env.ctx, 'identity');
  const imei = await readImei(env.at);
  if (imei !== identity.imei) throw new StepError('DEVICE_CHANGED', { found: imei, expected: identity.imei });
  const versions = await env.mcu.readVersions();
  identity.mainFw = versions.main;
  identity.subFw = versions.sub;
  const { deviceId, model, revision, manufacturer, status, signal, registration } = identity;
  env.emit({
    type: 'device-identified',
    imei,
    deviceId,
    model,
    revision,
    mainFw: versions.main,
    subFw: versions.sub,
    ...(manufacturer ? { manufacturer } : {}),
    ...(status ?? {}),
    ...(signal ? { signal } : {}),
    ...(registration ? { registration } : {}),
  });
}

function runningVersion(env: StepEnv, target: FirmwareTarget): string {
  const identity = need(env.ctx, 'identity');
  return target === 'main' ? identity.mainFw : identity.subFw;
}

/** Applies the image and returns the version the device runs afterwards (= offered), or throws. */
export async function applyAndConfirm(env: StepEnv, target: FirmwareTarget, info: FirmwareInfo, file: string, current: string): Promise<string> {
  const rebootsBefore = env.link.rebootCount;
  const end = await runApply(env, target, info, file, rebootsBefore);
  if (end.kind === 'rejected') throw new StepError('FOTA_REJECTED', { target, detail: end.reason, current }, { command: 'AT+TMSFOTA', moduleSaid: `+TMSFOTA: ${target},"ERROR",${end.reason}` });
  if (end.kind === 'lost') {
    env.progress('progress.fotaPortLost');
    await env.link.reopen(env.signal);
  }
  if (end.kind === 'done') {
    env.emit({ type: 'fota-progress', target, phase: 'apply', percent: 100 });
    env.emit({ type: 'fota-progress', target, phase: 'reboot', percent: 0 });
    env.progress('progress.fotaApplied', { target, version: info.version });
    const seen = await env.link.waitForReboot(rebootsBefore, REBOOT_WAIT_MS, env.signal);
    if (!seen) throw new StepError('FOTA_REBOOT_TIMEOUT', { target, timeoutMs: REBOOT_WAIT_MS });
  }
  await env.reinitialise();
  await reidentify(env);
  const after = runningVersion(env, target);
  const confirmed = compareFirmware(after, info.version) === 'same';
  if (end.kind === 'done') env.emit({ type: 'fota-progress', target, phase: 'reboot', percent: 100 });
  if (confirmed) return after;
  if (end.kind === 'done') throw new StepError('FOTA_NOT_CONFIRMED', { target, found: after, offered: info.version });
  const detail = end.kind === 'lost' ? 'the port was lost while the image was applied' : 'the module rebooted before the update finished';
  const said = end.kind === 'lost' ? '(the port closed during +TMSFOTA progress)' : 'RDY before +TMSFOTA DONE';
  throw new StepError('FOTA_INTERRUPTED', { target, detail, current: after }, { command: 'AT+TMSFOTA', moduleSaid: said });
}
