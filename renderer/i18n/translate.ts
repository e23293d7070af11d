/** Looks up a UI string in the active language's table and fills in `{name}` values. */
import type { Language, StepId } from '../../shared/steps.ts';
import { stepTitle } from '../../shared/steps.ts';
import { en } from './en.ts';
import type { MessageKey } from './en.ts';
import { ko } from './ko.ts';

export type { MessageKey };
export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

export const MESSAGES: Record<Language, Record<MessageKey, string>> = { en, ko };
export const LANGUAGES: readonly Language[] = ['ko', 'en'];

export function translate(language: Language, key: MessageKey, values?: MessageValues): string {
  const template = MESSAGES[language][key];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function translator(language: Language): Translate {
  return (key, values) => translate(language, key, values);
}

export function stepName(language: Language, step: StepId): string {
  return stepTitle(step, language);
}
