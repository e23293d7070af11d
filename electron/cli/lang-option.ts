/**
 * `--lang ko|en` for the commands that print results. Without it the environment's locale decides
 * (LC_ALL, then LC_MESSAGES, then LANG: `ko…` → Korean, anything else → English).
 */
import { Option } from 'commander';
import { LANGUAGES, languageFromEnv, type Language } from '../../shared/messages/index.ts';

export function langOption(env: Readonly<Record<string, string | undefined>> = process.env): Option {
  const fallback = languageFromEnv(env);
  return new Option('--lang <lang>', 'language of the output (default: from LC_ALL / LC_MESSAGES / LANG)').choices(LANGUAGES).default(fallback);
}

export type { Language };
