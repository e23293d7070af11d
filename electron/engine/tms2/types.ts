/**
 * What the host needs from the device's MCU (docs/sequence.md#tms2-service-commands), behind
 * one interface so another device protocol can replace the TMS2 AT commands.
 */

export type FirmwareTarget = 'main' | 'sub';

export interface FirmwareVersions {
  /** As the device prints it, e.g. `V1.02` or `TMS2_M_1.0.3` (normalised elsewhere). */
  main: string;
  sub: string;
}

/** Accelerometer reading in mg (averaged over 1 s by the device). */
export interface Acceleration {
  ax: number;
  ay: number;
  az: number;
}

/** Mounting angles in degrees: roll about X, pitch about Y (see calibration.ts). */
export interface MountingAngles {
  roll: number;
  pitch: number;
}

export interface FirmwareApplyRequest {
  target: FirmwareTarget;
  /** Module file holding the image, e.g. `UFS:main-1.4.0.bin` (a bare name gets `UFS:`). */
  file: string;
  size: number;
  /** 64 hex digits, from server-info. */
  sha256: string;
}

export interface FirmwareProgress {
  target: FirmwareTarget;
  percent: number;
}

export interface FirmwareApplyOptions {
  onProgress?: (progress: FirmwareProgress) => void;
  /** Whole apply, until DONE or ERROR (default FOTA_APPLY_TIMEOUT_MS). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface DeviceMcu {
  readVersions(): Promise<FirmwareVersions>;
  readAcceleration(): Promise<Acceleration>;
  /** Stores the mounting angles (RollInfo) in the device. */
  writeMounting(angles: MountingAngles): Promise<void>;
  readMounting(): Promise<MountingAngles>;
  /**
   * Applies an image already stored in the module's file system. Resolves on DONE (the device then
   * reboots); rejects with McuError('fota-rejected') when the device refuses the image.
   */
  applyFirmware(request: FirmwareApplyRequest, options?: FirmwareApplyOptions): Promise<void>;
}
