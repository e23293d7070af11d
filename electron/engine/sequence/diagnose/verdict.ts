/**
 * `fieldlink diagnose`, the verdict (in the live-session slot, after every reading): the findings
 * the steps recorded, as one `diagnosis-verdict` event. Not provisioned yet (no certificates, no
 * calibration) passes: a new unit is not broken. Any fault fails this step with DIAG_FAULTS naming
 * them, so the exit code says "device" even for a fault no earlier step failed on (weak signal,
 * clock far off).
 */
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep } from '../step.ts';
import { verdictOf } from './findings.ts';

export const diagnoseVerdict: SequenceStep = {
  id: 'live-session',
  needs: [],
  timeoutMs: undefined,
  retries: 0,
  async run(env) {
    const verdict = verdictOf(env.ctx.diagnosis ?? []);
    env.emit(verdict);
    const faults = verdict.findings.filter((f) => f.severity === 'fault');
    if (faults.length > 0) throw new StepError('DIAG_FAULTS', { detail: faults.map((f) => `${f.code}: ${f.meaning}`).join('; ') });
    const pending = verdict.findings.filter((f) => f.severity === 'not-provisioned').map((f) => f.code);
    return verdict.overall === 'not-provisioned' ? passed('summary.diagVerdictPending', { pending: pending.join(', ') }) : passed('summary.diagVerdict', { overall: verdict.overall });
  },
};
