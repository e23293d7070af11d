/**
 * The one message catalogue (en.ts, ko.ts) and the helper that turns a code plus values into words.
 * Events, failures and the UI carry `MessageKey`s and values; whoever shows them (CLI, renderer,
 * report) calls `formatMessage` in the user's language. A value may itself be a message reference
 * (`{ key, values }`), rendered in the same language: a failure's `{codeHint}` is the CONNACK or
 * QMTSTAT word of the catalogue, not English text baked in by the engine. See docs/i18n.md.
 */
import { z } from 'zod';
import { en, type MessageKey } from './en.ts';
import { ko } from './ko.ts';

export type { MessageKey };
export type Language = 'ko' | 'en';
export const LANGUAGES: readonly Language[] = ['ko', 'en'];

export const CATALOGUES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, ko };
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];
const KEY_SET: ReadonlySet<string> = new Set(MESSAGE_KEYS);

export function isMessageKey(key: string): key is MessageKey {
  return KEY_SET.has(key);
}

export type PlainValue = string | number;
/** Another message of the catalogue used as a value (its own values may be references too). */
export interface MessageRef {
  key: MessageKey;
  values?: MessageValues;
}
export type MessageValue = PlainValue | MessageRef;
export type MessageValues = Readonly<Record<string, MessageValue>>;

export const ref = (key: MessageKey, values?: MessageValues): MessageRef => (values ? { key, values } : { key });

// ---- zod: events carry keys and values --------------------------------------------------------

export const MessageKeySchema = z.custom<MessageKey>((value) => typeof value === 'string' && isMessageKey(value), { message: 'unknown message key' });
const PlainValueSchema = z.union([z.string(), z.number()]);
export const MessageRefSchema: z.ZodType<MessageRef> = z.strictObject({
  key: MessageKeySchema,
  get values() {
    return MessageValuesSchema.optional();
  },
});
export const MessageValuesSchema: z.ZodType<MessageValues> = z.record(z.string(), z.union([PlainValueSchema, z.lazy(() => MessageRefSchema)]));

// ---- formatting --------------------------------------------------------------------------------

const PLACEHOLDER = /\{(\w+)\}/g;

/** The `{names}` a template uses, sorted and without repeats (the catalogue test compares them). */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))].sort();
}

function valueText(lang: Language, value: MessageValue): string {
  if (typeof value === 'object') return formatMessage(lang, value.key, value.values);
  return String(value);
}

/** The message `key` in `lang` with its `{name}` placeholders filled; a value nobody gave shows as `?`. */
export function formatMessage(lang: Language, key: MessageKey, values: MessageValues = {}): string {
  const template = CATALOGUES[lang][key];
  return template.replace(PLACEHOLDER, (_, name: string) => (values[name] === undefined ? '?' : valueText(lang, values[name])));
}

/** A translator bound to one language: `t('step.identify')`. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;
export function translator(lang: Language): Translate {
  return (key, values) => formatMessage(lang, key, values);
}

// ---- language choice ---------------------------------------------------------------------------

/** `ko`, `ko-KR`, `ko_KR.UTF-8` → ko; anything else (or nothing) → en. */
export function languageFromLocale(locale: string | undefined | null): Language {
  return /^ko(?:$|[-_.@])/i.test((locale ?? '').trim()) ? 'ko' : 'en';
}

/** The POSIX rule: LC_ALL, then LC_MESSAGES, then LANG — the first one set decides. */
export function languageFromEnv(env: Readonly<Record<string, string | undefined>>): Language {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return languageFromLocale(locale);
}
