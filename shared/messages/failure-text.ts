/**
 * A step failure in words: `failure.<CODE>.meaning` and `.hint` of the catalogue filled with the
 * failure's values, in the asked language. A code the catalogue does not know, or a failure
 * without values (a log written by another version), falls back to the English words it carries.
 */
import { formatMessage, isMessageKey, type Language, type MessageValues } from './index.ts';

export interface FailureWords {
  code: string;
  values?: MessageValues;
  /** The English rendering stored with the event (fallback only). */
  meaning?: string;
  hint?: string;
}

export function failureText(failure: FailureWords, lang: Language): { meaning: string; hint: string } {
  const meaningKey = `failure.${failure.code}.meaning`;
  const hintKey = `failure.${failure.code}.hint`;
  const values = failure.values;
  const known = isMessageKey(meaningKey) && isMessageKey(hintKey) && (values !== undefined || failure.meaning === undefined);
  const meaning = known ? formatMessage(lang, meaningKey, values) : (failure.meaning ?? failure.code);
  const hint = (known ? formatMessage(lang, hintKey, values) : (failure.hint ?? '')).trim();
  return { meaning, hint: hint || formatMessage(lang, 'failure.retryHint') };
}
