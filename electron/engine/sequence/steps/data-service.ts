/**
 * Step 2 — SSL connect check: AT+QCDS, in service on "SRV". Firmware without AT+QCDS falls back
 * to registration (CEREG?/CREG? stat 1 or 5) plus an active PDP context (AT+QIACT?); a registered
 * module whose context is not active gets one AT+QIACT before the verdict.
 */
import { activatePdpContext, checkDataService, type DataServiceCheck } from '../../quectel/network.ts';
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep, type StepEnv } from '../step.ts';

function describeCheck(check: DataServiceCheck): string {
  if (check.method === 'qcds') return `AT+QCDS: ${check.details.status}${check.details.radio ? ` (${check.details.radio})` : ''}`;
  const { registration, context } = check.details;
  const pdp = context ? `context ${context.cid} active${context.ip ? ` (${context.ip})` : ''}` : 'no active PDP context';
  return `no AT+QCDS on this firmware; ${registration.command.slice(3, -1)} ${registration.meaning}, ${pdp}`;
}

/** The verdict with its words; `activate` allows one AT+QIACT (never in `fieldlink diagnose`). */
export async function checkService(env: StepEnv, activate: boolean): Promise<string> {
  const cid = env.profile.pdp.contextId;
  let check = await checkDataService(env.at, cid);
  if (activate && !check.inService && check.method === 'fallback' && check.details.registration.registered) {
    env.progress('progress.pdpActivating', { cid });
    await activatePdpContext(env.at, cid).catch(() => undefined);
    check = await checkDataService(env.at, cid);
  }
  const detail = describeCheck(check);
  env.ctx.dataService = { method: check.method, detail };
  if (check.inService) return detail;
  const registered = check.method === 'qcds' || check.details.registration.registered;
  const said = check.method === 'qcds' ? { command: 'AT+QCDS', moduleSaid: `+QCDS: ${check.details.fields.join(',')}` } : { command: 'AT+QIACT?' };
  throw new StepError(registered ? 'NO_DATA_SERVICE' : 'NOT_REGISTERED', { detail }, said);
}

export const dataServiceStep: SequenceStep = {
  id: 'data-service',
  needs: ['identity'],
  timeoutMs: 200_000,
  retries: 3,
  run: async (env) => passed('summary.detail', { detail: await checkService(env, true) }),
};
