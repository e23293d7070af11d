/**
 * The terminal's command-list words: keys `commandLists.<key>` of the one ko/en catalogue
 * (shared/messages), rendered in the UI's language.
 */
import { formatMessage, type MessageKey } from '../../../shared/messages/index.ts';
import type { Language } from '../../../shared/steps.ts';
import type { ScriptIssueCode } from '../../../shared/command-list.ts';

type Prefixed = Extract<MessageKey, `commandLists.${string}`>;
export type CommandListWordKey = Prefixed extends `commandLists.${infer K}` ? K : never;

export type CommandListWords = (key: CommandListWordKey, values?: Record<string, string | number>) => string;

export function commandListWords(language: Language): CommandListWords {
  return (key, values) => formatMessage(language, `commandLists.${key}`, values);
}

export function issueWordKey(code: ScriptIssueCode): CommandListWordKey {
  return `issue.${code}`;
}
