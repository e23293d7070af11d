/**
 * The user's settings in `<dataDir>/settings.json`. A missing, unreadable or partly invalid file
 * falls back to the defaults field by field, so a hand-edited typo never stops the app.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LanguageSchema, ResultsDbSettingSchema, SettingsSchema, ThemeSchema } from '../../shared/ipc.ts';
import type { Settings } from '../../shared/ipc.ts';
import { writeFileAtomically } from './atomic-file.ts';

export const SETTINGS_FILE = 'settings.json';
/** No language: until one is chosen the renderer follows the browser's language (first run). */
export const DEFAULT_SETTINGS: Readonly<Settings> = { theme: 'system' };
const FILE_MODE = 0o644;

export class SettingsStore {
  readonly file: string;
  #cached: Settings | undefined;
  /** Serialises updates so two quick setSettings calls cannot lose one another. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, SETTINGS_FILE);
  }

  async get(): Promise<Settings> {
    this.#cached ??= await this.#read();
    return { ...this.#cached };
  }

  /** Applies a (validated) partial update, writes it to disk and returns the full settings. */
  update(patch: Partial<Settings>): Promise<Settings> {
    const next = this.#queue.then(async () => {
      const merged = SettingsSchema.parse({ ...(await this.get()), ...definedOnly(patch) });
      await writeFileAtomically(this.file, `${JSON.stringify(merged, null, 2)}\n`, FILE_MODE);
      this.#cached = merged;
      return { ...merged };
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #read(): Promise<Settings> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
    const fields = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const language = LanguageSchema.safeParse(fields.language);
    const resultsDb = ResultsDbSettingSchema.safeParse(fields.resultsDb);
    return {
      ...(language.success ? { language: language.data } : {}),
      ...(resultsDb.success && resultsDb.data !== '' ? { resultsDb: resultsDb.data } : {}),
      theme: ThemeSchema.catch(DEFAULT_SETTINGS.theme).parse(fields.theme),
    };
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
