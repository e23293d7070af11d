/** DeviceMcu over the TMS2 AT service commands, on the same AT engine as the Quectel module. */
import type { AtRunner } from '../quectel/at-runner.ts';
import { buildFotaCommand, buildMountingCommand, parseAcceleration, parseFotaUrc, parseMounting, parseVersions, TMS2_COMMANDS, type FotaEvent } from './commands.ts';
import { McuError } from './errors.ts';
import type { DeviceMcu, FirmwareApplyOptions, FirmwareApplyRequest } from './types.ts';

/** Default wait for `+TMSFOTA: <target>,"DONE"` after OK (the device flashes and verifies). */
export const FOTA_APPLY_TIMEOUT_MS = 10 * 60_000;

function tryParse(line: string): FotaEvent | undefined {
  try {
    return parseFotaUrc(line);
  } catch {
    return undefined;
  }
}

async function applyFirmware(at: AtRunner, request: FirmwareApplyRequest, options: FirmwareApplyOptions = {}): Promise<void> {
  const command = buildFotaCommand(request);
  const off = at.onUrc('+TMSFOTA:', (line) => {
    const event = tryParse(line);
    if (event?.kind === 'progress' && event.target === request.target) options.onProgress?.({ target: event.target, percent: event.percent });
  });
  try {
    const isEnd = (line: string) => {
      const event = tryParse(line);
      return event !== undefined && event.kind !== 'progress' && event.target === request.target;
    };
    const response = await at.run({
      command,
      infoPrefixes: [],
      deferred: { prefix: '+TMSFOTA:', timeoutMs: options.timeoutMs ?? FOTA_APPLY_TIMEOUT_MS, match: isEnd },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const end = parseFotaUrc(response.deferred ?? '');
    if (end.kind === 'error') {
      throw new McuError('fota-rejected', `AT+TMSFOTA: the device refused the ${end.target} image: ${end.reason}; the old firmware keeps running`, {
        command: 'AT+TMSFOTA',
        line: response.deferred,
        reason: end.reason,
      });
    }
  } finally {
    off();
  }
}

/** The TMS2 implementation of DeviceMcu. */
export function createTms2Mcu(at: AtRunner): DeviceMcu {
  return {
    readVersions: async () => parseVersions((await at.run(TMS2_COMMANDS.versions)).lines),
    readAcceleration: async () => parseAcceleration((await at.run({ command: TMS2_COMMANDS.acceleration, timeoutMs: 5_000 })).lines),
    writeMounting: async (angles) => {
      await at.run(buildMountingCommand(angles));
    },
    readMounting: async () => parseMounting((await at.run(TMS2_COMMANDS.mountingQuery)).lines),
    applyFirmware: (request, options) => applyFirmware(at, request, options),
  };
}
