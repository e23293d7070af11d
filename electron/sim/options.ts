/**
 * Options of one virtual TMS2 device, validated with zod at the boundary (createVirtualDevice,
 * the CLI, the `sim:` factory). Timings have a real-device default and a `fast` default.
 */
import { z } from 'zod';
import { SimError } from './errors.ts';

export const DEFAULT_IMEI = '867969066452788';
export const DEFAULT_BAUD = 115200;
export const DEFAULT_FIRMWARE = { main: '1.3.0', sub: '1.1.1' } as const;
/** UFS size of the emulated module (bytes); QFLDS="UFS" reports free and this total. */
export const DEFAULT_UFS_CAPACITY = 7_077_888;

const firmwareVersion = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[^"\r\n]+$/, { error: 'must not contain quotes or line breaks' });

const timingSchema = z.strictObject({
  /** Power-on to `RDY`. */
  bootDelayMs: z.number().int().min(0).optional(),
  /** Gap between the power-up URCs after `RDY`. */
  bootStepMs: z.number().int().min(0).optional(),
  /** Gap between `+TMSFOTA: <target>,<percent>` steps. */
  fotaStepMs: z.number().int().min(0).optional(),
  /** AT+TMSGS? averages the accelerometer over this long before answering. */
  gsensorAverageMs: z.number().int().min(0).optional(),
  /** Extra delay of every final result under the `slow-answers` fault. */
  slowAnswerMs: z.number().int().min(0).optional(),
  /** Extra delay of every final result under the `slow-unit` fault (still inside the host timeouts). */
  slowUnitAnswerMs: z.number().int().min(0).optional(),
  /** Download rate of AT+QHTTPREADFILE under the `slow-unit` fault (bytes per second). */
  slowUnitDownloadBytesPerSec: z.number().int().positive().optional(),
  /** AT+COPS=? manual network scan. */
  copsScanMs: z.number().int().min(0).optional(),
  /** Gap between the echo requests of AT+QPING. */
  pingIntervalMs: z.number().int().min(0).optional(),
});

export const virtualDeviceOptionsSchema = z.strictObject({
  imei: z.string().regex(/^\d{15}$/, { error: 'must be 15 digits' }).default(DEFAULT_IMEI),
  /** Root of persisted devices: `<stateDir>/<imei>/ufs/` and `<stateDir>/<imei>/state.json`. */
  stateDir: z.string().min(1).optional(),
  baud: z.number().int().min(300).max(4_000_000).default(DEFAULT_BAUD),
  /** Turns serial pacing off and shortens boot, FOTA and G-sensor timings. */
  fast: z.boolean().default(false),
  /** Fault scenario names (faults/table.ts). */
  faults: z.array(z.string()).default([]),
  /** Firmware versions of a device that has no state.json yet. */
  firmware: z.object({ main: firmwareVersion, sub: firmwareVersion }).default({ ...DEFAULT_FIRMWARE }),
  /** `korean` answers AT+QCDS (EC21-KL style); `global` answers ERROR to it. */
  flavour: z.enum(['korean', 'global']).default('korean'),
  /** Mounting tilt in degrees and noise (1-sigma, mg); omitted angles derive from the IMEI. */
  gsensor: z
    .strictObject({
      roll: z.number().min(-180).max(180).optional(),
      pitch: z.number().min(-90).max(90).optional(),
      noiseMg: z.number().min(0).max(500).optional(),
    })
    .default({}),
  ufsCapacity: z.number().int().positive().default(DEFAULT_UFS_CAPACITY),
  /** Host name → IP address used by the module's resolver before the system's (e.g. demo names). */
  hosts: z.record(z.string(), z.string()).default({}),
  timing: timingSchema.default({}),
});

export type VirtualDeviceOptions = z.input<typeof virtualDeviceOptionsSchema>;
export type ParsedOptions = z.output<typeof virtualDeviceOptionsSchema>;

export interface Timing {
  bootDelayMs: number;
  bootStepMs: number;
  fotaStepMs: number;
  gsensorAverageMs: number;
  slowAnswerMs: number;
  slowUnitAnswerMs: number;
  slowUnitDownloadBytesPerSec: number;
  copsScanMs: number;
  pingIntervalMs: number;
}

const REAL_TIMING: Timing = { bootDelayMs: 1500, bootStepMs: 120, fotaStepMs: 300, gsensorAverageMs: 1000, slowAnswerMs: 3500, slowUnitAnswerMs: 600, slowUnitDownloadBytesPerSec: 20_000, copsScanMs: 25_000, pingIntervalMs: 1000 };
const FAST_TIMING: Timing = { bootDelayMs: 30, bootStepMs: 2, fotaStepMs: 10, gsensorAverageMs: 20, slowAnswerMs: 3500, slowUnitAnswerMs: 150, slowUnitDownloadBytesPerSec: 200_000, copsScanMs: 60, pingIntervalMs: 5 };

export function resolveTiming(options: ParsedOptions): Timing {
  const base = options.fast ? FAST_TIMING : REAL_TIMING;
  const given = Object.fromEntries(Object.entries(options.timing).filter(([, value]) => value !== undefined));
  return { ...base, ...given };
}

export function parseOptions(input: VirtualDeviceOptions = {}): ParsedOptions {
  const result = virtualDeviceOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'options';
  throw new SimError('bad-options', `virtual device option ${field}: ${issue?.message ?? 'is invalid'}`);
}
