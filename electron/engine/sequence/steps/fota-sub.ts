/**
 * Step 5b — sub firmware: the same as fota-main for the sub MCU (../fota/update.ts).
 */
import { runFota } from '../fota/update.ts';
import type { SequenceStep } from '../step.ts';

export const fotaSubStep: SequenceStep = {
  id: 'fota-sub',
  needs: ['identity', 'serverInfo'],
  timeoutMs: 20 * 60_000,
  retries: 0,
  run: (env) => runFota(env, 'sub'),
};
