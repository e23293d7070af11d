/** A step's result with its catalogue words rendered in English, as the step-passed/step-skipped events carry them. */
import type { StepResult } from '../../electron/engine/sequence/step.ts';
import { formatMessage } from '../../shared/messages/index.ts';

export type EnglishStepResult = { status: 'passed'; summary: string } | { status: 'skipped'; reason: string };

export function english(result: StepResult): EnglishStepResult {
  if (result.status === 'passed') return { status: 'passed', summary: formatMessage('en', result.summary.key, result.summary.values) };
  return { status: 'skipped', reason: formatMessage('en', result.reason.key, result.reason.values) };
}
