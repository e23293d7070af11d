/**
 * The renderer's door to the one message catalogue (shared/messages): UI words, step titles,
 * progress texts and failure words all come from there, in the language of the settings.
 */
import type { Language, StepId } from '../../shared/steps.ts';
import { stepTitle } from '../../shared/steps.ts';
import { CATALOGUES, LANGUAGES, formatMessage, languageFromLocale, translator } from '../../shared/messages/index.ts';
import type { MessageKey, MessageValues, Translate } from '../../shared/messages/index.ts';

export type { MessageKey, MessageValues, Translate };
export { LANGUAGES, translator };
export const MESSAGES = CATALOGUES;

export function translate(language: Language, key: MessageKey, values?: MessageValues): string {
  return formatMessage(language, key, values);
}

export function stepName(language: Language, step: StepId): string {
  return stepTitle(step, language);
}

/** The language a first run starts in: the browser's (navigator.language), Korean for `ko*`, else English. */
export function browserLanguage(nav: Pick<Navigator, 'language'> | undefined = globalThis.navigator): Language {
  return languageFromLocale(nav?.language);
}
