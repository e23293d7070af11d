/**
 * Whether to install the server's firmware for one target (spec step 5): compare the versions
 * (semver after normalising the device's strings; an unreadable string is an error, never a silent
 * "no update"), refuse a downgrade unless the profile allows it (F3, logged), then follow the
 * policy: never / auto / ask (the UI or the terminal answers through `decide`).
 */
import { ref, type MessageRef } from '../../../../shared/messages/index.ts';
import type { FirmwareInfo } from '../../../../shared/server-info.ts';
import { compareFirmware } from '../../../../shared/version.ts';
import type { FirmwareTarget } from '../../tms2/types.ts';
import type { StepEnv } from '../step.ts';

/** `reason` says in catalogue words why nothing is installed (the step's skip reason). */
export type FotaPlan = { install: true; downgrade: boolean } | { install: false; reason: MessageRef };

export async function planUpdate(env: StepEnv, target: FirmwareTarget, current: string, offered: FirmwareInfo): Promise<FotaPlan> {
  const comparison = compareFirmware(current, offered.version);
  if (comparison === 'same') return { install: false, reason: ref('skip.fotaSame', { target, current, offered: offered.version }) };
  const downgrade = comparison === 'downgrade';
  if (downgrade && !env.profile.fota.allowDowngrade) {
    return { install: false, reason: ref('skip.fotaDowngrade', { target, offered: offered.version, current }) };
  }
  if (downgrade) env.progress('progress.fotaDowngradeAllowed', { current, offered: offered.version });
  env.emit({ type: 'fota-offer', target, current, offered: offered.version, size: offered.size });
  const change = `${target} ${current} → ${offered.version}`;
  switch (env.fotaPolicy) {
    case 'never':
      return { install: false, reason: ref('skip.fotaNever', { change }) };
    case 'auto':
      return { install: true, downgrade };
    case 'ask': {
      if (!env.decide) return { install: false, reason: ref('skip.fotaAskNobody', { change }) };
      const yes = await env.decide({ type: 'fota-offer', t: Date.now(), target, current, offered: offered.version, size: offered.size });
      return yes ? { install: true, downgrade } : { install: false, reason: ref('skip.fotaDeclined', { change }) };
    }
  }
}
