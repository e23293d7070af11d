/**
 * AT+TMSFOTA: the MCU applies a firmware image stored in the module's UFS. It checks size and
 * sha256 of the file, reads target and version from the image header, reports progress, stores
 * the new version and reboots. Any check failing → `+TMSFOTA: <target>,"ERROR","<reason>"` and the
 * old version stays. Power lost before DONE → the old version stays (F5).
 */
import { FirmwareImageError, readFirmwareHeader, sha256Hex, type FirmwareTarget } from '../../../shared/firmware-image.ts';
import type { FaultSet } from '../faults/fault-set.ts';
import type { PowerCycle } from './power-cycle.ts';
import type { StateStore } from './state-store.ts';
import type { FileRef, Ufs } from './ufs.ts';

export const FOTA_STEPS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;
/** The step at which `cable-pull-at-fota` pulls the cable. */
export const CABLE_PULL_PERCENT = 30;

export const FOTA_REASONS = {
  noFile: 'file not found',
  size: 'size mismatch',
  sha256: 'sha256 mismatch',
  header: 'bad image header',
  target: 'wrong target',
} as const;

export interface FotaRequest {
  target: FirmwareTarget;
  file: FileRef;
  size: number;
  sha256: string;
}

export interface FotaDeps {
  ufs: Ufs;
  store: StateStore;
  cycle: PowerCycle;
  faults: FaultSet;
  stepMs: number;
  urc(line: string): void;
  reboot(): void;
  /** True when the `cable-pull-at-fota` fault fired (the device is then off). */
  cablePull(): boolean;
}

/** Checks the image; returns its version or the reason it is refused. */
async function checkImage(req: FotaRequest, ufs: Ufs): Promise<{ version: string } | { reason: string }> {
  const bytes = await ufs.read(req.file);
  if (!bytes) return { reason: FOTA_REASONS.noFile };
  if (bytes.length !== req.size) return { reason: FOTA_REASONS.size };
  if (sha256Hex(bytes) !== req.sha256.toLowerCase()) return { reason: FOTA_REASONS.sha256 };
  try {
    const header = readFirmwareHeader(bytes);
    return header.target === req.target ? { version: header.version } : { reason: FOTA_REASONS.target };
  } catch (error) {
    if (error instanceof FirmwareImageError) return { reason: FOTA_REASONS.header };
    throw error;
  }
}

export async function runFota(req: FotaRequest, deps: FotaDeps): Promise<void> {
  const checked = await checkImage(req, deps.ufs);
  deps.cycle.check();
  if ('reason' in checked) return deps.urc(`+TMSFOTA: ${req.target},"ERROR","${checked.reason}"`);
  const rebootAt = deps.faults.get('fota-reboot')?.atPercent;
  for (const percent of FOTA_STEPS) {
    await deps.cycle.sleep(deps.stepMs);
    if (percent === CABLE_PULL_PERCENT && deps.cablePull()) return;
    if (percent === rebootAt && deps.faults.fireOnce('fota-reboot')) return deps.reboot();
    deps.urc(`+TMSFOTA: ${req.target},${percent}`);
  }
  await deps.store.update((state) => ({ ...state, firmware: { ...state.firmware, [req.target]: checked.version } }));
  deps.cycle.check();
  deps.urc(`+TMSFOTA: ${req.target},"DONE"`);
  await deps.cycle.sleep(deps.stepMs);
  deps.reboot();
}
