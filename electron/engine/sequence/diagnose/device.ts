/**
 * `fieldlink diagnose`, identity and network: AT sync only (no ATE0, no CMEE: nothing in the module
 * changes), then the same readings as the identify step, and the data-service check without
 * activating a PDP context.
 */
import { checkService } from '../steps/data-service.ts';
import { identitySummary, readDevice } from '../steps/identify.ts';
import { passed, type SequenceStep } from '../step.ts';

export const diagnoseIdentity: SequenceStep = {
  id: 'identify',
  needs: [],
  timeoutMs: 60_000,
  retries: 0,
  async run(env) {
    await env.link.sync(env.signal);
    const { identity, simProblem } = await readDevice(env);
    if (simProblem) throw simProblem;
    return passed(identitySummary(identity));
  },
};

export const diagnoseDataService: SequenceStep = {
  id: 'data-service',
  needs: [],
  timeoutMs: 30_000,
  retries: 0,
  run: async (env) => passed(await checkService(env, false)),
};
