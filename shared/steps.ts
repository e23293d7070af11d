/**
 * The connect-sequence steps, in the order the runner executes them (docs/sequence.md).
 * The ids are the vocabulary shared by the runner, the events, the profile's per-step overrides,
 * the session log, the report and the UI.
 */
import { z } from 'zod';
import { formatMessage, type Language, type MessageKey } from './messages/index.ts';

export const STEP_IDS = [
  'identify',
  'ssl-configure',
  'data-service',
  'server-info',
  'calibration',
  'fota-main',
  'fota-sub',
  'mqtt-connect',
  'live-session',
] as const;

export type StepId = (typeof STEP_IDS)[number];
export const StepIdSchema = z.enum(STEP_IDS);

export type { Language };
export interface StepTitle {
  ko: string;
  en: string;
}

/** A step's title key in the catalogue; a step without a title there is a compile error. */
export const stepTitleKey = (id: StepId): `step.${StepId}` & MessageKey => `step.${id}`;

/** Every step's title in both languages, from the catalogue (shared/messages). */
export const STEP_TITLES: Readonly<Record<StepId, StepTitle>> = Object.fromEntries(
  STEP_IDS.map((id) => [id, { ko: formatMessage('ko', stepTitleKey(id)), en: formatMessage('en', stepTitleKey(id)) }]),
) as Record<StepId, StepTitle>;

/** The steps in order with their titles. */
export const STEPS: readonly { id: StepId; title: StepTitle }[] = STEP_IDS.map((id) => ({ id, title: STEP_TITLES[id] }));

export function stepTitle(id: StepId, lang: Language): string {
  return formatMessage(lang, stepTitleKey(id));
}

/** Position of a step in the sequence (0-based). */
export function stepIndex(id: StepId): number {
  return STEP_IDS.indexOf(id);
}
