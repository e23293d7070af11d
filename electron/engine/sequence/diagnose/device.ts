/**
 * `fieldlink diagnose`, identity and network: AT sync only (no ATE0, no CMEE: nothing in the module
 * changes), then the same readings as the identify step, and the data-service check without
 * activating a PDP context.
 */
import { checkService } from '../steps/data-service.ts';
import { identify, identifyStep } from '../steps/identify.ts';
import { passed, type SequenceStep } from '../step.ts';

/** The identify step with a plain AT sync instead of its initialisation, and no retry. */
export const diagnoseIdentity: SequenceStep = {
  ...identifyStep,
  retries: 0,
  run: (env) => identify(env, () => env.link.sync(env.signal)),
};

export const diagnoseDataService: SequenceStep = {
  id: 'data-service',
  needs: [],
  timeoutMs: 30_000,
  retries: 0,
  run: async (env) => passed(await checkService(env, false)),
};
