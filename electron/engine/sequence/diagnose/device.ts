/**
 * `fieldlink diagnose`, identity and network: AT sync only (no ATE0, no CMEE: nothing in the module
 * changes), then the same readings as the identify step (firmware versions, SIM, operator, cell,
 * APN/PDP address, clock), and the data-service check without activating a PDP context. Each records
 * its findings (SIM, registration, signal, clock, data service) for the verdict.
 */
import { checkService } from '../steps/data-service.ts';
import { identify, identifyStep } from '../steps/identify.ts';
import { passed, type SequenceStep } from '../step.ts';
import { addFinding, failureDetail, networkFindings, recordFailure } from './findings.ts';

/** The identify step with a plain AT sync instead of its initialisation, and no retry. */
export const diagnoseIdentity: SequenceStep = {
  ...identifyStep,
  retries: 0,
  run: (env) =>
    identify(env, () => env.link.sync(env.signal), {
      readFailed: (error) => recordFailure(env.ctx, 'the device identity', error),
      read: ({ identity, simProblem }) => {
        if (simProblem) addFinding(env.ctx, 'NO_SIM', { detail: failureDetail(simProblem) });
        else addFinding(env.ctx, 'SIM_READY', { iccid: identity.status?.iccid ?? 'unknown' });
        networkFindings(env.ctx, identity);
      },
    }),
};

export const diagnoseDataService: SequenceStep = {
  id: 'data-service',
  needs: [],
  timeoutMs: 30_000,
  retries: 0,
  async run(env) {
    try {
      const summary = await checkService(env, false);
      addFinding(env.ctx, 'DATA_SERVICE_OK');
      return passed('summary.detail', { detail: summary });
    } catch (error) {
      addFinding(env.ctx, 'NO_DATA_SERVICE', { detail: failureDetail(error) });
      throw error;
    }
  },
};
