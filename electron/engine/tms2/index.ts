/** TMS2 device-MCU commands behind the DeviceMcu interface, and the calibration math. */
export type { Acceleration, DeviceMcu, FirmwareApplyOptions, FirmwareApplyRequest, FirmwareProgress, FirmwareTarget, FirmwareVersions, MountingAngles } from './types.ts';
export { McuError, type McuErrorDetails, type McuErrorKind } from './errors.ts';
export {
  ANGLE_LIMITS,
  TMS2_COMMANDS,
  buildFotaCommand,
  buildMountingCommand,
  moduleFirmwarePath,
  parseAcceleration,
  parseFotaUrc,
  parseMounting,
  parseVersions,
  type FotaEvent,
} from './commands.ts';
export { FOTA_APPLY_TIMEOUT_MS, createTms2Mcu } from './at-mcu.ts';
export {
  CalibrationError,
  correctReading,
  evaluateCalibration,
  measureTilt,
  readingAtRest,
  rotateX,
  rotateY,
  tiltFromVertical,
  type CalibrationResult,
  type Vector3,
} from './calibration.ts';
