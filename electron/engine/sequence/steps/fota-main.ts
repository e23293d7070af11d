/**
 * Step 5a — main firmware: compare with the server, then (policy ask/auto/never, downgrade only
 * when allowed) download, apply, reboot, confirm. See ../fota/update.ts. No step retry: an update
 * is never re-sent blindly (F5); the download itself retries a cut transfer (F4).
 */
import { runFota } from '../fota/update.ts';
import type { SequenceStep } from '../step.ts';

export const fotaMainStep: SequenceStep = {
  id: 'fota-main',
  needs: ['identity', 'serverInfo'],
  timeoutMs: 20 * 60_000,
  retries: 0,
  run: (env) => runFota(env, 'main'),
};
