/**
 * One firmware target's FOTA (spec step 5): plan (compare, downgrade rule, policy), download to
 * the module, apply, confirm, and always a fota-result event; the image file is deleted after.
 */
import { formatMessage } from '../../../../shared/messages/index.ts';
import { deleteFile } from '../../quectel/file.ts';
import type { FirmwareTarget } from '../../tms2/types.ts';
import { need } from '../context.ts';
import type { FotaOutcome } from '../context.ts';
import { classify, describe } from '../failures.ts';
import { passed, skipped, type StepEnv, type StepResult } from '../step.ts';
import { applyAndConfirm } from './apply.ts';
import { downloadImage, imageFileName } from './download.ts';
import { planUpdate } from './plan.ts';

function remember(env: StepEnv, target: FirmwareTarget, outcome: FotaOutcome): void {
  if (target === 'main') env.ctx.fotaMain = outcome;
  else env.ctx.fotaSub = outcome;
}

export async function runFota(env: StepEnv, target: FirmwareTarget): Promise<StepResult> {
  const identity = need(env.ctx, 'identity');
  const info = need(env.ctx, 'serverInfo').serverInfo.firmware[target];
  const current = target === 'main' ? identity.mainFw : identity.subFw;
  const plan = await planUpdate(env, target, current, info);
  if (!plan.install) {
    remember(env, target, { before: current, after: current, updated: false, note: formatMessage('en', plan.reason.key, plan.reason.values) });
    return skipped(plan.reason.key, plan.reason.values);
  }
  try {
    const file = await downloadImage(env, target, info, current);
    const after = await applyAndConfirm(env, target, info, file, current);
    const message = `${target} firmware updated ${current} → ${after}`;
    remember(env, target, { before: current, after, updated: true, note: message });
    env.emit({ type: 'fota-result', target, before: current, after, ok: true, message });
    return passed('summary.fotaUpdated', { target, before: current, after });
  } catch (error) {
    const now = target === 'main' ? identity.mainFw : identity.subFw;
    const { failure } = describe(classify(error), { step: env.id, port: env.link.port });
    env.emit({ type: 'fota-result', target, before: current, after: now, ok: false, message: failure.meaning });
    remember(env, target, { before: current, after: now, updated: false, note: failure.meaning });
    throw error;
  } finally {
    if (env.link.isOpen && !env.signal.aborted) await deleteFile(env.at, imageFileName(target), { missingOk: true }).catch(() => undefined);
  }
}
